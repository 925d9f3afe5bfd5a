"""Chain the stages for one product: Job → compose → Scene → PDF → (rasterise) → file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bannergen.atomic import atomic_output
from bannergen.errors import UserError
from bannergen.i18n import Measure, Msg, os_reason
from bannergen.inputs.formats import FORMATS, JPEG, PIXEL_BUDGET, check_cmyk, check_dpi
from bannergen.inputs.job import Job
from bannergen.inputs.units import PX_PER_IN, Size
from bannergen.layout.compose import compose
from bannergen.output.pdf import PdfOptions, render_pdf
from bannergen.scene import Scene


@dataclass(frozen=True)
class Output:
    """What to write: the format, the DPI for raster formats and how to paint the PDF."""

    fmt: str = "pdf"
    dpi: float | None = None
    pdf: PdfOptions = PdfOptions()


def check_raster(job: Job, dpi: float, scale: int = 1, cmyk: bool = False,
                 fmt: str = "png") -> None:
    """Refuse a DPI or pixel count that no printer needs, before any memory is allocated."""
    if cmyk:
        check_cmyk(fmt)
    check_dpi(dpi)
    width, height = job.size.pixels(dpi / scale)
    if width * height > PIXEL_BUDGET:
        max_dpi = int((PIXEL_BUDGET / (job.size.width_mm * job.size.height_mm)) ** 0.5 * 25.4)
        raise UserError("pixel_budget", width=width, height=height,
                        limit=PIXEL_BUDGET // 1_000_000, max_dpi=max_dpi, value=f"{dpi:g}")
    if fmt == JPEG.name and max(width, height) > JPEG.max_side:
        longer = max(job.size.width_mm, job.size.height_mm)
        raise UserError("jpeg_too_large", width=width, height=height, limit=JPEG.max_side,
                        max_dpi=int(JPEG.max_side / longer * 25.4), value=f"{dpi:g}")


def default_name(job: Job, fmt: str, scale: int = 1) -> str:
    """A name that says what the file is: slogan, template, size (and 1-N for a 1:N file)."""
    prefix = f"{job.slogan_id:02d}-{job.slug}" if job.slogan_id is not None else job.slug
    suffix = f"_1-{scale}" if scale != 1 else ""
    return f"{prefix}_{job.template.name}_{job.size.label}{suffix}.{fmt}"


def draft_slug(text: str) -> str:
    """A safe ASCII file-name part for free text: 'ban-nhap-' and the text without diacritics."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40].strip("-")
    return "ban-nhap" + (f"-{words}" if words else "")


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


def output_dpi(job: Job, output: Output) -> float:
    """The raster DPI: the one asked for; for a size in pixels, 96 (the size is exact there);
    else the template's."""
    if output.dpi is not None:
        return output.dpi
    return PX_PER_IN if job.size.px is not None else job.template.dpi


def default_template(size: Size | None) -> str:
    """The template when none is named: the screen template for a size in pixels, else the
    horizontal banner."""
    return "man-hinh" if size is not None and size.px is not None else "bang-ron"


def render_job(job: Job, output: Output, path: Path,
               on_scene: Callable[[Scene, float | None], None] | None = None) -> Path:
    """Render one job to `path` atomically; returns the path written.

    `on_scene(scene, dpi)` lets a caller report the layout (lines, type size); dpi is None for PDF.
    """
    dpi = output_dpi(job, output)
    if output.fmt != "pdf":
        check_raster(job, dpi, output.pdf.scale, output.pdf.cmyk, output.fmt)
    scene = compose(job)
    if on_scene is not None:
        on_scene(scene, dpi if output.fmt != "pdf" else None)
    pdf = render_pdf(scene, output.pdf)
    if output.fmt == "pdf":
        write_atomic(path, pdf)
    else:
        write_raster(pdf, scene, output.pdf, path, output.fmt, dpi)
    return path


def write_raster(pdf: bytes, scene: Scene, options: PdfOptions, path: Path, fmt: str,
                 dpi: float) -> None:
    """Rasterise the PDF painted from `scene` under `options`; an OS failure is a user error.

    The page geometry comes from the sheet the painter laid out: PDFium cannot read /UserUnit,
    and the raster output need not parse the PDF again to learn what was just decided here.
    """
    from bannergen.output.prepress import boxes, user_unit_for
    from bannergen.output.raster import ImageTooLargeError, rasterise

    media, _, _ = boxes(scene.width, scene.height, scene.bleed, marks=options.marks,
                        scale=options.scale)
    try:
        rasterise(pdf, path, fmt, dpi, user_unit=user_unit_for(media),
                  cmyk=options.cmyk and FORMATS[fmt].cmyk)
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


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` so that `path` appears only when complete; an OS failure is a user error."""
    try:
        with atomic_output(path) as handle:
            handle.write(data)
    except OSError as exc:
        raise UserError("output_not_writable", value=str(path), reason=os_reason(exc)) from None
