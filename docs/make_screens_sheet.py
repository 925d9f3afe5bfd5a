"""Make docs/screens.png: every screen preset (two slogans each: a short one and the longest) and
the hall backdrop at two sizes with the example event, for review by eye.

Each picture is made the way `bannergen render` makes a raster (compose → PDF → PDFium → PNG):
the screens at their own pixels (96 px/in), the backdrops at a few DPI, then scaled into the
sheet's cells. Run from the repository top:

    python docs/make_screens_sheet.py            # writes docs/screens.png
    python docs/make_screens_sheet.py -o x.png
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bannergen.inputs.catalog import load_catalog
from bannergen.inputs.event import load_event
from bannergen.inputs.job import Job
from bannergen.inputs.templates import load_templates
from bannergen.inputs.units import PRESETS, PX_PER_IN, parse_size
from bannergen.layout.compose import compose
from bannergen.output.pdf import PdfOptions, render_pdf
from bannergen.resources import default_catalog, fonts_dir
from bannergen.workflow.render import write_raster

ROOT = Path(__file__).resolve().parents[1]
SLOGANS = (9, 1)                       # short, and the longest of the seed catalogue
BACKDROPS = ("800x400cm", "600x300cm")
CELL = (520, 300)                      # px, a screen's box on the sheet
BACKDROP_CELL = (1060, 560)            # px, a backdrop's box
GAP, CAPTION, MARGIN = 24, 30, 32
BACKGROUND, INK = (238, 238, 238), (40, 40, 40)


def _picture(job: Job, dpi: float, folder: Path) -> Image.Image:
    scene = compose(job)
    path = folder / f"{job.slug}_{job.template.name}_{job.size.label}.png"
    write_raster(render_pdf(scene), scene, PdfOptions(), path, "png", dpi)
    with Image.open(path) as image:
        return image.convert("RGB")


def _fit(image: Image.Image, box: tuple[int, int]) -> Image.Image:
    scale = min(box[0] / image.width, box[1] / image.height)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    return image.resize(size, Image.Resampling.LANCZOS)


def tiles() -> list[tuple[str, Image.Image, tuple[int, int]]]:
    """(caption, picture, cell) for every screen preset × slogan, then every backdrop size."""
    catalogue = load_catalog(default_catalog())
    templates = load_templates()
    screen = templates.get("man-hinh")
    backdrop = templates.get("phong-hoi-truong")
    event = load_event(ROOT / "examples" / "su-kien.yaml")
    out = []
    with tempfile.TemporaryDirectory(prefix="bannergen-sheet-") as scratch:
        folder = Path(scratch)
        for preset in (p for p in PRESETS if p.size.endswith("px")):
            size = parse_size(preset.size)
            for ref in SLOGANS:
                job = Job.for_slogan(catalogue.find(ref), screen, size, office=catalogue.office)
                caption = f"{preset.name}  {size.px[0]}×{size.px[1]} px  (khẩu hiệu {ref})"
                out.append((caption, _picture(job, PX_PER_IN, folder), CELL))
        for label in BACKDROPS:
            size = parse_size(label)
            job = Job.for_event(event, backdrop, size)
            dpi = 2 * BACKDROP_CELL[0] / (size.width_mm / 25.4)  # twice the cell, then reduced
            caption = f"phong-hoi-truong  {size.describe_cm()}  (examples/su-kien.yaml)"
            out.append((caption, _picture(job, dpi, folder), BACKDROP_CELL))
    return out


def contact_sheet(items: list[tuple[str, Image.Image, tuple[int, int]]]) -> Image.Image:
    """Cells left to right, a new row when the next cell does not fit the sheet's width."""
    width = MARGIN * 2 + 4 * CELL[0] + 3 * GAP
    font = ImageFont.truetype(str(fonts_dir() / "BeVietnamPro-Regular.ttf"), 17)
    placed, x, y, row_h = [], MARGIN, MARGIN, 0
    for caption, picture, cell in items:
        if x + cell[0] > width - MARGIN + 1:
            x, y, row_h = MARGIN, y + row_h + GAP, 0
        placed.append((caption, picture, cell, x, y))
        x += cell[0] + GAP
        row_h = max(row_h, cell[1] + CAPTION)
    sheet = Image.new("RGB", (width, y + row_h + MARGIN), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    for caption, picture, cell, x, y in placed:
        thumb = _fit(picture, cell)
        left, top = x + (cell[0] - thumb.width) // 2, y + (cell[1] - thumb.height) // 2
        sheet.paste(thumb, (left, top))
        draw.rectangle((left - 1, top - 1, left + thumb.width, top + thumb.height), outline=INK)
        draw.text((x + cell[0] // 2, y + cell[1] + 6), caption, fill=INK, font=font, anchor="mt")
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "screens.png")
    args = parser.parse_args()
    # Flat colours and anti-aliased letters: 64 colours keep every edge and a quarter the bytes.
    sheet = contact_sheet(tiles()).quantize(colors=64, method=Image.Quantize.MEDIANCUT,
                                            dither=Image.Dither.NONE)
    sheet.save(args.output, optimize=True)
    print(args.output)


if __name__ == "__main__":
    main()
