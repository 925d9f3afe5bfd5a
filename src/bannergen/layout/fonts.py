"""Bundled fonts: coverage checks, HarfBuzz shaping (kerning on), real glyph ink extents, and a
shaped line as the Scene's GlyphRun (for the layout and for the marks prepress adds)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bannergen.errors import UserError
from bannergen.resources import fonts_dir
from bannergen.scene import Box, Color, Glyph, GlyphRun

# Kerning on; ligatures off: banner capitals have none, and one glyph per character keeps the
# PDF text layer exact (every glyph maps back to the character it stands for).
FEATURES = {"kern": True, "liga": False, "clig": False, "dlig": False}


@dataclass(frozen=True)
class ShapedGlyph:
    """A glyph from HarfBuzz, in font units: its id, character, pen offset and ink box."""

    gid: int
    char: str | None
    x: float           # pen position of this glyph relative to the start of the string
    y: float
    advance: float
    ink: tuple[float, float, float, float] | None  # x0, y0, x1, y1 relative to the glyph origin


@dataclass(frozen=True)
class Shaped:
    """A shaped string in font units (divide by units_per_em and multiply by the size)."""

    text: str
    glyphs: tuple[ShapedGlyph, ...]
    advance: float

    def ink(self) -> tuple[float, float, float, float]:
        """The union of the glyphs' outlines: marks above and dots below included."""
        boxes = [(g.x + b[0], g.y + b[1], g.x + b[2], g.y + b[3]) for g in self.glyphs
                 if (b := g.ink) is not None]
        if not boxes:
            return (0.0, 0.0, 0.0, 0.0)
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))


class Font:
    """One TrueType font file, shaped with HarfBuzz."""

    def __init__(self, path: Path) -> None:
        import uharfbuzz as hb

        self.path = path
        try:
            blob = hb.Blob.from_file_path(str(path))
            self._face = hb.Face(blob)
            self._hb = hb.Font(self._face)
        except Exception as exc:  # uharfbuzz raises plain exceptions for broken files
            raise UserError("font_invalid", value=path.name, reason=str(exc)) from None
        self.units_per_em = self._face.upem
        if not self.units_per_em or self._hb.get_nominal_glyph(ord("A")) is None:
            raise UserError("font_invalid", value=path.name, reason="not a usable TrueType font")
        self.name = path.stem
        self._extents: dict[int, tuple[float, float, float, float] | None] = {}

    def has_char(self, char: str) -> bool:
        return self._hb.get_nominal_glyph(ord(char)) is not None

    def missing_chars(self, text: str) -> list[str]:
        """Characters of `text` (spaces aside) the font cannot draw, each once, in order."""
        seen: list[str] = []
        for char in unicodedata.normalize("NFC", text):
            if char not in seen and not char.isspace() and not self.has_char(char):
                seen.append(char)
        return seen

    def require(self, text: str) -> None:
        """An approved slogan must print exactly: a missing glyph is an error, never a box."""
        missing = self.missing_chars(text)
        if missing:
            chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
            raise UserError("missing_glyph", font=self.path.name, chars=chars, value=text[:40])

    def glyph_ink(self, gid: int) -> tuple[float, float, float, float] | None:
        if gid not in self._extents:
            e = self._hb.get_glyph_extents(gid)
            if e is None or e.width == 0 or e.height == 0:
                self._extents[gid] = None
            else:
                # HarfBuzz gives the top-left bearing and a negative height (y up).
                self._extents[gid] = (e.x_bearing, e.y_bearing + e.height,
                                      e.x_bearing + e.width, e.y_bearing)
        return self._extents[gid]

    def shape(self, text: str) -> Shaped:
        """Shape `text` with kerning; the same call measures and positions (fpdf2 #1187)."""
        import uharfbuzz as hb

        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        hb.shape(self._hb, buf, FEATURES)
        infos, positions = buf.glyph_infos, buf.glyph_positions
        cluster_sizes: dict[int, int] = {}
        for info in infos:
            cluster_sizes[info.cluster] = cluster_sizes.get(info.cluster, 0) + 1
        clusters = sorted(cluster_sizes)
        glyphs = []
        pen = 0.0
        for info, pos in zip(infos, positions):
            start = info.cluster
            nxt = next((c for c in clusters if c > start), len(text))
            char = text[start] if (nxt - start == 1 and cluster_sizes[start] == 1
                                   and self._hb.get_nominal_glyph(ord(text[start])) == info.codepoint) else None
            glyphs.append(ShapedGlyph(gid=info.codepoint, char=char, x=pen + pos.x_offset,
                                      y=pos.y_offset, advance=pos.x_advance,
                                      ink=self.glyph_ink(info.codepoint)))
            pen += pos.x_advance
        return Shaped(text=text, glyphs=tuple(glyphs), advance=pen)

    def outline(self, gid: int) -> tuple[tuple, ...]:
        """The glyph's outline as path ops in font units (for text as curves)."""
        ops: list[tuple] = []
        self._hb.draw_glyph_with_pen(gid, _OpsPen(ops))
        return tuple(ops)


class _OpsPen:
    """Collects HarfBuzz draw callbacks (fontTools pen protocol) as scene path ops.

    TrueType quadratics become cubics: a cubic with control points 2/3 of the way to the
    quadratic control point traces the same curve exactly.
    """

    def __init__(self, ops: list[tuple]) -> None:
        self.ops = ops
        self.current = (0.0, 0.0)

    def moveTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(("M", *pt))
        self.current = pt

    def lineTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(("L", *pt))
        self.current = pt

    def qCurveTo(self, *pts: tuple[float, float]) -> None:
        controls, end = pts[:-1], pts[-1]
        # Implied on-curve points lie halfway between consecutive off-curve points.
        for i, (cx, cy) in enumerate(controls):
            if i + 1 < len(controls):
                nx, ny = controls[i + 1]
                target = ((cx + nx) / 2, (cy + ny) / 2)
            else:
                target = end
            x0, y0 = self.current
            x, y = target
            self.ops.append(("C", x0 + 2 / 3 * (cx - x0), y0 + 2 / 3 * (cy - y0),
                             x + 2 / 3 * (cx - x), y + 2 / 3 * (cy - y), x, y))
            self.current = target

    def curveTo(self, *pts: tuple[float, float]) -> None:
        (x1, y1), (x2, y2), (x, y) = pts
        self.ops.append(("C", x1, y1, x2, y2, x, y))
        self.current = (x, y)

    def closePath(self) -> None:
        self.ops.append(("Z",))

    endPath = closePath


def font_path(name: str, directory: Path | None = None) -> Path:
    where = directory or fonts_dir()
    path = where / name
    if not path.is_file():
        raise UserError("font_missing", value=name, where=str(where))
    return path


@cache
def load_font(path: Path) -> Font:
    return Font(path)


def get_font(name: str) -> Font:
    return load_font(font_path(name))


def bundled_fonts() -> list[Path]:
    return sorted(fonts_dir().glob("*.ttf"))


def glyph_run(font: Font, text: str, size: float, x: float, y: float, fill: Color,
              hscale: float = 1.0, tracking: float = 0.0, shaped: Shaped | None = None) -> GlyphRun:
    """One line as positioned glyphs; `tracking` (em) is added after every glyph but the last.
    `shaped` is the line already shaped by HarfBuzz, when the caller has it."""
    shaped = shaped or font.shape(text)
    scale = size / font.units_per_em
    step = tracking * size
    glyphs = tuple(Glyph(gid=g.gid, char=g.char, x=g.x * scale + i * step, y=g.y * scale)
                   for i, g in enumerate(shaped.glyphs))
    extra = step * max(len(glyphs) - 1, 0)
    x0, y0, x1, y1 = shaped.ink()
    ink = Box(x + x0 * scale * hscale, y + y0 * scale,
              x + (x1 * scale + extra) * hscale, y + y1 * scale)
    return GlyphRun(font=font.path, size=size, x=x, y=y, glyphs=glyphs, text=text, fill=fill,
                    ink=ink, advance=shaped.advance * scale + extra, hscale=hscale)
