"""PDF page -> pixels: PDFium renders horizontal strips, streamed into PNG, JPEG or TIFF.

strips.py renders (one reused buffer, the next strip while the current one is encoded); one
module per encoder (png.py, jpeg.py, tiff.py); registry.py names the formats and their limits.
Heavy imports (pypdfium2, PIL; even concurrent.futures costs a few ms) stay inside functions:
importing this package must be cheap for the CLI.
"""

from __future__ import annotations

import math
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from bannergen.atomic import atomic_output
from bannergen.errors import check_interrupted
from bannergen.output.raster import registry
from bannergen.output.raster.base import Geometry, ImageTooLargeError, RasterError

__all__ = [
    "FORMATS",
    "ImageTooLargeError",
    "RasterError",
    "RasterInfo",
    "rasterise",
]

#: Accepted ``fmt`` spellings and the canonical name reported in :class:`RasterInfo`.
FORMATS: dict[str, str] = registry.names()


@dataclass(frozen=True)
class RasterInfo:
    """What :func:`rasterise` wrote."""

    width_px: int
    height_px: int
    dpi: float
    fmt: str  # canonical: "png", "jpeg" or "tiff"
    path: Path


def rasterise(
    pdf: bytes | Path,
    out: Path,
    fmt: str,
    dpi: float,
    *,
    user_unit: float = 1.0,
    cmyk=False,
    bleed: bool = False,
    page_index: int = 0,
    strip_height: int = 1024,
) -> RasterInfo:
    """Rasterise one PDF page to ``out`` as PNG, JPEG or TIFF at ``dpi``, with bounded memory.

    The output shows the page's trim: its TrimBox if set, else its MediaBox (both clipped to the
    CropBox, as PDF viewers show them), times ``user_unit``: the page's /UserUnit, which PDFium
    ignores and which the caller knows because it made the page (prepress.Sheet.user_unit); the
    PDF is not parsed a second time to find it. Pixel size is that physical size times ``dpi``,
    rounded to whole pixels; the page is stretched by under half a pixel per axis so the trim
    fills the raster exactly, and ``dpi`` is recorded in the file (PNG pHYs, JFIF density
    rounded to an integer, TIFF X/YResolution in inches).

    Rendering: annotations and form fields are not drawn, the background is white, anti-aliasing
    is on. Output is deterministic (same input and options, same bytes: no timestamps).

    Memory: the page is rendered ``strip_height`` rows at a time (fewer if one strip would exceed
    12 MiB) into one reused buffer, and each strip is streamed to the encoder while PDFium
    renders the next one; see docs/benchmark.md for the figures. Compression runs on up to 4
    worker threads; PDFium calls are serialised by a lock (PDFium is not thread-safe), so
    parallel batch jobs should use processes.

    - PNG: RGB, 8 bits, Up filter, one zlib stream over all strips (png.py). PNG and TIFF pixels
      are identical to a one-shot render of the page at the same scale: no seams (see
      ``strips.render_strips`` for the one exception, rasters over 1 GiB).
    - TIFF: baseline strip TIFF, Adobe Deflate; RGB, or CMYK (InkSet 1) when ``cmyk`` is a
      colour.CmykPixels (the page's flat colours to their declared inks, the rest through the
      ICC profile, which is embedded; ``True``: the bundled profile alone) (tiff.py).
    - JPEG: baseline, encoded by libjpeg in pieces joined with restart markers, so JPEG memory is
      bounded too; from PDFium's faster strip-sized RGBx bitmaps, whose anti-aliased edges may
      differ from a one-shot render by a level or two, far below JPEG's own error (jpeg.py); JPEG cannot exceed 65,535 px per side, larger requests raise
      :class:`ImageTooLargeError` before any work is done.

    The file appears under ``out`` only when complete (temporary file + ``os.replace``).
    ``cmyk`` is only valid with TIFF. ``bleed`` shows the BleedBox instead of the trim. Raises :class:`RasterError` for unreadable PDFs, a
    missing page or invalid options, :class:`ImageTooLargeError` for sizes a format cannot hold.
    """
    kind = registry.lookup(fmt)
    if kind is None:
        raise RasterError(f"unknown raster format {fmt!r}: use one of png, jpg, tiff")
    for name, value in (("DPI", dpi), ("user_unit", user_unit)):
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or value <= 0
        ):
            raise RasterError(f"{name} must be a positive number, not {value!r}")
    if cmyk and not kind.cmyk:
        raise RasterError("CMYK raster output is only available as TIFF")
    if isinstance(strip_height, bool) or not isinstance(strip_height, int) or strip_height < 1:
        raise RasterError(f"strip_height must be a positive integer, not {strip_height!r}")
    out = Path(out)
    data = bytes(pdf) if isinstance(pdf, (bytes, bytearray)) else Path(pdf).read_bytes()

    from bannergen.output.raster.strips import geometry, open_page, render_strips

    with open_page(data, page_index) as page:
        geo = geometry(page, float(user_unit), float(dpi), bleed=bleed)
        _check_limits(kind, geo)
        with atomic_output(out) as fp:
            encoder = kind.open(fp, geo.width_px, geo.height_px, float(dpi), cmyk=cmyk)
            try:
                strips = render_strips(page, geo, strip_height,
                                       bytes_per_pixel=encoder.bytes_per_pixel,
                                       row_multiple=encoder.row_multiple,
                                       exact=encoder.exact)
                with closing(strips):
                    for rows in strips:
                        check_interrupted()  # a stop signal ends a large raster between strips
                        encoder.write(rows)
                encoder.finish()
            finally:
                encoder.close()
    return RasterInfo(geo.width_px, geo.height_px, float(dpi), kind.name, out)


def _check_limits(kind: registry.RasterFormat, geo: Geometry) -> None:
    side = max(geo.width_px, geo.height_px)
    if kind.max_side is not None and side > kind.max_side:
        instead = "PNG or TIFF" if kind.name == "jpeg" else "TIFF"
        raise ImageTooLargeError(
            f"{geo.width_px} x {geo.height_px} px is too large for {kind.name.upper()} (at most "
            f"{kind.max_side} px per side): lower the DPI or use {instead}",
            fmt=kind.name,
            width_px=geo.width_px,
            height_px=geo.height_px,
            limit=kind.max_side,
        )
    if geo.width_px * 3 > 2**31 - 1:  # PDFium bitmap strides are C ints
        raise ImageTooLargeError(
            f"{geo.width_px} px rows are too wide to render",
            fmt=kind.name,
            width_px=geo.width_px,
            height_px=geo.height_px,
            limit=(2**31 - 1) // 3,
        )
