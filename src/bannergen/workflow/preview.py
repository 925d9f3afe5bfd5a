"""A quick look at a product: the Job → Scene → PDF → raster chain of its file, at screen size."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from bannergen.inputs.job import Job
from bannergen.inputs.units import Size
from bannergen.layout.compose import compose
from bannergen.output.pdf import PdfOptions, render_pdf

# A screen shows about this many pixels across: a 5 m banner and an A4 poster alike are drawn
# to fit it, so a preview costs the same whatever the ordered size (a 5 m banner at its print
# DPI is 62 Mpx; at preview size it is 0.4 Mpx).
PREVIEW_LONG_SIDE = 1600
PREVIEW_MAX_PIXELS = 1_200_000


@dataclass(frozen=True)
class Preview:
    """A preview image written to `path`, and what the layout chose (as `--verbose` reports it)."""

    path: Path
    width_px: int
    height_px: int
    dpi: float
    lines: tuple[str, ...]
    type_size: float


def preview_dpi(size: Size, long_side: int = PREVIEW_LONG_SIDE,
                max_pixels: int = PREVIEW_MAX_PIXELS) -> float:
    """The DPI that fits `size` into `long_side` pixels and `max_pixels` pixels."""
    width_in, height_in = size.width_mm / 25.4, size.height_mm / 25.4
    return min(long_side / max(width_in, height_in), math.sqrt(max_pixels / (width_in * height_in)))


def render_preview(job: Job, out: Path, pdf_options: PdfOptions = PdfOptions()) -> Preview:
    """Render `job` as a small PNG at `out` through the real PDF and the real raster output: the
    preview is the file, by construction (only the pixel count differs). Raises what rendering
    the file would raise (a text that cannot fit, a missing glyph)."""
    from PIL import Image

    from bannergen.workflow.render import write_raster

    scene = compose(job)
    dpi = preview_dpi(job.size)
    # The raster shows the trim, so crop marks outside it change nothing; CMYK previews in RGB,
    # as a PNG of a CMYK file is RGB (render.check_raster).
    write_raster(render_pdf(scene, pdf_options), scene, pdf_options, out, "png", dpi)
    with Image.open(out) as image:
        width, height = image.size
    runs = scene.glyph_runs()
    return Preview(path=Path(out), width_px=width, height_px=height, dpi=dpi,
                   lines=tuple(run.text for run in runs),
                   type_size=max((run.size for run in runs), default=0.0))
