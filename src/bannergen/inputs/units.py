"""Sizes: parse `500x80cm`, `5x0.8m`, `200x31.5in`, `A2-landscape`, `1920x400px` or a named preset."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from bannergen.errors import UserError

PT_PER_MM = 72 / 25.4
MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "m": 1000.0, "in": 25.4, "pt": 25.4 / 72}
MAX_SIDE_MM = 100_000.0  # 100 m: larger is a typo, not a banner
MIN_SIDE_MM = 10.0

# ISO 216 A and B series, portrait (width, height) in mm.
PAPER_MM = {
    **{f"A{n}": (w, h) for n, (w, h) in enumerate(
        [(841, 1189), (594, 841), (420, 594), (297, 420), (210, 297), (148, 210), (105, 148)])},
    **{f"B{n}": (w, h) for n, (w, h) in enumerate(
        [(1000, 1414), (707, 1000), (500, 707), (353, 500), (250, 353), (176, 250)])},
}

# Screens count pixels; a pixel size is laid out at the CSS reference density of 96 px per inch
# (CSS Values 4, §6.2: 1in = 96px), so a PDF of it prints at the size a browser shows it.
PX_PER_IN = 96
MIN_SIDE_PX = 16
# The raster budget for screen sizes: an 8K frame is 33 Mpx; a side beyond 16,384 px is refused
# by WebP (libwebp's WEBP_MAX_DIMENSION) and by most screens' controllers.
MAX_SIDE_PX = 16_384
MAX_PIXELS_PX = 8192 * 8192


@dataclass(frozen=True)
class Preset:
    """A named size an office uses often: a screen, a web image, a banner or a paper size."""

    name: str
    aliases: tuple[str, ...]
    title_vi: str
    title_en: str
    size: str


# Sizes in everyday use (EMBLEMS.md, Sizes in use; the screen sizes are the common frame sizes
# of websites, social networks and lobby screens). Names in Vietnamese, English aliases.
PRESETS: tuple[Preset, ...] = (
    Preset("dau-trang-web", ("web-header",), "Ảnh đầu trang web", "Website header", "1920x400px"),
    Preset("anh-chia-se", ("share-image",), "Ảnh chia sẻ mạng xã hội", "Share image", "1200x630px"),
    Preset("bai-dang-vuong", ("square-post",), "Bài đăng vuông", "Square post", "1080x1080px"),
    Preset("man-hinh-doc", ("story", "vertical-screen"), "Màn hình dọc / tin", "Story / vertical screen",
           "1080x1920px"),
    Preset("man-hinh-full-hd", ("full-hd", "fhd"), "Màn hình Full HD", "Full HD screen", "1920x1080px"),
    Preset("man-hinh-4k", ("4k", "uhd"), "Màn hình 4K", "4K screen", "3840x2160px"),
    Preset("bang-ron-3m", ("banner-3m",), "Băng rôn 3 m", "Banner 3 m", "300x100cm"),
    Preset("bang-ron-5m", ("banner-5m",), "Băng rôn 5 m", "Banner 5 m", "500x80cm"),
    Preset("bang-ron-5m-lon", ("banner-5m-large",), "Băng rôn 5 m khổ lớn", "Banner 5 m large",
           "500x150cm"),
    Preset("bang-ron-10m", ("banner-10m",), "Băng rôn 10 m", "Banner 10 m", "1000x200cm"),
    Preset("phuon-80x200", ("vertical-80x200",), "Băng rôn dọc 80 × 200 cm", "Vertical banner 80 × 200 cm",
           "80x200cm"),
    Preset("phuon-80x240", ("vertical-80x240",), "Băng rôn dọc 80 × 240 cm", "Vertical banner 80 × 240 cm",
           "80x240cm"),
    Preset("pano-4x2m", ("billboard-4x2m",), "Pa nô 4 × 2 m", "Billboard 4 × 2 m", "400x200cm"),
    Preset("phong-8x4m", ("backdrop-8x4m",), "Phông hội trường 8 × 4 m", "Hall backdrop 8 × 4 m", "800x400cm"),
    Preset("phong-6x3m", ("backdrop-6x3m",), "Phông hội trường 6 × 3 m", "Hall backdrop 6 × 3 m", "600x300cm"),
    Preset("phong-10x4-5m", ("backdrop-10x4.5m",), "Phông hội trường 10 × 4,5 m", "Hall backdrop 10 × 4.5 m",
           "1000x450cm"),
)
_PRESET_BY_NAME = {key: preset for preset in PRESETS for key in (preset.name, *preset.aliases)}

_NUMBER = r"(\d+(?:[.,]\d+)?|[.,]\d+)"
_UNIT = r"(mm|cm|m|in|pt)"
_SIZE_RE = re.compile(rf"^{_NUMBER}\s*{_UNIT}?\s*[x×*]\s*{_NUMBER}\s*{_UNIT}?$", re.IGNORECASE)
_PX_RE = re.compile(r"^(\d+)\s*(?:px)?\s*[x×*]\s*(\d+)\s*px$", re.IGNORECASE)
_PAPER_RE = re.compile(r"^([AB]\d)(?:[-_ ]?(landscape|portrait|ngang|doc|dọc))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Size:
    """A page size in millimetres with the label the user wrote (normalised for file names)."""

    width_mm: float
    height_mm: float
    label: str
    px: tuple[int, int] | None = None  # a screen size: exactly these pixels, at PX_PER_IN

    @property
    def is_pixels(self) -> bool:
        return self.px is not None

    @property
    def width_pt(self) -> float:
        return self.width_mm * PT_PER_MM

    @property
    def height_pt(self) -> float:
        return self.height_mm * PT_PER_MM

    def pixels(self, dpi: float) -> tuple[int, int]:
        if self.px is not None and dpi == PX_PER_IN:
            return self.px
        return round(self.width_mm / 25.4 * dpi), round(self.height_mm / 25.4 * dpi)

    def describe_cm(self, lang: str = "vi") -> str:
        """"42×59,4 cm" (a decimal comma in Vietnamese), "42×59.4 cm" in English; pixels as such."""
        from bannergen.i18n import number_text

        if self.px is not None:
            return f"{self.px[0]}×{self.px[1]} px"
        return (f"{number_text(self.width_mm / 10, lang)}×"
                f"{number_text(self.height_mm / 10, lang)} cm")


def _label(value: float) -> str:
    # Four decimals: a label (shown, and used in file names) must read back as the same size.
    return f"{value:.4f}".rstrip("0").rstrip(".")


def parse_size(text: str) -> Size:
    """Parse a size; a bare pair of numbers needs a unit on at least one of them."""
    raw = str(text)
    cleaned = raw.strip().replace(" ", "")
    preset = _PRESET_BY_NAME.get(cleaned.lower())
    if preset is not None:
        return parse_size(preset.size)
    pixels = _PX_RE.match(cleaned)
    if pixels:
        return pixel_size(int(pixels.group(1)), int(pixels.group(2)), raw)
    paper = _PAPER_RE.match(cleaned)
    if paper:
        name = paper.group(1).upper()
        if name not in PAPER_MM:
            raise UserError("bad_size", value=raw)
        w, h = PAPER_MM[name]
        orientation = (paper.group(2) or "").lower()
        if orientation in ("landscape", "ngang"):
            return Size(float(h), float(w), f"{name}-landscape")
        return Size(float(w), float(h), name)
    match = _SIZE_RE.match(cleaned)
    if not match:
        raise UserError("bad_size", value=raw)
    w_text, w_unit, h_text, h_unit = match.groups()
    unit = (h_unit or w_unit)
    if unit is None:
        raise UserError("bad_size", value=raw)
    unit = unit.lower()
    w_unit = (w_unit or unit).lower()
    width = float(w_text.replace(",", ".")) * MM_PER_UNIT[w_unit]
    height = float(h_text.replace(",", ".")) * MM_PER_UNIT[unit]
    check_size(width, height, raw)
    if w_unit != unit:
        # Mixed units ("1mx80cm"): say it in mm, so that the label reads back as the same size.
        unit = "mm"
    label = f"{_label(width / MM_PER_UNIT[unit])}x{_label(height / MM_PER_UNIT[unit])}{unit}"
    return Size(width, height, label)


def pixel_size(width_px: int, height_px: int, raw: str) -> Size:
    """A screen size: exactly W×H pixels, laid out at 96 px/in."""
    for side in (width_px, height_px):
        if side <= 0:
            raise UserError("size_not_positive", value=raw)
        if side < MIN_SIDE_PX:
            raise UserError("size_too_small_px", value=raw, limit=MIN_SIDE_PX)
        if side > MAX_SIDE_PX:
            raise UserError("size_too_large_px", value=raw, limit=MAX_SIDE_PX)
    if width_px * height_px > MAX_PIXELS_PX:
        raise UserError("size_too_many_pixels", value=raw, pixels=width_px * height_px,
                        limit=MAX_PIXELS_PX)
    return Size(width_px * 25.4 / PX_PER_IN, height_px * 25.4 / PX_PER_IN,
                f"{width_px}x{height_px}px", (width_px, height_px))


def check_size(width_mm: float, height_mm: float, raw: str) -> None:
    for side in (width_mm, height_mm):
        if not math.isfinite(side):
            raise UserError("bad_size", value=raw)
        if side <= 0:
            raise UserError("size_not_positive", value=raw)
        if side < MIN_SIDE_MM:
            raise UserError("size_too_small", value=raw, limit=int(MIN_SIDE_MM))
        if side > MAX_SIDE_MM:
            raise UserError("size_too_large", value=raw, limit=int(MAX_SIDE_MM / 1000))


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * PT_PER_MM


_SCALE_RE = re.compile(r"^1\s*[:/]\s*(\d+)$")
MAX_SCALE = 100


def parse_scale(text: str) -> int:
    """`1:10` → 10: the file is drawn at 1/N of the ordered size (shops that enlarge in the RIP)."""
    match = _SCALE_RE.match(str(text).strip())
    if not match or not 1 <= int(match.group(1)) <= MAX_SCALE:
        raise UserError("bad_scale", value=text, limit=MAX_SCALE)
    return int(match.group(1))
