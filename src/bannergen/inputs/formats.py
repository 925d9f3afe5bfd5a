"""One place for the output formats and the limits every stage checks against.

The models (orders, templates), the command line, the raster encoders, the render chain and the
proof all read these; nothing else declares a format name or a limit.
"""

from __future__ import annotations

from bannergen.errors import UserError

#: The formats bannergen writes, in the order the messages list them.
FORMATS = ("pdf", "png", "jpg", "tiff", "webp")
#: Other names the user may type for them (and file suffixes).
FORMAT_ALIASES = {"jpeg": "jpg", "tif": "tiff"}


def normalise_format(value: str) -> str:
    """`JPEG`, `.tif`, `png` → the canonical name; a clean UserError for anything else."""
    fmt = str(value).strip().lower().lstrip(".")
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt not in FORMATS:
        raise UserError("unknown_format", value=value, choices=", ".join(FORMATS))
    return fmt


#: The PDF/X levels bannergen writes (output/pdfx.py says what each one allows).
PDFX_LEVELS = ("4", "1a")


def normalise_pdfx(value: str | int | None) -> str | None:
    """'4', 4, 'x4', 'X-4', 'PDF/X-4' → '4'; '1a', 'X-1a:2003' → '1a'; None stays None."""
    if value is None:
        return None
    key = str(value).strip().lower().replace("pdf/", "").replace(":2003", "").replace(":2010", "")
    key = key.removeprefix("x").removeprefix("-")
    if key not in PDFX_LEVELS:
        raise UserError("bad_pdfx", value=str(value), choices=", ".join(PDFX_LEVELS))
    return key
