"""Render every slogan on every template to small PNGs and a contact sheet, for review by eye."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bannergen.inputs.catalog import Catalogue
from bannergen.inputs.job import Job
from bannergen.inputs.templates import TemplateSet
from bannergen.layout.compose import compose
from bannergen.output.pdf import render_pdf

CELL = (420, 260)     # px, the largest thumbnail of the contact sheet
COLUMNS = 4
PREVIEW_LONG_SIDE = 1200  # px, each preview PNG
SHEET_DPI = 96  # the contact sheet is looked at on a screen


@dataclass(frozen=True)
class GalleryResult:
    previews: tuple[Path, ...]
    sheet: Path


def _preview(job: Job, path: Path, long_side: int) -> None:
    """A preview PNG made the way every raster output is made (PDF → PDFium strips → PNG), at
    the DPI that gives the long side `long_side` pixels; it shows the trim, not the bleed."""
    from bannergen.output.pdf import PdfOptions
    from bannergen.workflow.render import write_raster

    dpi = long_side / (max(job.size.width_mm, job.size.height_mm) / 25.4)
    scene = compose(job)
    write_raster(render_pdf(scene), scene, PdfOptions(), path, "png", dpi)


def thumb_size(width_mm: float, height_mm: float) -> tuple[int, int]:
    """A page's thumbnail: as large as fits CELL, in the page's proportions."""
    cell_w, cell_h = CELL
    aspect = width_mm / height_mm
    if aspect >= cell_w / cell_h:
        return cell_w, max(1, round(cell_w / aspect))
    return max(1, round(cell_h * aspect)), cell_h


def make_gallery(catalog: Catalogue, templates: TemplateSet, out_dir: Path,
                 progress: Callable[[str], None] = lambda label: None,
                 office: str | None = None) -> GalleryResult:
    """Every slogan × every template at its default size: previews and one contact sheet.

    The sheet is streamed to disk a band at a time (a template's heading, then each row of
    thumbnails as soon as it is full): memory stays that of one preview and one band, whatever
    the number of slogans. Its layout is known before anything is drawn, since every thumbnail
    of a template has the proportions of the template's default size.
    """
    import unicodedata

    from PIL import Image, ImageDraw, ImageFont

    from bannergen.atomic import atomic_output
    from bannergen.layout.fonts import font_path
    from bannergen.output.raster import registry

    out_dir.mkdir(parents=True, exist_ok=True)
    label_font = ImageFont.truetype(str(font_path("BeVietnamPro-Bold.ttf")), 18)
    small_font = ImageFont.truetype(str(font_path("BeVietnamPro-Regular.ttf")), 14)
    pad, header, caption = 12, 34, 22
    cell_w = CELL[0]
    width = COLUMNS * (cell_w + pad) + pad
    count = len(catalog.slogans)
    lines = -(-count // COLUMNS)
    sizes = {t.name: thumb_size(t.default_size.width_mm, t.default_size.height_mm)
             for t in templates.for_slogans}
    row_h = {name: size[1] + caption for name, size in sizes.items()}
    height = pad + sum(header + lines * (row_h[t.name] + pad) for t in templates.for_slogans)
    previews: list[Path] = []
    sheet_path = out_dir / "contact-sheet.png"
    with atomic_output(sheet_path) as handle:
        encoder = registry.lookup("png").open(handle, width, height, SHEET_DPI, cmyk=False)
        try:
            def emit(band: Image.Image) -> None:
                encoder.write(memoryview(band.tobytes()))

            top = Image.new("RGB", (width, pad), "white")
            emit(top)
            for template in templates.for_slogans:
                # Drawn without shaping (Pillow's basic layout): composed (NFC) letters only.
                title = unicodedata.normalize(
                    "NFC", f"{template.name} — {template.title} ({template.default_size.label})")
                band = Image.new("RGB", (width, header), "white")
                ImageDraw.Draw(band).text((pad, 0), title, fill="black", font=label_font)
                emit(band)
                tw, th = sizes[template.name]
                for first in range(0, count, COLUMNS):
                    band = Image.new("RGB", (width, row_h[template.name] + pad), "white")
                    draw = ImageDraw.Draw(band)
                    for column, slogan in enumerate(catalog.slogans[first:first + COLUMNS]):
                        job = Job.for_slogan(slogan, template,
                                             office=office or catalog.office)
                        progress(f"{template.name} {slogan.id}")
                        path = out_dir / f"{template.name}-{slogan.id:02d}.png"
                        _preview(job, path, PREVIEW_LONG_SIDE)
                        previews.append(path)
                        with Image.open(path) as image:
                            thumb = image.convert("RGB").resize(
                                (tw, th), Image.Resampling.BICUBIC, reducing_gap=2.0)
                        x = pad + column * (cell_w + pad)
                        band.paste(thumb, (x, 0))
                        draw.text((x, th + 2), str(slogan.id), fill="black", font=small_font)
                    emit(band)
            encoder.finish()
        finally:
            encoder.close()
    return GalleryResult(tuple(previews), sheet_path)
