"""The raster formats: names, aliases, limits and the module that encodes each.

A new encoder is one module with an ``Encoder``-shaped class and one entry here; its module is
imported only when a file of that format is written, so that listing formats stays cheap.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import BinaryIO

from bannergen.output.raster.base import Encoder


@dataclass(frozen=True)
class RasterFormat:
    name: str  # canonical: reported in RasterInfo
    aliases: tuple[str, ...]  # other accepted spellings (file extensions)
    encoder: str  # "module:Class" inside bannergen.output.raster
    max_side: int | None  # the most pixels per side the format can hold; None: no limit
    cmyk: bool = False  # whether the encoder can write CMYK pixels

    def open(self, fp: BinaryIO, width: int, height: int, dpi: float, *, cmyk: bool) -> Encoder:
        module, cls = self.encoder.split(":")
        factory = getattr(importlib.import_module(f"bannergen.output.raster.{module}"), cls)
        return factory(fp, width, height, dpi, cmyk=cmyk)


_REGISTRY: dict[str, RasterFormat] = {}


def register(fmt: RasterFormat) -> None:
    for name in (fmt.name, *fmt.aliases):
        _REGISTRY[name] = fmt


def lookup(name: str) -> RasterFormat | None:
    """The format for a name or alias, any case, with or without a leading dot."""
    return _REGISTRY.get(name.lower().lstrip(".")) if isinstance(name, str) else None


def names() -> dict[str, str]:
    """Every accepted spelling and its canonical name."""
    return {name: fmt.name for name, fmt in _REGISTRY.items()}


# Limits are repeated from the encoder modules (a test checks they agree) so that checking a
# request imports no encoder: PNG spec 11.2.2 (2^31 - 1), ITU T.81 B.2.2 (16-bit sides).
register(RasterFormat("png", (), "png:PngEncoder", max_side=2**31 - 1))
register(RasterFormat("jpeg", ("jpg",), "jpeg:JpegEncoder", max_side=65535))
register(RasterFormat("tiff", ("tif",), "tiff:TiffEncoder", max_side=None, cmyk=True))
