"""WebP for screens and the web: lossless, sRGB-tagged, encoded by libwebp through Pillow.

A WebP image cannot be written in strips (libwebp takes the whole picture), so the rows are
gathered first; screen sizes are bounded (units.MAX_SIDE_PX, libwebp's 16,383 px per side), which
bounds the memory too. Lossless suits the flat colours of a banner: it keeps every edge exact
and, with large areas of one colour, is smaller than lossy WebP at a quality that keeps the
letters clean.
"""

from __future__ import annotations

import io
from typing import BinaryIO

from bannergen.output.raster.base import RasterError, srgb_profile

#: libwebp's WEBP_MAX_DIMENSION (src/webp/encode.h)
MAX_SIDE = 16383
#: libwebp's effort (0 fast … 6 small); 4 is its default, a good trade for flat-colour banners.
METHOD = 4


class WebpEncoder:
    bytes_per_pixel = 3  # packed RGB rows
    row_multiple = 1
    exact = True  # lossless: the pixels of a one-shot render

    def __init__(self, fp: BinaryIO, width: int, height: int, dpi: float, *,
                 cmyk: bool = False) -> None:
        if cmyk:
            raise RasterError("WebP holds RGB only")
        self._fp = fp
        self._size = (width, height)
        self._rows = bytearray()

    def write(self, rows: memoryview) -> None:
        self._rows += rows

    def finish(self) -> None:
        self._fp.write(encode_webp(bytes(self._rows), self._size))
        self._rows = bytearray()

    def close(self) -> None:
        self._rows = bytearray()


def encode_webp(rgb: bytes, size: tuple[int, int], *, lossless: bool = True) -> bytes:
    """Packed RGB rows → a WebP file (deterministic: no timestamps, fixed settings)."""
    from PIL import Image

    image = Image.frombuffer("RGB", size, rgb, "raw", "RGB", 0, 1)
    out = io.BytesIO()
    image.save(out, "WEBP", lossless=lossless, quality=100 if lossless else 90, method=METHOD,
               exact=True, icc_profile=srgb_profile())
    return out.getvalue()
