"""Physical sizes: parse `500x80cm`, `5x0.8m`, `200x31.5in`, `A2-landscape`; convert to points."""

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

_NUMBER = r"(\d+(?:[.,]\d+)?|[.,]\d+)"
_UNIT = r"(mm|cm|m|in|pt)"
_SIZE_RE = re.compile(rf"^{_NUMBER}\s*{_UNIT}?\s*[x×*]\s*{_NUMBER}\s*{_UNIT}?$", re.IGNORECASE)
_PAPER_RE = re.compile(r"^([AB]\d)(?:[-_ ]?(landscape|portrait|ngang|doc|dọc))?$", re.IGNORECASE)


@dataclass(frozen=True)
class Size:
    """A page size in millimetres with the label the user wrote (normalised for file names)."""

    width_mm: float
    height_mm: float
    label: str

    @property
    def width_pt(self) -> float:
        return self.width_mm * PT_PER_MM

    @property
    def height_pt(self) -> float:
        return self.height_mm * PT_PER_MM

    def pixels(self, dpi: float) -> tuple[int, int]:
        return round(self.width_mm / 25.4 * dpi), round(self.height_mm / 25.4 * dpi)

    def describe_cm(self, lang: str = "vi") -> str:
        """"42×59,4 cm" (a decimal comma in Vietnamese), "42×59.4 cm" in English."""
        from bannergen.i18n import number_text

        return (f"{number_text(self.width_mm / 10, lang)}×"
                f"{number_text(self.height_mm / 10, lang)} cm")


def _label(value: float) -> str:
    # Four decimals: a label (shown, and used in file names) must read back as the same size.
    return f"{value:.4f}".rstrip("0").rstrip(".")


def parse_size(text: str) -> Size:
    """Parse a size; a bare pair of numbers needs a unit on at least one of them."""
    raw = str(text)
    cleaned = raw.strip().replace(" ", "")
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
