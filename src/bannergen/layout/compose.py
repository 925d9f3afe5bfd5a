"""The layout engine: a Job (slogan × template × size) becomes a Scene of positioned items."""

from __future__ import annotations

import math

from bannergen.errors import UserError
from bannergen.inputs.images import Logo
from bannergen.inputs.job import Job
from bannergen.inputs.templates import Template
from bannergen.inputs.units import mm
from bannergen.layout.fonts import Font, Shaped, get_font
from bannergen.layout.text import (
    Box2,
    Layout,
    Measure,
    block_height,
    choose_layout,
    fit_tracked,
    gap_costs,
    line_pitch,
    set_case,
    tokens_of,
    tracked,
)
from bannergen.scene import (
    Box,
    Color,
    Glyph,
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
    items.extend(_set_text(job, region))
    items.extend(secondary_items)
    if job.draft:
        items.extend(watermark(width, height))
    meta = (("slogan", str(job.slogan_id or job.slug)), ("template", template.name),
            ("size", job.size.label)) + ((("draft", "1"),) if job.draft else ())
    return Scene(width=width, height=height, items=tuple(_bleed_edges(items, page, bleed)),
                 safe_area=safe, bleed=bleed,
                 title=(WATERMARK_TEXT + ": " if job.draft else "") + set_case(job.text, "upper"),
                 meta=meta, hem=mm(template.hem_mm), grommets=grommet_positions(template, page))


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


def _place_flags(template: Template, region: Box) -> tuple[Box, list[Item]]:
    """Party flag then national flag, as on congress banners (EMBLEMS.md, Placement)."""
    if template.flags.position == "none":
        return region, []
    from bannergen.layout.emblems import flag_pair

    red = template.palette.get("red", template.background)
    yellow = template.palette.get("yellow", template.text.color)
    if template.flags.position == "left":
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


def _place_logo(template: Template, region: Box, logo: Logo | None) -> tuple[Box, list[Item]]:
    """The office's logo in the template's slot: at one end of a wide page, or on top."""
    if logo is None:
        return region, []
    if template.logo.position == "top":
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
        if template.logo.position == "left":
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
    shaped = [font.shape(line) for line in layout.lines]
    measures = [_measure(s, font.units_per_em) for s in shaped]
    box = _fit_box(job, region)
    size, hscale, tracking = fit_tracked(measures, [len(s.glyphs) for s in shaped], box,
                                         style.tracking_min)
    pitch = line_pitch(measures, style.line_gap) * size
    total = block_height(measures, style.line_gap) * size
    if len(measures) > 1:
        # A tall box the lines cannot fill by size (a vertical banner is width-bound): spread
        # the lines down its length, up to the template's limit, as sign-makers do.
        spread = min((region.height - total) / (len(measures) - 1),
                     (style.widest_gap - style.line_gap) * size)
        pitch += max(0.0, spread)
        total = (measures[0].top - measures[-1].bottom) * size + pitch * (len(measures) - 1)
    baseline = region.y1 - (region.height - total) / 2 - measures[0].top * size
    runs = []
    for line, m, s in zip(layout.lines, measures, shaped):
        m = tracked(m, len(s.glyphs), tracking)
        ink_w = (m.ink_x1 - m.ink_x0) * size * hscale
        if style.align == "left":
            x = region.x0 - m.ink_x0 * size * hscale
        elif style.align == "right":
            x = region.x1 - m.ink_x1 * size * hscale
        else:
            x = region.x0 + (region.width - ink_w) / 2 - m.ink_x0 * size * hscale
        runs.append(glyph_run(font, line, size, x, baseline, style.color, hscale, tracking,
                              shaped=s))
        baseline -= pitch
    return runs


def _fit_box(job: Job, region: Box) -> Box2:
    style = job.template.text
    return Box2(width=region.width, height=region.height, line_gap=style.line_gap,
                max_size=style.max_size_ratio * region.height,
                min_size=style.min_size_pt, condense_min=style.condense_min)


def _layout(job: Job, font: Font, tokens: list[str], region: Box) -> Layout | None:
    from bannergen.layout.lexicon import analyse

    style = job.template.text
    upem = font.units_per_em
    measures = [_measure(font.shape(token), upem) for token in tokens]
    space = font.shape(" ").advance / upem
    gaps = analyse(tokens, keep=job.keep)
    costs = gap_costs(tokens, [g.inside_word for g in gaps], [g.binding for g in gaps],
                      [g.inside_phrase for g in gaps])
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


def _measure(shaped: Shaped, units_per_em: int) -> Measure:
    """A shaped string's advance and ink in em, for the breaker and the fitter."""
    x0, y0, x1, y1 = shaped.ink()
    upem = units_per_em
    return Measure(shaped.advance / upem, x0 / upem, x1 / upem, y0 / upem, y1 / upem)


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
