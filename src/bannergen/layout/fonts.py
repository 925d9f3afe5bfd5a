"""Bundled fonts: coverage checks, HarfBuzz shaping (kerning on), real glyph ink extents, and a
shaped line as the Scene's GlyphRun (for the layout and for the marks prepress adds)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.pens.basePen import BasePen

from bannergen.errors import UserError
from bannergen.i18n import Msg
from bannergen.resources import fonts_dir
from bannergen.scene import Box, Color, Glyph, GlyphRun

# Kerning on; ligatures off: banner capitals have none, and one glyph per character keeps the
# PDF text layer exact (every glyph maps back to the character it stands for).
FEATURES = {"kern": True, "liga": False, "clig": False, "dlig": False}
SHAPE_CACHE = 4096  # shaped strings kept per font (a few MB at most)


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
        except Exception:  # uharfbuzz raises plain exceptions for broken files
            raise UserError("font_invalid", value=path.name, reason=Msg("reason_not_truetype")) from None
        self.units_per_em = self._face.upem
        if not self.units_per_em or self._hb.get_nominal_glyph(ord("A")) is None:
            raise UserError("font_invalid", value=path.name, reason=Msg("reason_not_truetype"))
        self.name = path.stem
        self._extents: dict[int, tuple[float, float, float, float] | None] = {}
        self._shaped: dict[str, Shaped] = {}

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
        """Shape `text` with kerning; the same call measures and positions (fpdf2 #1187).

        Shaped strings are kept (a batch sets the same words of the same slogan in many sizes
        and templates, and the line breaker measures each candidate line again); the cache is
        emptied when it grows past SHAPE_CACHE entries, so memory stays bounded.
        """
        shaped = self._shaped.get(text)
        if shaped is None:
            if len(self._shaped) >= SHAPE_CACHE:
                self._shaped.clear()
            shaped = self._shaped[text] = self._shape(text)
        return shaped

    def _shape(self, text: str) -> Shaped:
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
        following = dict(zip(clusters, [*clusters[1:], len(text)]))  # each cluster's end
        glyphs = []
        pen = 0.0
        for info, pos in zip(infos, positions):
            start = info.cluster
            nxt = following[start]
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


class _OpsPen(BasePen):
    """Collects HarfBuzz's draw callbacks (the fontTools pen protocol) as scene path ops.

    fontTools' BasePen turns TrueType quadratics into cubics (control points 2/3 of the way to
    the quadratic's: the same curve exactly) and resolves the implied on-curve points between
    consecutive off-curve ones; PDF paths only know cubics.
    """

    def __init__(self, ops: list[tuple]) -> None:
        super().__init__(glyphSet=None)
        self.ops = ops

    def _moveTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(("M", *pt))

    def _lineTo(self, pt: tuple[float, float]) -> None:
        self.ops.append(("L", *pt))

    def _curveToOne(self, pt1: tuple[float, float], pt2: tuple[float, float],
                    pt3: tuple[float, float]) -> None:
        self.ops.append(("C", *pt1, *pt2, *pt3))

    def _closePath(self) -> None:
        self.ops.append(("Z",))

    _endPath = _closePath  # a glyph is filled: an open contour closes as it would be painted


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
