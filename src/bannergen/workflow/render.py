"""Chain the stages for one product: Job → compose → Scene → PDF → (rasterise) → file."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bannergen.atomic import write_atomic
from bannergen.errors import UserError
from bannergen.i18n import Measure, Msg, os_reason
from bannergen.inputs.formats import (
    FORMATS,
    JPEG,
    PIXEL_BUDGET,
    check_bleed,
    normalise_pdfx,
    check_cmyk,
    check_dpi,
    normalise_format,
)
from bannergen.inputs.job import Job
from bannergen.inputs.units import PX_PER_IN
from bannergen.layout.compose import compose
from bannergen.output.pdf import PdfOptions, render_pdf
from bannergen.scene import Scene

if TYPE_CHECKING:
    from bannergen.inputs.catalog import Catalogue


@dataclass(frozen=True)
class Output:
    """What to write: the format, the DPI for raster formats and how to paint the PDF.

    A raster shows the trim, or the bleed box with `raster_bleed`; PDF/X applies to PDF files
    only (a raster of a PDF/X order line is a plain raster of the same page)."""

    fmt: str = "pdf"
    dpi: float | None = None
    pdf: PdfOptions = PdfOptions()
    raster_bleed: bool = False


def check_raster(job: Job, dpi: float, scale: int = 1, cmyk: bool = False,
                 fmt: str = "png") -> None:
    """Refuse a DPI or pixel count that no printer needs, before any memory is allocated."""
    if cmyk:
        check_cmyk(fmt)
    check_dpi(dpi)
    width, height = raster_pixels(job, dpi, scale)
    # The hints name the highest --dpi that fits; a 1:N page is N times smaller, so N times more.
    if width * height > PIXEL_BUDGET:
        max_dpi = int((PIXEL_BUDGET / (job.size.width_mm * job.size.height_mm)) ** 0.5 * 25.4
                      * scale)
        raise UserError("pixel_budget", width=width, height=height,
                        limit=PIXEL_BUDGET // 1_000_000, max_dpi=max_dpi, value=f"{dpi:g}")
    if fmt == JPEG.name and max(width, height) > JPEG.max_side:
        longer = max(job.size.width_mm, job.size.height_mm)
        raise UserError("jpeg_too_large", width=width, height=height, limit=JPEG.max_side,
                        max_dpi=int(JPEG.max_side * scale / longer * 25.4), value=f"{dpi:g}")


def raster_pixels(job: Job, dpi: float, scale: int = 1) -> tuple[int, int]:
    """The pixel size of `job` rasterised at `dpi`: a 1:N file's page is N times smaller."""
    return job.size.pixels(dpi / scale)


def default_name(job: Job, fmt: str, scale: int = 1) -> str:
    """A name that says what the file is: slogan, template, size (and 1-N for a 1:N file)."""
    prefix = f"{job.slogan_id:02d}-{job.slug}" if job.slogan_id is not None else job.slug
    suffix = f"_1-{scale}" if scale != 1 else ""
    return f"{prefix}_{job.template.name}_{job.size.label}{suffix}.{fmt}"


def draft_slug(text: str) -> str:
    """A safe ASCII file-name part for free text: 'ban-nhap-' and the text without diacritics."""
    from bannergen.inputs.model import name_part

    words = name_part(text)
    return "ban-nhap" + (f"-{words}" if words else "")


@dataclass(frozen=True)
class RenderRequest:
    """What `bannergen render` was asked for, as the user typed it (checked by plan_render)."""

    slogans: tuple[str, ...] = ()
    text: str | None = None
    event: Path | None = None
    template: str | None = None
    size: str | None = None
    fmt: str | None = None
    dpi: float | None = None
    output: Path | None = None
    output_folder: bool = False  # `-o NAME/`: a folder (made if missing), whatever NAME looks like
    draft: bool = False
    bleed: float | None = None
    marks: bool = False
    cmyk: bool = False
    outline_text: bool = False
    scale: str | None = None
    grommet_marks: bool = False
    logo: Path | None = None
    occasion: str | None = None
    pdfx: str | None = None
    raster_bleed: bool = False


@dataclass(frozen=True)
class Defaults:
    """What the office's settings add to a request: who signs, its logo, where files go."""

    office: str | None = None
    logo: Path | None = None
    folder: Path | None = None
    list_command: str = "bannergen list"  # how to list the catalogue in use, for hints


@dataclass(frozen=True)
class Product:
    """One file to make: the job and where it goes."""

    job: Job
    path: Path


@dataclass(frozen=True)
class RenderPlan:
    """Every file a request makes, all checked and named before the first is rendered."""

    output: Output
    products: tuple[Product, ...]


def plan_render(request: RenderRequest, load_catalogue: Callable[[], Catalogue], *,
                today: dt.date, defaults: Defaults = Defaults(),
                catalogue_named: bool = False) -> RenderPlan:
    """Check a render request and turn it into jobs and file names; nothing is drawn yet.

    `load_catalogue` is called only when the request needs the catalogue: always for slogans;
    for free text (a draft) or an event only when the user chose a catalogue
    (`catalogue_named`), whose office then signs it.
    """
    from bannergen.inputs.catalog import user_text
    from bannergen.inputs.images import read_logo
    from bannergen.inputs.templates import default_template, load_templates
    from bannergen.inputs.units import parse_scale, parse_size

    check_bleed(request.bleed)
    pdf = PdfOptions(cmyk=request.cmyk, outline_text=request.outline_text, marks=request.marks,
                     grommet_marks=request.grommet_marks,
                     scale=parse_scale(request.scale) if request.scale else 1,
                     date=today.isoformat(), pdfx=normalise_pdfx(request.pdfx))
    if request.event is not None:
        # An event is the office's own facts (a congress's title and term), not a slogan: no
        # draft mark, and never mixed with the catalogue's slogans.
        if request.slogans or request.text is not None:
            raise UserError("event_and_slogans")
        from bannergen.inputs.event import load_event

        event = load_event(request.event)
        catalogue = load_catalogue() if catalogue_named else None
    elif request.text is not None:
        # Only approved text goes to print: free text is a draft, and says so on its face.
        if not request.draft:
            raise UserError("text_needs_draft", value=request.text[:40],
                            command=defaults.list_command)
        if request.slogans:
            raise UserError("text_and_slogans")
        free_text = user_text(request.text, field="--text")
        catalogue = load_catalogue() if catalogue_named else None
    else:
        if not request.slogans:
            raise UserError("no_slogan_given", command=defaults.list_command)
        catalogue = load_catalogue()
        chosen = [catalogue.find(ref) for ref in request.slogans]
    office = defaults.office or (catalogue.office if catalogue is not None else None)
    size = parse_size(request.size) if request.size else None
    name = request.template
    if name is None:  # a size in pixels is a screen; an event defaults to its backdrop
        name = default_template(size, event=request.event is not None)
    template = load_templates().get(name)
    size = size or template.default_size
    output, fmt = request.output, request.fmt
    into_folder = output is not None and (request.output_folder or output.is_dir())
    if fmt is None and output is not None and output.suffix and not into_folder:
        fmt = output.suffix  # `-o banner.png` says the format
    spec = Output(fmt=normalise_format(fmt or "pdf"), dpi=request.dpi, pdf=pdf,
                  raster_bleed=request.raster_bleed)
    if pdf.pdfx and spec.fmt != "pdf":
        raise UserError("pdfx_needs_pdf", value=spec.fmt)
    logo = request.logo or defaults.logo
    extra = {"draft": request.draft, "bleed_mm": request.bleed,
             "logo": read_logo(logo) if logo else None,
             "occasion": user_text(request.occasion, field="--occasion") if request.occasion
             else None}
    if request.event is not None:
        jobs = [Job.for_event(event, template, size, office=office, **extra)]
    elif request.text is not None:
        jobs = [Job(text=free_text, template=template, size=size, slug=draft_slug(free_text),
                    office=office, **extra)]
    else:
        jobs = [Job.for_slogan(s, template, size, office=office, **extra) for s in chosen]
    many = len(jobs) > 1
    if many and output is not None and output.exists() and not output.is_dir():
        raise UserError("output_many_needs_dir", value=str(output))
    products = []
    for job in jobs:
        file_name = default_name(job, spec.fmt, pdf.scale)
        if output is None:
            path = defaults.folder / file_name if defaults.folder is not None else Path(file_name)
        elif many or into_folder:  # a folder takes one file as well as several
            path = output / file_name
        else:
            path = output
        prepare_destination(path)
        products.append(Product(job, path))
    return RenderPlan(spec, tuple(products))


def finished(job: Job, output: Output) -> list[tuple[str, dict]]:
    """What was made, in the printer's terms: the finished size and the bleed around it (so that
    nobody wonders why the A4 file measures 216 × 303 mm), and for office sheets why there is
    none. Message keys and parameters."""
    size = Measure(job.size.width_mm / 10, job.size.height_mm / 10, unit="cm")
    said: list[tuple[str, dict]] = []
    if job.size.px is not None:  # a screen image: its size is its pixels
        width, height = job.size.pixels(output_dpi(job, output) / output.pdf.scale)
        return [("finished_pixels", {"width": width, "height": height})]
    if output.fmt != "pdf":
        dpi = output_dpi(job, output)
        width, height = job.size.pixels(dpi / output.pdf.scale)
        said.append(("finished_raster", {"size": size, "width": width, "height": height,
                                         "dpi": f"{dpi:g}"}))
    elif job.bleed:
        bleed = Measure(job.bleed / 10, unit="cm") if job.bleed % 10 == 0 else \
            Measure(job.bleed, unit="mm")
        if output.pdf.marks or output.pdf.scale != 1:  # the page is larger, or reduced
            said.append(("finished_bleed_only", {"size": size, "bleed": bleed}))
        else:
            page = Measure(job.size.width_mm / 10 + job.bleed / 5,
                           job.size.height_mm / 10 + job.bleed / 5, unit="cm")
            said.append(("finished_bleed", {"size": size, "bleed": bleed, "page": page}))
    else:
        said.append(("finished_no_bleed", {"size": size}))
    if job.bleed_mm is None and job.office_sheet and job.template.bleed_mm:
        said.append(("office_sheet_no_bleed", {"bleed": f"{job.template.bleed_mm:g}"}))
    return said


def notes(job: Job, output: Output) -> list[tuple[str, dict]]:
    """Things the user should know about a file (message key, parameters): what was made, and
    e.g. the UserUnit."""
    said = finished(job, output)
    if output.fmt != "pdf":
        return said
    from bannergen.inputs.units import PT_PER_MM, mm
    from bannergen.output.prepress import boxes, user_unit_for

    bleed = mm(job.bleed)
    media, _, trim = boxes(job.size.width_pt, job.size.height_pt, bleed, marks=output.pdf.marks,
                           scale=output.pdf.scale)
    unit = user_unit_for(media)
    if unit == 1.0:
        return said
    length = max(trim.width, trim.height) / PT_PER_MM
    return [*said, ("note_user_unit", {"length": f"{length:.0f}", "unit": f"{unit:.6g}",
                                       "unit_name": f"{unit / PT_PER_MM:g} mm"})]


def check_print(job: Job, options: PdfOptions, value: str | None = None) -> None:
    """Refuse what the options' PDF/X level forbids for this job, from its size alone (before
    any layout): a page PDF/X-1a cannot hold, a draft's transparency. `value` names the option
    in the message (`--pdfx 1a`, `pdfx: 1a`)."""
    if not options.pdfx:
        return
    from bannergen.inputs.units import mm
    from bannergen.output import pdfx
    from bannergen.output.prepress import boxes, user_unit_for

    media, _, _ = boxes(job.size.width_pt, job.size.height_pt, mm(job.bleed),
                        marks=options.marks, scale=options.scale)
    try:
        pdfx.check(options.pdfx, draft=job.draft, user_unit=user_unit_for(media),
                   length_mm=max(job.size.width_mm, job.size.height_mm))
    except UserError as exc:
        raise UserError(exc.key, **{**exc.params, "value": value or exc.value}) from None


def logo_resolution(job: Job, scene: Scene | None = None) -> tuple[str, float] | None:
    """(file name, pixels per inch) of the job's logo at the size it is printed, or None."""
    from bannergen.scene import Image

    if job.logo is None:
        return None
    for item in (scene or compose(job)).items:
        if isinstance(item, Image) and item.box.width > 0:
            return job.logo.name, job.logo.width_px / (item.box.width / 72)
    return None


# A template that puts its flags at the left sets a long text across a wide page; one that puts
# them on top stacks it down a tall one. On a page of the other shape the text fills a thin strip
# (a horizontal banner on 100 × 100 cm: 12 % of the height), so the user is told which fits.
WIDE_ENOUGH = 1.5  # width ÷ height: A-series landscape (1.41) is still a poster's


def warnings(job: Job, scene: Scene | None = None) -> list[tuple[str, dict]]:
    """What the user should check before printing (message key, parameters): a logo coarser
    than its template's `logo.min_ppi` at print size shows its pixels on the banner; a
    template set on a page of the other shape leaves most of it empty."""
    found: list[tuple[str, dict]] = []
    aspect = job.size.width_mm / job.size.height_mm
    flags = job.template.flags.position
    if job.template.layout == "slogan" and (flags == "left" and aspect < WIDE_ENOUGH
                                            or flags == "top" and aspect > WIDE_ENOUGH * 2):
        found.append(("template_wrong_shape", {
            "template": job.template.name, "size": job.size.label,
            "shape": Msg("shape_wide" if flags == "left" else "shape_tall"),
            "suggest": _templates_with_flags("top" if flags == "left" else "left")}))
    minimum = job.template.logo.min_ppi
    logo = logo_resolution(job, scene) if minimum else None
    if logo is not None and logo[1] < minimum:
        name, ppi = logo
        found.append(("logo_low_ppi", {"value": name, "ppi": f"{ppi:.0f}",
                                       "minimum": f"{minimum:g}", "template": job.template.name}))
    return found


def _templates_with_flags(position: str) -> str:
    """The slogan templates whose flags stand at `position`: those made for the other shape of
    page (the templates folder may hold more than the bundled ones)."""
    from bannergen.inputs.templates import load_templates

    return ", ".join(sorted(t.name for t in load_templates().for_slogans
                            if t.flags.position == position))


def output_dpi(job: Job, output: Output) -> float:
    """The raster DPI: the one asked for; for a size in pixels, 96 (the size is exact there);
    else the template's."""
    if output.dpi is not None:
        return output.dpi
    return PX_PER_IN if job.size.px is not None else job.template.dpi


def render_job(job: Job, output: Output, path: Path,
               on_scene: Callable[[Scene, float | None], None] | None = None) -> Path:
    """Render one job to `path` atomically; returns the path written.

    `on_scene(scene, dpi)` lets a caller report the layout (lines, type size); dpi is None for PDF.
    """
    if output.pdf.condition is None:  # the template's output condition, else FOGRA39
        from bannergen.output.colour import condition_for

        output = replace(output, pdf=replace(
            output.pdf, condition=condition_for(job.template.output_condition)))
    dpi = output_dpi(job, output)
    if output.fmt != "pdf":
        check_raster(job, dpi, output.pdf.scale, output.pdf.cmyk, output.fmt)
    scene = compose(job)
    if on_scene is not None:
        on_scene(scene, dpi if output.fmt != "pdf" else None)
    if output.fmt == "pdf":
        write_atomic(path, render_pdf(scene, output.pdf))
    else:
        # Pixels come from the RGB page: PDFium's own CMYK → RGB is naive, and CMYK pixels are
        # separated from RGB by colour.CmykPixels, which knows each flat colour's inks.
        options = replace(output.pdf, cmyk=False, pdfx=None)
        write_raster(render_pdf(scene, options), scene, output.pdf, path, output.fmt, dpi,
                     bleed=output.raster_bleed)
    return path


def write_raster(pdf: bytes, scene: Scene, options: PdfOptions, path: Path, fmt: str,
                 dpi: float, bleed: bool = False) -> None:
    """Rasterise the PDF painted from `scene` under `options`; an OS failure is a user error.

    The page geometry comes from the sheet the painter laid out: PDFium cannot read /UserUnit,
    and the raster output need not parse the PDF again to learn what was just decided here.
    With `options.cmyk` a TIFF is CMYK: the scene's flat colours in their declared inks, the
    rest (logos, edges, blends) through the output condition's profile.
    """
    from bannergen.output.colour import CmykPixels, flat_colours, scene_colours
    from bannergen.output.pdf import sheet_for
    from bannergen.output.raster import ImageTooLargeError, rasterise

    sheet = sheet_for(scene, options)
    cmyk = None
    if options.process_cmyk and FORMATS[fmt].cmyk:  # PNG, JPEG, WebP are RGB by definition
        cmyk = CmykPixels(flat_colours(scene_colours(scene, sheet.marks)),
                          options.output_condition.profile)
    try:
        rasterise(pdf, path, fmt, dpi, user_unit=sheet.user_unit, cmyk=cmyk or False,
                  bleed=bleed)
    except ImageTooLargeError as exc:
        raise UserError("image_too_large", value=fmt, width=exc.width_px,
                        height=exc.height_px, limit=exc.limit) from None
    except OSError as exc:  # the disk filled up, the folder vanished: no file is left behind
        raise UserError("output_not_writable", value=str(path), reason=os_reason(exc)) from None


def prepare_destination(path: Path) -> None:
    """Fail early, with a clear message, when the file cannot be written there."""
    if path.is_dir():
        raise UserError("output_is_directory", value=str(path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError("output_not_writable", value=str(parent), reason=os_reason(exc)) from None
    if not parent.is_dir():
        raise UserError("output_not_writable", value=str(parent), reason=Msg("reason_not_directory"))
    # os.access says yes to root and knows nothing of read-only mounts or /proc: really try.
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise UserError("output_not_writable", value=str(parent), reason=os_reason(exc)) from None


