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


def compose(job: Job) -> Scene:
    """Lay out one page. All layout decisions are made here and nowhere later."""
    template = job.template
    width, height = job.size.width_pt, job.size.height_pt
    bleed = mm(template.bleed_mm if job.bleed_mm is None else job.bleed_mm)
    # Background first, exactly the trim: _bleed_edges extends it (and any edge art) by the bleed.
    margin = mm(template.margin_mm(job.size))
    page = Box(0.0, 0.0, width, height)
    safe = page.inset(margin)
    items: list[Item] = [Rect(page, template.background)]

    region = safe
    region, flag_items = _place_flags(template, region)
    items.extend(flag_items)
    region, secondary_items = _place_secondary(job, region, page)
    # The slogan is painted before the secondary lines so that it comes first in the PDF's text.
    items.extend(_set_text(job, region))
    items.extend(secondary_items)
    return Scene(width=width, height=height, items=tuple(_bleed_edges(items, page, bleed)),
                 safe_area=safe, bleed=bleed, title=set_case(job.text, "upper"),
                 meta=(("slogan", str(job.slogan_id or job.slug)), ("template", template.name),
                       ("size", job.size.label)),
                 hem=mm(template.hem_mm), grommets=grommet_positions(template, page))


def _bleed_edges(items: list[Item], page: Box, bleed: float) -> list[Item]:
    """Art that touches a trim edge runs on into the bleed, so a cut a little off the trim line
    shows no white hairline (shop practice; the BleedBox of ISO 32000-1 §14.11.2)."""
    if not bleed:
        return items
    eps = 1e-6
    out: list[Item] = []
    for item in items:
        if isinstance(item, Rect):
            b = item.box
            item = Rect(Box(b.x0 - bleed if b.x0 <= page.x0 + eps else b.x0,
                            b.y0 - bleed if b.y0 <= page.y0 + eps else b.y0,
                            b.x1 + bleed if b.x1 >= page.x1 - eps else b.x1,
                            b.y1 + bleed if b.y1 >= page.y1 - eps else b.y1), item.fill)
        out.append(item)
    return out


def grommet_positions(template: Template, page: Box) -> tuple[tuple[float, float], ...]:
    """Grommet centres: one in each corner of the hem, the rest evenly spaced along each edge,
    never further apart than the template's spacing (sign-makers' rule of thumb: 30-60 cm)."""
    if template.grommet_spacing_mm is None:
        return ()
    inset = mm(template.grommet_inset_mm)
    spacing = mm(template.grommet_spacing_mm)
    x0, y0, x1, y1 = page.x0 + inset, page.y0 + inset, page.x1 - inset, page.y1 - inset
    if x1 <= x0 or y1 <= y0:
        return ()

    def stops(a: float, b: float) -> list[float]:
        n = max(1, math.ceil((b - a) / spacing - 1e-9))
        return [a + (b - a) * i / n for i in range(n + 1)]

    xs, ys = stops(x0, x1), stops(y0, y1)
    points = [(x, y0) for x in xs] + [(x1, y) for y in ys[1:]]
    points += [(x, y1) for x in reversed(xs[:-1])] + [(x0, y) for y in reversed(ys[1:-1])]
    return tuple(points)


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


