"""One place for the output formats and the limits every stage checks against.

The models (orders, templates), the command line, the raster encoders, the render chain and the
proof all read these; nothing else declares a format name or a limit.
"""

from __future__ import annotations

from bannergen.errors import UserError

#: The formats bannergen writes, in the order the messages list them.
FORMATS = ("pdf", "png", "jpg", "tiff")
#: Other names the user may type for them (and file suffixes).
FORMAT_ALIASES = {"jpeg": "jpg", "tif": "tiff"}


def normalise_format(value: str) -> str:
    """`JPEG`, `.tif`, `png` → the canonical name; a clean UserError for anything else."""
    fmt = str(value).strip().lower().lstrip(".")
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt not in FORMATS:
        raise UserError("unknown_format", value=value, choices=", ".join(FORMATS))
    return fmt
