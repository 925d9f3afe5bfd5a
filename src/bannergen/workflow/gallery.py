"""Render every slogan on every template to small PNGs and a contact sheet, for review by eye."""

from __future__ import annotations

import io
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


def make_gallery(catalog: Catalogue, templates: TemplateSet, out_dir: Path,
                 progress: Callable[[str], None] = lambda label: None,
                 office: str | None = None) -> GalleryResult:
    """Every slogan × every template at its default size: previews and one contact sheet."""
    from PIL import Image, ImageDraw, ImageFont

    from bannergen.layout.fonts import font_path
    from bannergen.workflow.render import write_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    label_font = ImageFont.truetype(str(font_path("BeVietnamPro-Bold.ttf")), 18)
    small_font = ImageFont.truetype(str(font_path("BeVietnamPro-Regular.ttf")), 14)
    previews: list[Path] = []
    rows = []
    for template in templates.templates:
        thumbs = []
        for slogan in catalog.slogans:
            job = Job.for_slogan(slogan, template, office=office or catalog.office)
            progress(f"{template.name} {slogan.id}")
            path = out_dir / f"{template.name}-{slogan.id:02d}.png"
            _preview(job, path, PREVIEW_LONG_SIDE)
            previews.append(path)
            with Image.open(path) as image:
                thumb = image.convert("RGB")
            thumb.thumbnail(CELL)
            thumbs.append((slogan.id, thumb))
        rows.append((template, thumbs))

    # A grid per template: COLUMNS cells of CELL px, the template's name above it.
    pad, header = 12, 34
    cell_w, cell_h = CELL
    grid_rows = [(template, [thumbs[i:i + COLUMNS] for i in range(0, len(thumbs), COLUMNS)])
                 for template, thumbs in rows]
    row_h = {t.name: max(th.height for _, th in thumbs) + 22 for t, thumbs in rows}
    height = pad + sum(header + len(lines) * (row_h[t.name] + pad) for t, lines in grid_rows)
    sheet = Image.new("RGB", (COLUMNS * (cell_w + pad) + pad, height), "white")
    draw = ImageDraw.Draw(sheet)
    y = pad
    for template, lines in grid_rows:
        draw.text((pad, y), f"{template.name} — {template.title} ({template.default_size.label})",
                  fill="black", font=label_font)
        y += header
        for line in lines:
            for column, (slogan_id, thumb) in enumerate(line):
                x = pad + column * (cell_w + pad)
                sheet.paste(thumb, (x, y))
                draw.text((x, y + thumb.height + 2), str(slogan_id), fill="black", font=small_font)
            y += row_h[template.name] + pad
    buffer = io.BytesIO()
    sheet.save(buffer, "PNG", optimize=True)
    sheet_path = out_dir / "contact-sheet.png"
    write_atomic(sheet_path, buffer.getvalue())
    return GalleryResult(tuple(previews), sheet_path)
