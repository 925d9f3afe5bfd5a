"""The raster formats' encoders. Names, aliases, limits and CMYK capability are declared once, in
bannergen.inputs.formats; this module adds the module that encodes each.

A new encoder is one module with an ``Encoder``-shaped class, one Format in inputs/formats.py and
one entry here; its module is imported only when a file of that format is written, so that
listing formats stays cheap.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import BinaryIO

from bannergen.errors import UserError
from bannergen.inputs.formats import FORMATS, JPEG, PNG, TIFF, WEBP, Format, format_of
from bannergen.output.raster.base import Encoder


@dataclass(frozen=True)
class RasterFormat:
    format: Format  # names, aliases, limits (inputs/formats.py)
    encoder: str  # "module:Class" inside bannergen.output.raster

    @property
    def name(self) -> str:
        """The codec's name, reported in RasterInfo: "jpeg" for a .jpg."""
        return self.format.label.lower()

    @property
    def max_side(self) -> int | None:
        return self.format.max_side

    @property
    def cmyk(self) -> bool:
        return self.format.cmyk

    def open(self, fp: BinaryIO, width: int, height: int, dpi: float, *, cmyk: bool) -> Encoder:
        module, cls = self.encoder.split(":")
        factory = getattr(importlib.import_module(f"bannergen.output.raster.{module}"), cls)
        return factory(fp, width, height, dpi, cmyk=cmyk)


# The encoder modules repeat their format's limit (a test checks they agree) so that checking a
# request imports no encoder.
_ENCODERS = {PNG.name: "png:PngEncoder", JPEG.name: "jpeg:JpegEncoder", TIFF.name: "tiff:TiffEncoder",
             WEBP.name: "webp:WebpEncoder"}


def lookup(name: str) -> RasterFormat | None:
    """The raster format for a name or alias, any case, with or without a leading dot."""
    try:
        fmt = format_of(name) if isinstance(name, str) else None
    except UserError:
        return None
    return RasterFormat(fmt, _ENCODERS[fmt.name]) if fmt and fmt.name in _ENCODERS else None


def names() -> dict[str, str]:
    """Every accepted raster spelling and its codec's name."""
    return {spelling: lookup(fmt.name).name for fmt in FORMATS.values() if fmt.name in _ENCODERS
            for spelling in (fmt.name, *fmt.aliases)}
