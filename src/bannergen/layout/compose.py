"""The layout engine: a Job (slogan × template × size) becomes a Scene of positioned items."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from bannergen.errors import UserError
from bannergen.inputs.images import Logo
from bannergen.inputs.job import WIDE_RATIO, Job, shape
from bannergen.inputs.templates import Template
from bannergen.inputs.units import mm
from bannergen.layout.fonts import Font, Shaped, get_font, glyph_run
from bannergen.layout.text import (
    Box2,
    Layout,
    LeadIn,
    Measure,
    block_height,
    choose_layout,
    fit_tracked,
    gap_costs,
    layout_of,
    line_pitch,
    set_case,
    set_width,
    tokens_of,
    tracked,
)
from bannergen.scene import (
    Box,
    Color,
    GlyphRun,
    Image,
    Item,
    Rect,
    Scene,
    Stroke,
)

WATERMARK_TEXT = "BẢN NHÁP – CHƯA PHÊ DUYỆT"
WATERMARK_FONT = "BeVietnamPro-Bold.ttf"
WATERMARK_COLOR = Color(rgb=(1.0, 1.0, 1.0), cmyk=(0.0, 0.0, 0.0, 0.0), name="watermark")
WATERMARK_OPACITY = 0.55


#: A lead-in line is used when it sets the main text at least this much larger (or better).
LEAD_GAIN = 1.05
#: Something the user should know about a layout: a message key and its parameters.
Warning = tuple[str, dict]


def compose(job: Job) -> Scene:
    """Lay out one page. All layout decisions are made here and nowhere later."""
    template = job.template
    width, height = job.size.width_pt, job.size.height_pt
    bleed = mm(job.bleed)
    # Background first, exactly the trim: _bleed_edges extends it (and any edge art) by the bleed.
    margin_mm = template.margin_mm(job.size)
    shorter = min(job.size.width_mm, job.size.height_mm)
    if shorter < 3 * margin_mm:
        # Hems and margins would leave (almost) no room for the text: say so plainly.
        raise UserError("size_too_small_for_template", value=job.size.label,
                        template=template.name, margin=round(margin_mm),
                        minimum=math.ceil(3 * margin_mm))
    margin = mm(margin_mm)
    page = Box(0.0, 0.0, width, height)
    safe = page.inset(margin)
    items: list[Item] = [Rect(page, template.background)]

    items.extend(_border(template, page, safe))
    region = safe
    region, logo_items = _place_logo(template, region, job.logo)
    items.extend(logo_items)
    region, flag_items = _place_flags(template, region)
    items.extend(flag_items)
    region, secondary_items = _place_secondary(job, region, page)
    region, rule_items = _rules(template, page, region)
    items.extend(rule_items)
    # The slogan is painted before the secondary lines so that it comes first in the PDF's text.
    warnings: list[Warning] = []
    items.extend(_set_event(job, region, warnings) if template.layout == "backdrop"
                 else _set_text(job, region, warnings))
    items.extend(secondary_items)
    if job.draft:
        items.extend(watermark(width, height))
    meta = (("slogan", str(job.slogan_id or job.slug)), ("template", template.name),
            ("size", job.size.label)) + ((("draft", "1"),) if job.draft else ())
    return Scene(width=width, height=height, items=tuple(_bleed_edges(items, page, bleed)),
                 safe_area=safe, bleed=bleed,
                 title=(WATERMARK_TEXT + ": " if job.draft else "") + set_case(job.text, "upper"),
                 meta=meta, hem=mm(template.hem_mm), grommets=grommet_positions(template, page),
                 warnings=tuple((key, tuple(sorted((k, str(v)) for k, v in params.items())))
                                for key, params in warnings))


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
    if template.grommets is None:
        return ()
    inset = mm(template.grommet_inset_mm)
    spacing = mm(template.grommets.spacing_mm)
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


# The hall backdrop's emblem at the left may take at most this share of the text region's
# width; past it (portrait pages) it goes on top, at most these shares of the width and height.
EMBLEM_LEFT_MAX = 0.6
EMBLEM_TOP_WIDTH = 0.4
EMBLEM_TOP_HEIGHT = 0.18


def _place_flags(template: Template, region: Box) -> tuple[Box, list[Item]]:
    """Party flag then national flag, as on congress banners (EMBLEMS.md, Placement)."""
    position = _resolve(template.flags.position, region, wide="left")
    if position == "none":
        return region, []
    from bannergen.layout.emblems import flag_pair, party_emblem

    red = template.palette.get("red", template.background)
    yellow = template.palette.get("yellow", template.text.color)
    if position == "emblem":
        # A hall backdrop: the hammer and sickle alone, large, at the left (drawn by the same
        # rules as on the Party flag, in a 3:2 box whose emblem is 4/10 of its length).
        side = template.flags.height_ratio * region.height
        flag_w = side / 0.4  # the emblem's diameter is 0.4 × the flag's length
        if 1.25 * side > EMBLEM_LEFT_MAX * region.width:
            # A portrait or squarish page (A4, 300x400cm): at the left the emblem would take
            # the whole width (the text box came out of negative width); set it on top,
            # centred, and leave the text the rest of the height.
            side = min(EMBLEM_TOP_WIDTH * region.width, EMBLEM_TOP_HEIGHT * region.height)
            flag_w = side / 0.4
            cx, top = (region.x0 + region.x1) / 2, region.y1
            box = Box(cx - flag_w / 2, top - side / 2 - flag_w / 3,
                      cx + flag_w / 2, top - side / 2 + flag_w / 3)
            emblem = party_emblem(box, yellow)
            return (Box(region.x0, region.y0, region.x1, top - 1.25 * side),
                    [emblem.sickle, emblem.hammer])
        x = region.x0 + side / 2 - flag_w / 2
        y = region.y0 + (region.height - flag_w * 2 / 3) / 2
        box = Box(x, y, x + flag_w, y + flag_w * 2 / 3)
        emblem = party_emblem(box, yellow)
        return (Box(region.x0 + 1.25 * side, region.y0, region.x1, region.y1),
                [emblem.sickle, emblem.hammer])
    if position == "left":
        flag_h = template.flags.height_ratio * region.height
        gap = 0.12 * flag_h
        pair_w = 3.0 * flag_h + gap
        if pair_w > 0.3 * region.width:  # a squat page: keep most of the width for the text
            flag_h *= 0.3 * region.width / pair_w
            gap = 0.12 * flag_h
            pair_w = 3.0 * flag_h + gap
        y = region.y0 + (region.height - flag_h) / 2
        flag_items, _ = flag_pair(region.x0, y, flag_h, gap, red, yellow)
        padding = 0.35 * flag_h
        return (Box(region.x0 + pair_w + padding, region.y0, region.x1, region.y1),
                _framed(template, flag_items, flag_h))
    # top
    pair_w = template.flags.height_ratio * region.width
    flag_h = pair_w / 3.12
    if flag_h > 0.25 * region.height:  # a squat page: the slogan keeps most of the height
        flag_h = 0.25 * region.height
        pair_w = 3.12 * flag_h
    gap = 0.12 * flag_h
    x = region.x0 + (region.width - pair_w) / 2
    y = region.y1 - flag_h
    flag_items, _ = flag_pair(x, y, flag_h, gap, red, yellow)
    padding = 0.3 * flag_h
    return Box(region.x0, region.y0, region.x1, y - padding), _framed(template, flag_items, flag_h)


def _resolve(position: str, region: Box, wide: str) -> str:
    """`auto` (the screen template: any aspect ratio) as the position that suits this page: at
    the ends of a strip (a web header, a banner: the line breaker's "wide" shape, WIDE_RATIO),
    on top of the text on squarer pages (16:9 screens, squares, portraits)."""
    if position != "auto":
        return position
    return wide if region.width >= WIDE_RATIO * region.height else "top"


def _place_logo(template: Template, region: Box, logo: Logo | None) -> tuple[Box, list[Item]]:
    """The office's logo in the template's slot: at one end of a wide page, or on top."""
    if logo is None:
        return region, []
    position = _resolve(template.logo.position, region, wide="right")
    if position == "top":
        height = min(template.logo.height_ratio * region.width / logo.aspect, 0.2 * region.height)
        width = height * logo.aspect
        box = Box(region.x0 + (region.width - width) / 2, region.y1 - height,
                  region.x0 + (region.width + width) / 2, region.y1)
        rest = Box(region.x0, region.y0, region.x1, box.y0 - 0.25 * height)
    else:
        height = template.logo.height_ratio * region.height
        width = min(height * logo.aspect, 0.2 * region.width)
        height = width / logo.aspect
        y0 = region.y0 + (region.height - height) / 2
        if position == "left":
            box = Box(region.x0, y0, region.x0 + width, y0 + height)
            rest = Box(box.x1 + 0.25 * height, region.y0, region.x1, region.y1)
        else:
            box = Box(region.x1 - width, y0, region.x1, y0 + height)
            rest = Box(region.x0, region.y0, box.x0 - 0.25 * height, region.y1)
    return rest, [Image(logo.data, box, backdrop=template.background)]


def _rect_ops(box: Box) -> tuple[tuple, ...]:
    return (("M", box.x0, box.y0), ("L", box.x1, box.y0), ("L", box.x1, box.y1),
            ("L", box.x0, box.y1), ("Z",))


def _framed(template: Template, flag_items: tuple[Item, ...], height: float) -> list[Item]:
    """A thin frame around each flag: a red flag on a red field needs an edge to read as a flag."""
    items = list(flag_items)
    if template.flags.frame is None:
        return items
    width = 0.025 * height
    for item in flag_items:
        if isinstance(item, Rect):
            items.append(Stroke(_rect_ops(item.box.inset(width / 2)), template.flags.frame, width))
    return items


def _border(template: Template, page: Box, safe: Box) -> list[Item]:
    """A decorative border in the margin, between the trim and the safe area."""
    border = template.border
    if border is None:
        return []
    width = mm(border.width_mm)
    margin = safe.x0 - page.x0
    width = min(width, margin * 0.5)
    inset = (margin - width) * border.inset_ratio + width / 2
    return [Stroke(_rect_ops(page.inset(inset)), border.color, width)]


def _rules(template: Template, page: Box, region: Box) -> tuple[Box, list[Item]]:
    """Horizontal rules closing the text region above and below; the text is fitted between
    them, so no line can run into a rule."""
    rules = template.rules
    if rules is None:
        return region, []
    width = rules.width_ratio * min(page.width, page.height)
    gap = 6 * width
    items: list[Item] = [Stroke((("M", region.x0, y), ("L", region.x1, y)), rules.color, width)
                         for y in (region.y1 - width / 2, region.y0 + width / 2)]
    return region.inset(0, width + gap, 0, width + gap), items


def _place_secondary(job: Job, region: Box, page: Box) -> tuple[Box, list[Item]]:
    """Secondary lines (issuing office, occasion) at the foot of a poster, in the second font."""
    secondary = job.template.secondary
    if secondary is None:
        return region, []
    texts = []
    for kind in secondary.lines:
        value = {"office": job.office, "occasion": job.occasion}.get(kind)
        if value:  # an office of two lines (settings: parent body, then office) stays two lines
            texts.extend(set_case(part, "upper") for part in value.split("\n") if part.strip())
    if not texts:
        return region, []
    font = get_font(secondary.font)
    size = secondary.size_ratio * min(page.width, page.height)
    runs: list[Item] = []
    y = region.y0
    for text in reversed(texts):
        font.require(text)
        shaped = font.shape(text)
        line_w = shaped.advance * size / font.units_per_em
        s = size * min(1.0, region.width / line_w)  # a long office name shrinks to the width
        run = glyph_run(font, text, s, 0.0, 0.0, secondary.color, shaped=shaped)
        run = run.moved(region.x0 + (region.width - run.ink.width) / 2 - run.ink.x0,
                        y - run.ink.y0)
        runs.append(run)
        y = run.ink.y1 + 0.5 * s
    # Built from the bottom up; painted (and read in the PDF's text) from the top down.
    return Box(region.x0, y + 0.6 * size, region.x1, region.y1), runs[::-1]


@dataclass(frozen=True)
class _Setting:
    """What the line breaker chose: the main text's layout, and the lead-in line above it (its
    text and the largest size its width allows), when there is one."""

    main: Layout
    lead: str | None = None
    lead_width_size: float = math.inf


def _set_text(job: Job, region: Box, warnings: list[Warning]) -> list[GlyphRun]:
    style = job.template.text
    font = get_font(style.font)
    text = set_case(job.text, style.case)
    font.require(text)
    tokens = tokens_of(text)
    floor = _floor_pt(job, font)
    setting = _typeset(job, font, tokens, region, floor, warnings)
    if setting is None or setting.main.size < floor * (1 - 1e-9):
        raise _too_small(job, font, region, setting.main.size if setting else 0.0, floor)
    # Shape each chosen line whole, so that the kerning across spaces is the one we print, and
    # refit on those exact measures.
    lines = setting.main.lines
    shaped = [font.shape(line) for line in lines]
    measures = [_measure(s, font.units_per_em) for s in shaped]
    lead_runs: list[GlyphRun] = []
    lead_height = 0.0
    main_region = region
    if setting.lead is not None:
        # The lead-in: at most size_ratio of the main size, no wider than the box; the main text
        # is fitted under it (principle 6).
        lead_shaped = font.shape(setting.lead)
        lead_m = _measure(lead_shaped, font.units_per_em)
        lead_size = min(style.lead.size_ratio * setting.main.size, setting.lead_width_size)
        gap = _lead_gap(style) * setting.main.size
        lead_height = (lead_m.top - lead_m.bottom) * lead_size + gap
        main_region = Box(region.x0, region.y0, region.x1, region.y1 - lead_height)
        lead_runs = [_line_run(font, setting.lead, lead_shaped, lead_m, lead_size, 1.0, 0.0, 0.0,
                               region, style)]
    box = _fit_box(job, main_region)
    size, hscale, tracking = fit_tracked(measures, [len(s.glyphs) for s in shaped], box,
                                         style.tracking_min)
    pitch = line_pitch(measures, style.line_gap) * size
    total = block_height(measures, style.line_gap) * size
    if len(measures) > 1:
        # A tall box the lines cannot fill by size (a vertical banner is width-bound): spread
        # the lines down its length, up to the template's limit, as sign-makers do.
        spread = min((main_region.height - total) / (len(measures) - 1),
                     (style.widest_gap - style.line_gap) * size)
        pitch += max(0.0, spread)
        total = (measures[0].top - measures[-1].bottom) * size + pitch * (len(measures) - 1)
    # The lead-in and the main text are centred together in the text region.
    top = region.y1 - (region.height - total - lead_height) / 2
    if lead_runs:
        lead = lead_runs[0]
        lead_runs = [lead.moved(0.0, top - lead.ink.y1)]
        top -= lead_height
    baseline = top - measures[0].top * size
    runs = list(lead_runs)
    for line, m, s in zip(lines, measures, shaped):
        runs.append(_line_run(font, line, s, m, size, hscale, tracking, baseline, region, style))
        baseline -= pitch
    return runs


def _line_run(font: Font, line: str, shaped: Shaped, m: Measure, size: float, hscale: float,
              tracking: float, baseline: float, region: Box, style) -> GlyphRun:
    """One line, aligned in the region by its ink as the template says."""
    m = tracked(m, len(shaped.glyphs), tracking)
    ink_w = (m.ink_x1 - m.ink_x0) * size * hscale
    if style.align == "left":
        x = region.x0 - m.ink_x0 * size * hscale
    elif style.align == "right":
        x = region.x1 - m.ink_x1 * size * hscale
    else:
        x = region.x0 + (region.width - ink_w) / 2 - m.ink_x0 * size * hscale
    return glyph_run(font, line, size, x, baseline, style.color, hscale, tracking, shaped=shaped)


def _lead_gap(style) -> float:
    """The gap between the lead-in's ink and the main text's, in the main text's em: a little
    more than between two lines, so that the lead reads as a line of its own."""
    return style.line_gap + 0.15


def _cap_height_em(font: Font) -> float:
    """The height of a capital H, in em: what a legibility floor in millimetres measures."""
    return font.shape("H").ink()[3] / font.units_per_em


def _floor_pt(job: Job, font: Font) -> float:
    """The legibility floor as a type size: the template's smallest readable cap height for its
    viewing distance (min_cap_height_mm), else its min_size_pt (principle 7)."""
    style = job.template.text
    if style.min_cap_height_mm is None:
        return style.min_size_pt
    return mm(style.min_cap_height_mm) / _cap_height_em(font)


def _too_small(job: Job, font: Font, region: Box, size: float, floor: float) -> UserError:
    """The refusal: how large the capitals would be, the floor, and what to do."""
    style = job.template.text
    cap = size * _cap_height_em(font) * 25.4 / 72
    minimum = (style.min_cap_height_mm if style.min_cap_height_mm is not None
               else floor * _cap_height_em(font) * 25.4 / 72)
    return UserError("text_does_not_fit", template=job.template.name, size=job.size.label,
                     width=round(region.width * 25.4 / 72),
                     height=round(region.height * 25.4 / 72),
                     cap_height=f"{cap:.1f}", minimum=f"{minimum:g}", value=job.text[:40])


def _fit_box(job: Job, region: Box, floor: float = 0.0) -> Box2:
    style = job.template.text
    return Box2(width=region.width, height=region.height, line_gap=style.line_gap,
                max_size=style.max_size_ratio * region.height,
                min_size=floor, condense_min=style.condense_min)


@dataclass(frozen=True)
class _Breaking:
    """One text ready for the line breaker: tokens, their measures and the cost of each gap."""

    tokens: tuple[str, ...]
    measures: tuple[Measure, ...]
    space: float
    costs: tuple[float, ...]
    relaxed: tuple[float, ...]
    narrow: bool


def _breaking(job: Job, font: Font, tokens: list[str]) -> _Breaking:
    from bannergen.layout.lexicon import analyse

    upem = font.units_per_em
    measures = tuple(_token_measure(font, token) for token in tokens)
    space = font.shape(" ").advance / upem
    # The catalogue's own spelling shows where names end ("tỉnh Kon Tum"); the office named by
    # the catalogue, the order or the settings is a name wherever the text mentions it.
    cased = tokens_of(set_case(job.text, "as-is"))
    names = tuple(n for n in (job.office, *job.names) if n)
    gaps = analyse(tokens, keep=job.keep, names=names, cased=cased)
    flags = ([g.inside_word for g in gaps], [g.binding for g in gaps],
             [g.inside_phrase for g in gaps])
    clause = [g.inside_clause for g in gaps]
    # Narrow formats (a vertical banner, a poster, a billboard) take many short lines: a break
    # inside a phrase is allowed there, if dearer than one between phrases (principle 5).
    narrow = shape(job.size) == "narrow"
    costs = gap_costs(tokens, *flags, narrow=narrow, inside_clause=clause)
    relaxed = gap_costs(tokens, *flags, narrow=narrow, relaxed=True, inside_clause=clause)
    return _Breaking(tuple(tokens), measures, space, tuple(costs), tuple(relaxed), narrow)


def _typeset(job: Job, font: Font, tokens: list[str], region: Box, floor: float,
             warnings: list[Warning]) -> _Setting | None:
    """The layout of the text: the catalogue's hint when it can be honoured, else the best the
    line breaker finds, with a lead-in line when the template uses one and it sets the main
    text larger (principle 6)."""
    style = job.template.text
    breaking = _breaking(job, font, tokens)
    box = _fit_box(job, region, floor)
    hinted = _hinted(job, breaking, box, warnings)
    if hinted is not None:
        return _Setting(hinted)
    plain = choose_layout(breaking.tokens, breaking.measures, breaking.space, breaking.costs,
                          box, style.max_lines, breaking.relaxed, wide=not breaking.narrow)
    if plain is None:
        return None
    best = _Setting(plain)
    lead = _lead_count(job, breaking, warnings)
    if lead:
        with_lead = _with_lead(job, font, breaking, lead, box, floor)
        # The lead-in sets the opening phrase smaller: worth it only when the main text gains
        # clearly (LEAD_GAIN), not for a point or two.
        if with_lead is not None and with_lead.main.score > plain.score + math.log(LEAD_GAIN):
            best = with_lead
    return best


def _hinted(job: Job, breaking: _Breaking, box: Box2, warnings: list[Warning]) -> Layout | None:
    """The catalogue's `lines` hint, when it rejoins to the text, fits the template's line count
    and reaches the legibility floor; otherwise a warning naming the slogan and the template."""
    if not job.lines:
        return None
    style = job.template.text
    where = {"slogan": job.slogan_id or job.slug, "template": job.template.name}
    breaks = _preferred_breaks(list(breaking.tokens), job.lines, style.case)
    if breaks is None:
        warnings.append(("hint_lines_not_text", where))
        return None
    if len(job.lines) > style.max_lines:
        warnings.append(("hint_lines_too_many", {**where, "given": len(job.lines),
                                                 "max_lines": style.max_lines}))
        return None
    hinted = layout_of(breaking.tokens, breaking.measures, breaking.space, breaking.costs, box,
                       breaks)
    if hinted.size < box.min_size:
        warnings.append(("hint_lines_too_small", where))
        return None
    return hinted


def _lead_count(job: Job, breaking: _Breaking, warnings: list[Warning]) -> int:
    """How many tokens open the text as its lead-in: the catalogue's hint, else a known opener
    when the template uses lead-ins; 0 for none."""
    from bannergen.layout.lexicon import fold, lead_in

    if job.lead is False or (job.lead is None and not job.template.text.lead.use):
        return 0
    tokens = breaking.tokens
    if isinstance(job.lead, str):
        wanted = [fold(t) for t in tokens_of(job.lead)]
        count = len(wanted)
        if not 0 < count < len(tokens) or [fold(t) for t in tokens[:count]] != wanted:
            warnings.append(("hint_lead_not_prefix", {"slogan": job.slogan_id or job.slug,
                                                      "value": job.lead}))
            return 0
    else:
        count = lead_in(tokens)
    # The lead-in ends where a line may end, and leaves two syllables at least for the main text.
    if count and (count > len(tokens) - 2 or not math.isfinite(breaking.costs[count - 1])
                  or job.template.text.max_lines < 2):
        return 0
    return count


def _with_lead(job: Job, font: Font, breaking: _Breaking, count: int, box: Box2,
               floor: float) -> _Setting | None:
    """The best main text under a lead-in line of the first `count` tokens, or None when the
    lead-in itself would be set below the legibility floor."""
    style = job.template.text
    lead_text = " ".join(breaking.tokens[:count])
    lead_m = _measure(font.shape(lead_text), font.units_per_em)
    width_size = box.width / set_width(lead_m)
    lead = LeadIn(height=lead_m.top - lead_m.bottom, ratio=style.lead.size_ratio,
                  width_size=width_size, gap=_lead_gap(style))
    main = choose_layout(breaking.tokens[count:], breaking.measures[count:], breaking.space,
                         breaking.costs[count:], box, style.max_lines, breaking.relaxed[count:],
                         wide=not breaking.narrow, lead=lead)
    if main is None or min(style.lead.size_ratio * main.size, width_size) < floor:
        return None
    return _Setting(main, lead_text, width_size)


def _preferred_breaks(tokens: list[str], lines: tuple[str, ...], case: str) -> list[int] | None:
    """Gap indices of a catalogue hint `lines`, when its lines rejoin to exactly the text."""
    if not lines:
        return None
    hinted = [tokens_of(set_case(line, case)) for line in lines]
    if [t for line in hinted for t in line] != tokens:
        return None
    counts = [len(line) for line in hinted]
    breaks, at = [], -1
    for count in counts[:-1]:
        at += count
        breaks.append(at)
    return breaks


@lru_cache(maxsize=8192)
def _token_measure(font: Font, token: str) -> Measure:
    """A token's measure, shaped once: slogans repeat their words, and a batch its slogans."""
    return _measure(font.shape(token), font.units_per_em)


def _measure(shaped: Shaped, units_per_em: int) -> Measure:
    """A shaped string's advance and ink in em, for the breaker and the fitter."""
    x0, y0, x1, y1 = shaped.ink()
    upem = units_per_em
    return Measure(shaped.advance / upem, x0 / upem, x1 / upem, y0 / upem, y1 / upem)



# The hierarchy of a hall backdrop, as cap heights on the text region (a congress backdrop: the
# Party and the parent body small on top, the congress's title largest, the term below it, the
# place and date smallest at the foot).
BACKDROP_HEADER = 0.06
BACKDROP_SUBTITLE = 0.085
BACKDROP_PLACE = 0.05
BACKDROP_GAP = 0.045
# ... and never more than these fractions of the title's own cap height: a long title is set
# smaller to fit, and the lines around it follow, so that the title stays the largest line and
# the term reads second (seen: a four-line title under a term set larger than it).
BACKDROP_HEADER_MAX = 0.5
BACKDROP_SUBTITLE_MAX = 0.7
BACKDROP_PLACE_MAX = 0.42


def _set_event(job: Job, region: Box, warnings: list[Warning]) -> list[GlyphRun]:
    """An event on a backdrop: header lines, the title (set like a slogan, as large as fits the
    band left to it), the subtitle and the place-and-date line, each centred on the region.

    The lines around the title are set first at their usual sizes; if the title then comes out
    too small beside them, they are set again at their fractions of the title's size (the
    band for the title only grows, so the title never shrinks on the second pass)."""
    event = job.event
    if event is None:
        raise UserError("backdrop_needs_event", template=job.template.name)
    h = region.height
    sizes = (BACKDROP_HEADER * h, BACKDROP_SUBTITLE * h, BACKDROP_PLACE * h)
    runs, title_cap = _backdrop_lines(job, event, region, sizes, warnings)
    limited = tuple(min(size, ratio * title_cap) for size, ratio in zip(
        sizes, (BACKDROP_HEADER_MAX, BACKDROP_SUBTITLE_MAX, BACKDROP_PLACE_MAX)))
    if limited != sizes:
        runs, _ = _backdrop_lines(job, event, region, limited, warnings=[])
    return runs


def _backdrop_lines(job: Job, event, region: Box, sizes: tuple[float, float, float],
                    warnings: list[Warning]) -> tuple[list[GlyphRun], float]:
    """The backdrop's runs with the header, subtitle and place lines at these cap heights; and
    the title's cap height as it came out."""
    header_size, subtitle_size, place_size = sizes
    style = job.template.text
    second = job.template.secondary
    font = get_font(style.font)
    small_font = get_font(second.font) if second else font
    small_color = second.color if second else style.color
    h = region.height
    top: list[GlyphRun] = []
    y = region.y1
    for line in event.header:
        run = _single_line(font, set_case(line, "upper"), header_size, region, style.color, top=y)
        top.append(run)
        y = run.ink.y0 - 0.35 * header_size
    bottom: list[GlyphRun] = []
    y_low = region.y0
    if event.place_date:
        run = _single_line(small_font, event.place_date, place_size, region, small_color,
                           bottom=y_low)
        bottom.append(run)
        y_low = run.ink.y1 + BACKDROP_GAP * h
    if event.subtitle:
        run = _single_line(font, set_case(event.subtitle, "upper"), subtitle_size, region,
                           style.color, bottom=y_low)
        bottom.append(run)
        y_low = run.ink.y1 + BACKDROP_GAP * h
    y_high = (y - BACKDROP_GAP * h) if top else region.y1
    title = replace(job, text=event.title, keep=(), lines=(), lead=False)
    if y_high - y_low < 0.2 * h:  # no band left for the title
        raise _too_small(title, font, region, 0.0, _floor_pt(job, font))
    band = Box(region.x0, y_low, region.x1, y_high)
    title_runs = _set_text(title, band, warnings)
    title_cap = max(run.size for run in title_runs) * _cap_height_em(font)
    return top + title_runs + bottom[::-1], title_cap


def _single_line(font: Font, text: str, size: float, region: Box, color: Color, *,
                 top: float | None = None, bottom: float | None = None) -> GlyphRun:
    """One centred line whose cap height is `size` (shrunk to the region's width), its ink top at
    `top` or its ink bottom at `bottom`."""
    font.require(text)
    shaped = font.shape(text)
    s = size / _cap_height_em(font)
    width = shaped.advance * s / font.units_per_em
    s *= min(1.0, region.width / width)
    run = glyph_run(font, text, s, 0.0, 0.0, color, shaped=shaped)
    dx = region.x0 + (region.width - run.ink.width) / 2 - run.ink.x0
    dy = (top - run.ink.y1) if top is not None else (bottom - run.ink.y0)
    return run.moved(dx, dy)
