"""Place a Scene on the press sheet: scale, bleed, crop marks, slug line, grommet marks, UserUnit.

A Sheet is the last layout step before painting: every number the PDF painter needs (box sizes,
the /UserUnit, where each mark goes) is decided here, so the painter only paints. Sheet
coordinates are points (1/72 in) at the printed size, origin at the bottom-left of the MediaBox.

A 1:N sheet is the full-size sheet reduced N times, marks and slug included, so that enlarging
it N times gives the usual marks. A sheet whose size a reader may get wrong (a /UserUnit page,
or a 1:N reduction) also says its real size and scale in a notice line above the marks, at a
size readable on the file itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from bannergen.inputs.units import PT_PER_MM, mm
from bannergen.scene import REGISTRATION, Box, Color, Item, Scene, Stroke

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
SLUG_LEADING = 1.25
SLUG_MAX_LINES = 3  # what the band between the bottom crop marks holds at 8 pt
# The notice of a page's real size: readable on the file (never reduced), in its own band.
NOTICE_SIZE = 8.0
NOTICE_MAX_LINES = 2
NOTICE_BAND = mm(10)  # two lines at 10 pt leading and a margin; whole millimetres keep the
# boxes of a UserUnit page whole numbers
# A grommet mark: a circle the size of a common 12 mm grommet's hole, with a centre cross.
GROMMET_RADIUS = mm(6)
# Grommet marks are for the finishing table, not the press: a spot colour of their own that a
# RIP maps to "do not print" (or prints, to check), never registration, which would print in
# all four inks inside the trim. Overprinted, so the plate that carries them knocks nothing out.
GROMMET = Color(rgb=(0.93, 0.0, 0.55), cmyk=(0.0, 1.0, 0.0, 0.0), name="grommet",
                spot="Grommet", overprint=True)


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
    unit = user_unit_for(media)
    items: list[Item] = []
    if grommet_marks:
        items.extend(_grommet_marks(scene, trim, s))
    if marks:
        items.extend(_crop_marks(trim, bleed_box, s))
        items.extend(_slug(scene, trim, bleed_box, scale, date))
    notice = notice_text(scene, scale, unit)
    if notice:
        items.extend(_notice(notice, media, trim))
    return Sheet(scene=scene, scale=scale, user_unit=unit, media_box=media,
                 bleed_box=bleed_box, trim_box=trim, marks=tuple(items))


def boxes(width: float, height: float, bleed: float, *, marks: bool = False,
          scale: int = 1) -> tuple[Box, Box, Box]:
    """MediaBox, BleedBox and TrimBox on the sheet for a trim size and bleed in points (the
    marks' band reduced with the page; the notice band, when the sheet needs one, not)."""
    s = 1.0 / scale
    width, height, bleed = width * s, height * s, bleed * s
    margin = bleed + (MARK_MARGIN * s if marks else 0.0)
    if scale != 1 or _needs_user_unit(width + 2 * margin, height + 2 * margin):
        margin += NOTICE_BAND
    trim = Box(margin, margin, margin + width, margin + height)
    media = Box(0.0, 0.0, width + 2 * margin, height + 2 * margin)
    return media, trim.inset(-bleed), trim


def _needs_user_unit(width: float, height: float) -> bool:
    return max(width, height) > MAX_PAGE_UNITS + 1e-9


def user_unit_for(media: Box) -> float:
    """The smallest user unit that keeps every box number within 14,400 (see USER_UNITS)."""
    side = max(media.width, media.height)
    for unit in USER_UNITS:
        if side / unit <= MAX_PAGE_UNITS + 1e-9:
            return unit
    return math.ceil(side / MAX_PAGE_UNITS)  # beyond 144 m: refused by parse_size anyway


def _crop_marks(trim: Box, bleed_box: Box, s: float = 1.0) -> list[Item]:
    """Two hairlines at each corner, on the trim lines' extensions, outside the bleed."""
    lines = []
    gap, length = CROP_MARK_GAP * s, CROP_MARK_LENGTH * s
    for x, outer_x, sign_x in ((trim.x0, bleed_box.x0, -1), (trim.x1, bleed_box.x1, 1)):
        for y, outer_y, sign_y in ((trim.y0, bleed_box.y0, -1), (trim.y1, bleed_box.y1, 1)):
            hx = outer_x + sign_x * gap
            lines.append((("M", hx, y), ("L", hx + sign_x * length, y)))
            vy = outer_y + sign_y * gap
            lines.append((("M", x, vy), ("L", x, vy + sign_y * length)))
    return [Stroke(ops, REGISTRATION, CROP_MARK_WEIGHT * s) for ops in lines]


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
    """The slug: what, how big, at which scale and when, readable on the offcut. It runs between
    the two bottom crop marks, wrapped (and at worst shortened) to the trim's width."""
    s = 1.0 / scale
    size, gap = SLUG_SIZE * s, CROP_MARK_GAP * s
    lines = wrap(slug_text(scene, scale, date), size, trim.width - 2 * gap, SLUG_MAX_LINES,
                 separator=" | ")
    runs = [_run(line, size) for line in lines]
    # The block's ink centred in the band below the bleed (between the crop marks' ends).
    leading = size * SLUG_LEADING
    band_top, band_bottom = bleed_box.y0 - gap, bleed_box.y0 - gap - CROP_MARK_LENGTH * s
    top_ink, bottom_ink = runs[0].ink.y1, runs[-1].ink.y0 - leading * (len(runs) - 1)
    first_baseline = (band_top + band_bottom - top_ink - bottom_ink) / 2
    return [run.moved(trim.x0 + gap, first_baseline - i * leading) for i, run in enumerate(runs)]


def notice_text(scene: Scene, scale: int, user_unit: float) -> str:
    """What a reader of the file must know to print it at the right size: the real size, the
    scale of a reduced file, the /UserUnit that readers such as Poppler and PDFium ignore."""
    size = f"{_mm(scene.width)} × {_mm(scene.height)} mm"
    parts = []
    if scale != 1:
        parts.append(f"TỈ LỆ 1:{scale} — phóng to {scale} lần ({scale * 100} %): {size}")
    if user_unit != 1.0:
        unit = f"{user_unit / PT_PER_MM:g} mm"
        factor = f"{user_unit:.2f}".replace(".", ",")
        parts.append(f"{_mm(scene.width / scale)} × {_mm(scene.height / scale)} mm — UserUnit "
                     f"{unit} (không đọc UserUnit: in nhỏ {factor} lần)")
    return " · ".join(parts)


def _notice(text: str, media: Box, trim: Box) -> list[Item]:
    """The notice in the top band of the media box, wrapped to the media's width."""
    edge = mm(3)
    lines = wrap(text, NOTICE_SIZE, media.width - 2 * edge, NOTICE_MAX_LINES, separator=" · ")
    runs = [_run(line, NOTICE_SIZE) for line in lines]
    leading = NOTICE_SIZE * SLUG_LEADING
    baseline = media.y1 - mm(1.5) - runs[0].ink.y1
    x = max(edge, min(trim.x0, media.width - edge - max(r.advance for r in runs)))
    return [run.moved(x, baseline - i * leading) for i, run in enumerate(runs)]


def _run(text: str, size: float):
    from bannergen.layout.fonts import get_font, glyph_run

    font = get_font(SLUG_FONT)
    font.require(text)
    return glyph_run(font, text, size, 0.0, 0.0, REGISTRATION)


def wrap(text: str, size: float, width: float, max_lines: int, separator: str = " ") -> list[str]:
    """Lines of at most `width` points at `size`: breaks fall between the parts `separator`
    divides first, then between words. Past `max_lines` the last line is shortened with an
    ellipsis, as is a word too long for any line: a slug must stay on the offcut whatever the
    page's size."""
    from bannergen.layout.fonts import get_font

    font = get_font(SLUG_FONT)

    def fits(line: str) -> bool:
        return font.shape(line).advance * size / font.units_per_em <= width

    lines: list[str] = []
    for part in text.split(separator):
        if lines and fits(lines[-1] + separator + part):
            lines[-1] += separator + part
            continue
        current: str | None = None
        for word in part.split(" "):
            if current is not None and fits(current + " " + word):
                current += " " + word
            else:
                if current is not None:
                    lines.append(current)
                current = word
        lines.append(current or "")
    if len(lines) > max_lines:
        lines = [*lines[:max_lines - 1], " ".join(lines[max_lines - 1:])]
    shortened = []
    for line in lines:
        if not fits(line):
            while line and not fits(line + "…"):
                line = line[:-1]
            line = line.rstrip() + "…"
        shortened.append(line)
    return shortened


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
        marks.append(Stroke(circle + cross, GROMMET, 1.0 * s))
    return marks


def _mm(points: float) -> str:
    value = points / PT_PER_MM
    return f"{value:.1f}".rstrip("0").rstrip(".")
