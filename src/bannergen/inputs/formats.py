"""One place for the output formats and the limits every stage checks against.

The models (orders, templates), the command line, the raster encoders, the render chain and the
proof read these; nothing else declares a format name, an alias or a limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from bannergen.errors import UserError


@dataclass(frozen=True)
class Format:
    """An output format: its name (in file names and orders) and what it can hold."""

    name: str
    label: str                      # as the proof sheet and messages write it
    aliases: tuple[str, ...] = ()   # other spellings a user types, or finds as a file suffix
    raster: bool = True
    cmyk: bool = False              # can carry CMYK pixels (a raster); the PDF has its own --cmyk
    max_side: int | None = None     # pixels per side the file format can describe
    media_type: str = ""            # IANA media type, for a download from the web page


PDF = Format("pdf", "PDF", raster=False, media_type="application/pdf")
PNG = Format("png", "PNG", max_side=2**31 - 1, media_type="image/png")  # PNG 11.2.2: 31-bit sides
JPEG = Format("jpg", "JPEG", ("jpeg",), max_side=65535,  # ITU T.81 B.2.2: 16-bit frame sides
              media_type="image/jpeg")
# PNG has no CMYK colour type and baseline JFIF is YCbCr: only TIFF carries separations
# (TIFF 6.0 section 16, PhotometricInterpretation = 5).
TIFF = Format("tiff", "TIFF", ("tif",), cmyk=True, media_type="image/tiff")
WEBP = Format("webp", "WebP", max_side=16383,  # libwebp WEBP_MAX_DIMENSION (src/webp/encode.h)
              media_type="image/webp")

#: The formats bannergen writes, by name, in the order messages list them.
FORMATS: dict[str, Format] = {f.name: f for f in (PDF, PNG, JPEG, TIFF, WEBP)}
FORMAT_NAMES = tuple(FORMATS)
_SPELLINGS = {spelling: f for f in FORMATS.values() for spelling in (f.name, *f.aliases)}

#: A slideshow for lobby screens (`bannergen slideshow`, an order line's `slideshow:`): an H.264
#: video, or an animated WebP. "mp4" is a slideshow format only; "webp" is both.
SLIDESHOW_FORMATS = ("mp4", "webp")
#: Seconds each slide stays on screen, and the most slides one file holds.
MIN_SECONDS, MAX_SECONDS = 1, 600
DEFAULT_SECONDS = 8.0
MAX_SLIDES = 200

#: Raster resolution, from a coarse preview to a fine poster (template, order, --dpi).
MIN_DPI = 10
MAX_DPI = 1200
#: Bleed around the trim in millimetres: banners 10-20 mm, paper 3 mm; more is a typo.
MAX_BLEED_MM = 100
#: A raster larger than this is a mistake (a DPI typo), refused before any allocation.
PIXEL_BUDGET = 600_000_000


def format_of(value: str) -> Format:
    """`JPEG`, `.tif`, `png` → its Format; a clean UserError naming the choices for anything else."""
    spelling = str(value).strip().lower().lstrip(".")
    found = _SPELLINGS.get(spelling)
    if found is None:
        raise UserError("unknown_format", value=value, choices=", ".join(FORMAT_NAMES))
    return found


def normalise_format(value: str) -> str:
    """The canonical name of a format the user typed (`jpeg` → `jpg`)."""
    return format_of(value).name


def check_cmyk(fmt: str) -> None:
    """CMYK pixels need a format that holds them (only TIFF, see above)."""
    if fmt in FORMATS and FORMATS[fmt].raster and not FORMATS[fmt].cmyk:
        raise UserError("cmyk_raster_needs_tiff", value=fmt)


def check_dpi(dpi: float) -> None:
    if not (MIN_DPI <= dpi <= MAX_DPI):  # NaN fails both comparisons, so it is refused too
        raise UserError("bad_dpi", value=f"{dpi:g}", low=MIN_DPI, high=MAX_DPI)


def check_bleed(value: float | None) -> None:
    if value is not None and not (0 <= value <= MAX_BLEED_MM):
        raise UserError("bad_bleed", value=value, low=0, high=MAX_BLEED_MM)


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
