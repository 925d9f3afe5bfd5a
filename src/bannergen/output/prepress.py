"""Place a Scene on the press sheet: scale, bleed, crop marks, slug line, grommet marks, UserUnit.

A Sheet is the last layout step before painting: every number the PDF painter needs (box sizes,
the /UserUnit, where each mark goes) is decided here, so the painter only paints. Sheet
coordinates are points (1/72 in) at the printed size, origin at the bottom-left of the MediaBox.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bannergen.inputs.units import PT_PER_MM, mm
from bannergen.scene import REGISTRATION, Box, Item, Scene, Stroke

# ISO 32000-1 Annex C.2 / Acrobat: page sides of at most 14,400 default units (200 in).
MAX_PAGE_UNITS = 14_400.0
# Above 200 in, one user unit is one millimetre (PDF 1.6 /UserUnit, ISO 32000-1 table 30): the
# MediaBox then reads in millimetres (a 6 m banner is 6000 units wide), which a prepress
# operator can check at a glance; one centimetre beyond 14.4 m.
USER_UNITS = (1.0, PT_PER_MM, 10 * PT_PER_MM)

# Crop marks (shop practice, as in InDesign/Acrobat printer's marks): hairlines of 0.25 pt,
# 10 mm long, starting 3 mm outside the bleed so that they never print into the bleed area.
CROP_MARK_WEIGHT = 0.25
CROP_MARK_LENGTH = mm(10)
CROP_MARK_GAP = mm(3)
# The slug line sits in the bottom margin, below the bleed.
SLUG_SIZE = 8.0
SLUG_FONT = "BeVietnamPro-Regular.ttf"
MARK_MARGIN = CROP_MARK_GAP + CROP_MARK_LENGTH + mm(2)
# A grommet mark: a circle the size of a common 12 mm grommet's hole, with a centre cross.
GROMMET_RADIUS = mm(6)


@dataclass(frozen=True)
class Sheet:
    """One page as the press sees it: the scene placed at `scale`, its boxes and its marks."""

    scene: Scene
    scale: int  # the N of 1:N: the artwork is drawn at 1/N of its size
    user_unit: float  # PDF units per point of the page dictionary's coordinates (1.0: none)
    media_box: Box
    bleed_box: Box
    trim_box: Box
    marks: tuple[Item, ...] = ()

    @property
    def art_scale(self) -> float:
        return 1.0 / self.scale


def impose(scene: Scene, *, marks: bool = False, grommet_marks: bool = False, scale: int = 1,
           date: str | None = None) -> Sheet:
    """Decide the sheet for a scene: reduced scale, boxes, marks, and whether it needs UserUnit."""
    s = 1.0 / scale
    media, bleed_box, trim = boxes(scene.width, scene.height, scene.bleed, marks=marks, scale=scale)
    items: list[Item] = []
    if grommet_marks:
        items.extend(_grommet_marks(scene, trim, s))
    if marks:
        items.extend(_crop_marks(trim, bleed_box))
        items.extend(_slug(scene, trim, bleed_box, scale, date))
    return Sheet(scene=scene, scale=scale, user_unit=user_unit_for(media), media_box=media,
                 bleed_box=bleed_box, trim_box=trim, marks=tuple(items))


def boxes(width: float, height: float, bleed: float, *, marks: bool = False,
          scale: int = 1) -> tuple[Box, Box, Box]:
    """MediaBox, BleedBox and TrimBox on the sheet for a trim size and bleed in points."""
    s = 1.0 / scale
    width, height, bleed = width * s, height * s, bleed * s
    margin = bleed + (MARK_MARGIN if marks else 0.0)
    trim = Box(margin, margin, margin + width, margin + height)
    media = Box(0.0, 0.0, width + 2 * margin, height + 2 * margin)
    return media, trim.inset(-bleed), trim


def user_unit_for(media: Box) -> float:
    """The smallest user unit that keeps every box number within 14,400 (see USER_UNITS)."""
    side = max(media.width, media.height)
    for unit in USER_UNITS:
        if side / unit <= MAX_PAGE_UNITS + 1e-9:
            return unit
    return math.ceil(side / MAX_PAGE_UNITS)  # beyond 144 m: refused by parse_size anyway


def _crop_marks(trim: Box, bleed_box: Box) -> list[Item]:
    """Two hairlines at each corner, on the trim lines' extensions, outside the bleed."""
    lines = []
    gap, length = CROP_MARK_GAP, CROP_MARK_LENGTH
    for x, outer_x, sign_x in ((trim.x0, bleed_box.x0, -1), (trim.x1, bleed_box.x1, 1)):
        for y, outer_y, sign_y in ((trim.y0, bleed_box.y0, -1), (trim.y1, bleed_box.y1, 1)):
            hx = outer_x + sign_x * gap
            lines.append((("M", hx, y), ("L", hx + sign_x * length, y)))
            vy = outer_y + sign_y * gap
            lines.append((("M", x, vy), ("L", x, vy + sign_y * length)))
    return [Stroke(ops, REGISTRATION, CROP_MARK_WEIGHT) for ops in lines]


def slug_text(scene: Scene, scale: int, date: str | None) -> str:
    meta = dict(scene.meta)
    parts = [f"bannergen · slogan {meta.get('slogan', '?')}", meta.get("template", ""),
             f"{meta.get('size', '')} ({_mm(scene.width)}×{_mm(scene.height)} mm)",
             f"scale 1:{scale}", f"bleed {_mm(scene.bleed)} mm"]
    if scene.hem:
        parts.append(f"hem {_mm(scene.hem)} mm")
    if date:
        parts.append(date)
    return " | ".join(p for p in parts if p)


def _slug(scene: Scene, trim: Box, bleed_box: Box, scale: int, date: str | None) -> list[Item]:
    """The slug: what, how big, at which scale and when, readable on the offcut."""
    from bannergen.layout.compose import glyph_run
    from bannergen.layout.fonts import get_font

    font = get_font(SLUG_FONT)
    text = slug_text(scene, scale, date)
    font.require(text)
    run = glyph_run(font, text, SLUG_SIZE, 0.0, 0.0, REGISTRATION)
    # Between the two bottom crop marks, its ink centred in the band below the bleed.
    band_top = bleed_box.y0 - CROP_MARK_GAP
    return [run.moved(trim.x0 + CROP_MARK_GAP, (band_top - run.ink.y0 - run.ink.y1) / 2)]


def _grommet_marks(scene: Scene, trim: Box, s: float) -> list[Item]:
    k = 0.5523 * GROMMET_RADIUS * s  # cubic Bézier approximation of a quarter circle
    r = GROMMET_RADIUS * s
    marks: list[Item] = []
    for gx, gy in scene.grommets:
        x, y = trim.x0 + gx * s, trim.y0 + gy * s
        circle = (("M", x + r, y), ("C", x + r, y + k, x + k, y + r, x, y + r),
                  ("C", x - k, y + r, x - r, y + k, x - r, y),
                  ("C", x - r, y - k, x - k, y - r, x, y - r),
                  ("C", x + k, y - r, x + r, y - k, x + r, y), ("Z",))
        cross = (("M", x - 1.5 * r, y), ("L", x + 1.5 * r, y),
                 ("M", x, y - 1.5 * r), ("L", x, y + 1.5 * r))
        marks.append(Stroke(circle + cross, REGISTRATION, max(0.5, 1.0 * s)))
    return marks


def _mm(points: float) -> str:
    value = points / PT_PER_MM
    return f"{value:.1f}".rstrip("0").rstrip(".")
