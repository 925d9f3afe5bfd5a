"""The layout engine: a Job (slogan × template × size) becomes a Scene of positioned items."""

from __future__ import annotations

import math
from dataclasses import dataclass

from bannergen.errors import UserError
from bannergen.fonts import Font, get_font
from bannergen.scene import Box, Color, Glyph, GlyphRun, Item, Rect, Scene
from bannergen.templates import Template
from bannergen.text import (Box2, Layout, Measure, choose_layout, fit, gap_costs, set_case,
                            tokens_of)
from bannergen.units import Size, mm


@dataclass(frozen=True)
class Job:
    """One product to make: which text, on which template, at which size."""

    text: str
    template: Template
    size: Size
    slogan_id: int | None = None
    slug: str = "text"
    bleed_mm: float | None = None
    keep: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    office: str | None = None
    occasion: str | None = None
    draft: bool = False


WATERMARK_TEXT = "BẢN NHÁP – CHƯA PHÊ DUYỆT"
WATERMARK_FONT = "BeVietnamPro-Bold.ttf"
WATERMARK_COLOR = Color(rgb=(1.0, 1.0, 1.0), cmyk=(0.0, 0.0, 0.0, 0.0), name="watermark")
WATERMARK_OPACITY = 0.55


def compose(job: Job) -> Scene:
    """Lay out one page. All layout decisions are made here and nowhere later."""
    template = job.template
    width, height = job.size.width_pt, job.size.height_pt
    bleed = mm(template.bleed_mm if job.bleed_mm is None else job.bleed_mm)
    margin = mm(template.margin_mm(job.size))
    page = Box(0.0, 0.0, width, height)
    safe = page.inset(margin)
    items: list[Item] = [Rect(page.inset(-bleed), template.background)]

    region = safe
    region, flag_items = _place_flags(template, region)
    items.extend(flag_items)
    region, secondary_items = _place_secondary(job, region, page)
    # The slogan is painted before the secondary lines so that it comes first in the PDF's text.
    items.extend(_set_text(job, region))
    items.extend(secondary_items)
    if job.draft:
        items.extend(watermark(width, height))
    meta = (("slogan", str(job.slogan_id or job.slug)), ("template", template.name),
            ("size", job.size.label)) + ((("draft", "1"),) if job.draft else ())
    return Scene(width=width, height=height, items=tuple(items), safe_area=safe, bleed=bleed,
                 title=(WATERMARK_TEXT + ": " if job.draft else "") + set_case(job.text, "upper"),
                 meta=meta)


def watermark(width: float, height: float) -> list[Item]:
    """The draft mark: a translucent diagonal line of text, repeated along a long page.

    It is part of the scene, so that the PDF and every raster made from it carry it alike. A long
    banner is cut into cells about 2.5 times longer than wide, one diagonal mark per cell, so the
    mark stays legible on any piece of the banner that is seen (or photographed) on its own.
    """
    from bannergen.scene import Path

    font = get_font(WATERMARK_FONT)
    shaped = font.shape(WATERMARK_TEXT)
    upem = font.units_per_em
    x0, y0, x1, y1 = shaped.ink()
    along_x = width >= height
    long_side, short_side = (width, height) if along_x else (height, width)
    cells = max(1, round(long_side / (2.5 * short_side)))
    cell_w, cell_h = (width / cells, height) if along_x else (width, height / cells)
    angle = math.atan2(cell_h, cell_w)
    diagonal = math.hypot(cell_w, cell_h)
    # As large as fits: 80 % of the cell's diagonal, and no taller than 30 % of its short side.
    size = min(0.8 * diagonal * upem / (x1 - x0), 0.3 * min(cell_w, cell_h) * upem / (y1 - y0))
    scale = size / upem
    cos, sin = math.cos(angle), math.sin(angle)
    cx_text, cy_text = (x0 + x1) / 2, (y0 + y1) / 2
    items: list[Item] = []
    for i in range(cells):
        cx = (i + 0.5) * cell_w if along_x else width / 2
        cy = height / 2 if along_x else (i + 0.5) * cell_h
        ops: list[tuple] = []
        for glyph in shaped.glyphs:
            def place(x: float, y: float, g=glyph) -> tuple[float, float]:
                u, v = (g.x + x - cx_text) * scale, (g.y + y - cy_text) * scale
                return (cx + u * cos - v * sin, cy + u * sin + v * cos)

            for op in font.outline(glyph.gid):
                if op[0] == "Z":
                    ops.append(op)
                    continue
                coords = op[1:]
                points = [place(coords[k], coords[k + 1]) for k in range(0, len(coords), 2)]
                ops.append((op[0], *[c for p in points for c in p]))
        items.append(Path(ops=tuple(ops), fill=WATERMARK_COLOR, opacity=WATERMARK_OPACITY))
    return items


def _place_flags(template: Template, region: Box) -> tuple[Box, list[Item]]:
    """Party flag then national flag, as on congress banners (EMBLEMS.md, Placement)."""
    if template.flags_position == "none":
        return region, []
    from bannergen.emblems import flag_pair

    red = template.colors.get("red", template.background)
    yellow = template.colors.get("yellow", template.text.color)
    if template.flags_position == "left":
        flag_h = template.flags_height_ratio * region.height
        gap = 0.12 * flag_h
        pair_w = 3.0 * flag_h + gap
        if pair_w > 0.3 * region.width:  # a squat page: keep most of the width for the text
            flag_h *= 0.3 * region.width / pair_w
            gap = 0.12 * flag_h
            pair_w = 3.0 * flag_h + gap
        y = region.y0 + (region.height - flag_h) / 2
        flag_items, _ = flag_pair(region.x0, y, flag_h, gap, red, yellow)
        padding = 0.35 * flag_h
        return Box(region.x0 + pair_w + padding, region.y0, region.x1, region.y1), list(flag_items)
    # top
    pair_w = template.flags_height_ratio * region.width
    flag_h = pair_w / 3.12
    if flag_h > 0.25 * region.height:  # a squat page: the slogan keeps most of the height
        flag_h = 0.25 * region.height
        pair_w = 3.12 * flag_h
    gap = 0.12 * flag_h
    x = region.x0 + (region.width - pair_w) / 2
    y = region.y1 - flag_h
    flag_items, _ = flag_pair(x, y, flag_h, gap, red, yellow)
    padding = 0.3 * flag_h
    return Box(region.x0, region.y0, region.x1, y - padding), list(flag_items)


def _place_secondary(job: Job, region: Box, page: Box) -> tuple[Box, list[Item]]:
    """Secondary lines (issuing office, occasion) at the foot of a poster, in the second font."""
    secondary = job.template.secondary
    if secondary is None:
        return region, []
    texts = []
    for kind in secondary.lines:
        value = {"office": job.office, "occasion": job.occasion}.get(kind)
        if value:
            texts.append(set_case(value, "upper"))
    if not texts:
        return region, []
    font = get_font(secondary.font)
    size = secondary.size_ratio * min(page.width, page.height)
    runs: list[Item] = []
    y = region.y0
    for text in reversed(texts):
        font.require(text)
        shaped = font.shape(text)
        scale = size / font.units_per_em
        line_w = shaped.advance * scale
        s = min(size, size * region.width / line_w) if line_w > region.width else size
        run = _glyph_run(font, text, s, 0.0, 0.0, secondary.color, 1.0)
        x = region.x0 + (region.width - (run.ink.x1 - run.ink.x0)) / 2 - run.ink.x0
        y_base = y - run.ink.y0
        runs.append(_glyph_run(font, text, s, x, y_base, secondary.color, 1.0))
        y = y_base + run.ink.y1 + 0.5 * s
    return Box(region.x0, y + 0.6 * size, region.x1, region.y1), runs


def _set_text(job: Job, region: Box) -> list[GlyphRun]:
    style = job.template.text
    font = get_font(style.font)
    text = set_case(job.text, style.case)
    font.require(text)
    tokens = tokens_of(text)
    layout = _layout(job, font, tokens, region)
    if layout is None or layout.size < style.min_size_pt:
        raise UserError("text_does_not_fit", template=job.template.name,
                        width=round(region.width * 25.4 / 72), height=round(region.height * 25.4 / 72),
                        min_size=style.min_size_pt, value=job.text[:40])
    # Shape each chosen line whole, so that the kerning across spaces is the one we print, and
    # refit on those exact measures.
    upem = font.units_per_em
    shaped = [font.shape(line) for line in layout.lines]
    measures = []
    for s in shaped:
        x0, y0, x1, y1 = s.ink()
        measures.append(Measure(s.advance / upem, x0 / upem, x1 / upem, y0 / upem, y1 / upem))
    box = _fit_box(job, region)
    size, hscale = fit(measures, box)
    size = min(size, layout.size * 1.02)
    gap = style.line_gap * size
    total = sum((m.top - m.bottom) * size for m in measures) + gap * (len(measures) - 1)
    top = region.y1 - (region.height - total) / 2
    runs = []
    for line, m in zip(layout.lines, measures):
        baseline = top - m.top * size
        ink_w = (m.ink_x1 - m.ink_x0) * size * hscale
        if style.align == "left":
            x = region.x0 - m.ink_x0 * size * hscale
        elif style.align == "right":
            x = region.x1 - m.ink_x1 * size * hscale
        else:
            x = region.x0 + (region.width - ink_w) / 2 - m.ink_x0 * size * hscale
        runs.append(_glyph_run(font, line, size, x, baseline, style.color, hscale))
        top = baseline + m.bottom * size - gap
    return runs


def _fit_box(job: Job, region: Box) -> Box2:
    style = job.template.text
    return Box2(width=region.width, height=region.height, line_gap=style.line_gap,
                max_size=style.max_size_ratio * region.height,
                min_size=style.min_size_pt, condense_min=style.condense_min)


def _layout(job: Job, font: Font, tokens: list[str], region: Box) -> Layout | None:
    from bannergen.lexicon import analyse

    style = job.template.text
    upem = font.units_per_em
    measures = []
    for token in tokens:
        s = font.shape(token)
        x0, y0, x1, y1 = s.ink()
        measures.append(Measure(s.advance / upem, x0 / upem, x1 / upem, y0 / upem, y1 / upem))
    space = font.shape(" ").advance / upem
    gaps = analyse(tokens, keep=job.keep)
    costs = gap_costs(tokens, [g.inside_word for g in gaps], [g.binding for g in gaps])
    preferred = _preferred_breaks(tokens, job.lines, style.case)
    return choose_layout(tokens, measures, space, costs, _fit_box(job, region), style.max_lines,
                         preferred)


def _preferred_breaks(tokens: list[str], lines: tuple[str, ...], case: str) -> list[int] | None:
    """Gap indices of a catalogue hint `lines`, when its lines rejoin to exactly the text."""
    if not lines:
        return None
    counts = [len(tokens_of(set_case(line, case))) for line in lines]
    if sum(counts) != len(tokens):
        return None
    breaks, at = [], -1
    for count in counts[:-1]:
        at += count
        breaks.append(at)
    return breaks


def _glyph_run(font: Font, text: str, size: float, x: float, y: float, fill: Color,
               hscale: float) -> GlyphRun:
    shaped = font.shape(text)
    scale = size / font.units_per_em
    glyphs = tuple(Glyph(gid=g.gid, char=g.char, x=g.x * scale, y=g.y * scale)
                   for g in shaped.glyphs)
    x0, y0, x1, y1 = shaped.ink()
    ink = Box(x + x0 * scale * hscale, y + y0 * scale, x + x1 * scale * hscale, y + y1 * scale)
    return GlyphRun(font=font.path, size=size, x=x, y=y, glyphs=glyphs, text=text, fill=fill,
                    ink=ink, advance=shaped.advance * scale, hscale=hscale)


def ink_boxes(scene: Scene) -> list[Box]:
    """The ink box of every text line, for tests and checks."""
    return [run.ink for run in scene.glyph_runs()]


