"""The Scene: an immutable, output-independent description of one page, in points on the trim box.

Coordinates follow PDF: the origin is the bottom-left corner of the trim box, y grows upwards,
one unit is one PostScript point (1/72 in). Items that bleed have negative coordinates or
coordinates beyond the trim size. Everything after a Scene is painting: no painter may make a
layout decision, which is why every type here is a frozen dataclass.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path as FilePath


@dataclass(frozen=True)
class Color:
    """A colour given twice, as the template states it: RGB for screens, CMYK for the press.

    Components are 0..1. They are never converted into each other ad hoc (EMBLEMS.md, Colours).
    """

    rgb: tuple[float, float, float]
    cmyk: tuple[float, float, float, float]
    name: str = ""
    # In a CMYK PDF, paint as this Separation colour space (ISO 32000-1 §8.6.6.4) with the CMYK
    # value as its alternate; "All" is registration: it prints on every plate (crop marks).
    spot: str | None = None
    # Paint in overprint (ISO 32000-1 §8.6.7): a spot mark for the finishing table leaves the
    # process plates under it untouched.
    overprint: bool = False


#: Registration colour for marks: every separation (Separation /All) in CMYK, black in RGB.
REGISTRATION = Color(rgb=(0.0, 0.0, 0.0), cmyk=(1.0, 1.0, 1.0, 1.0), name="registration",
                     spot="All")


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle: left, bottom, right, top."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def inset(self, left: float, bottom: float | None = None, right: float | None = None,
              top: float | None = None) -> Box:
        bottom = left if bottom is None else bottom
        right = left if right is None else right
        top = bottom if top is None else top
        return Box(self.x0 + left, self.y0 + bottom, self.x1 - right, self.y1 - top)

    def contains(self, other: Box, tolerance: float = 1e-6) -> bool:
        return (other.x0 >= self.x0 - tolerance and other.y0 >= self.y0 - tolerance
                and other.x1 <= self.x1 + tolerance and other.y1 <= self.y1 + tolerance)

    def overlaps(self, other: Box) -> bool:
        return (self.x0 < other.x1 and other.x0 < self.x1
                and self.y0 < other.y1 and other.y0 < self.y1)


@dataclass(frozen=True)
class Rect:
    """A filled rectangle."""

    box: Box
    fill: Color


@dataclass(frozen=True)
class Path:
    """A filled outline. ops are ("M", x, y), ("L", x, y), ("C", x1, y1, x2, y2, x, y), ("Z",).

    opacity below 1 paints a translucent fill (the draft watermark)."""

    ops: tuple[tuple, ...]
    fill: Color
    even_odd: bool = False
    opacity: float = 1.0


@dataclass(frozen=True)
class Stroke:
    """A stroked polyline or outline (rules, borders, marks); same ops as Path."""

    ops: tuple[tuple, ...]
    color: Color
    width: float


@dataclass(frozen=True)
class Glyph:
    """One shaped glyph: its id in the font, the character it stands for (None when shaping
    produced a glyph no single character maps to), and its origin relative to the run's origin,
    in points before horizontal scaling."""

    gid: int
    char: str | None
    x: float
    y: float = 0.0


@dataclass(frozen=True)
class GlyphRun:
    """One line of shaped text at a fixed size.

    (x, y) is the baseline origin; glyph positions are relative to it and are multiplied by
    hscale horizontally. `text` is the line as the reader sees it, for a searchable PDF. `ink` is
    the union of the glyphs' real outlines on the page (stacked marks and dots below included).
    """

    font: FilePath
    size: float
    x: float
    y: float
    glyphs: tuple[Glyph, ...]
    text: str
    fill: Color
    ink: Box
    advance: float
    hscale: float = 1.0

    def moved(self, dx: float, dy: float) -> GlyphRun:
        """The same line set elsewhere: place a run after measuring its ink at the origin."""
        ink = Box(self.ink.x0 + dx, self.ink.y0 + dy, self.ink.x1 + dx, self.ink.y1 + dy)
        return replace(self, x=self.x + dx, y=self.y + dy, ink=ink)


@dataclass(frozen=True)
class Image:
    """A raster image (a logo) placed in a box; the bytes are PNG or JPEG. `backdrop` is the
    colour it stands on, so that a CMYK painter can flatten transparency onto it."""

    data: bytes = field(repr=False)
    box: Box
    backdrop: Color | None = None


Item = Rect | Path | Stroke | GlyphRun | Image


@dataclass(frozen=True)
class Scene:
    """One page: the trim size, its bleed, its safe area and the items in painting order."""

    width: float
    height: float
    items: tuple[Item, ...]
    safe_area: Box
    bleed: float = 0.0
    title: str = ""
    meta: tuple[tuple[str, str], ...] = ()
    # The band along each edge that the shop folds or welds (inside the trim: the ordered size is
    # the finished size), and the grommet centres in it, placed by compose.
    hem: float = 0.0
    grommets: tuple[tuple[float, float], ...] = ()
    # What the user should know about the layout (a catalogue hint that could not be honoured):
    # message keys with their parameters, for the caller to show.
    warnings: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = ()

    @property
    def trim_box(self) -> Box:
        return Box(0.0, 0.0, self.width, self.height)

    @property
    def bleed_box(self) -> Box:
        b = self.bleed
        return Box(-b, -b, self.width + b, self.height + b)

    def glyph_runs(self) -> tuple[GlyphRun, ...]:
        return tuple(item for item in self.items if isinstance(item, GlyphRun))
