"""Vietnamese banner typesetting: case, tokens, line breaking by cost, and fitting to a box.

Pure functions over small value objects, in the manner of fpdf2's line_break.py: the breaker
sees tokens and their measures (from HarfBuzz, or from a fake fixed-width font in tests), never
a PDF. Sizes here are in em (multiply by the type size in points).
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass, replace
from typing import Sequence

# A line ending after these reads as a pause the writer intended (docs/sign-maker-layouts.md, principle 1).
BREAK_AFTER = (",", ";", ":", ".", "!", "?", "-", "–", "—")
# Tokens that are punctuation alone: never start a line with them (principle 1, "never before
# punctuation").
PUNCTUATION_ONLY = set("-–—,;:.!?")
# A line may start with these: they open a phrase (docs/sign-maker-layouts.md, principle 3).
PHRASE_OPENERS = ("và", "tiến tới", "với", "của", "vì", "để", "cùng", "nhằm")

# Costs of a break, relative to a plain break between two words (0): a break at punctuation or
# before a phrase opener reads better (negative cost), one inside a phrase worse, one after a
# binding word much worse. Each point costs about 2.5 % of type size in the ranking, so a
# layout trades a little size for breaks where a reader pauses (docs/sign-maker-layouts.md, principles 1-4).
COST_PUNCTUATION = -2.0
COST_PHRASE = -1.0
COST_WORD = 0.0
COST_PHRASE_INSIDE = 6.0
COST_BINDING = 40.0
COST_INSIDE_WORD = 60.0  # forbidden while any alternative exists
PENALTY_WEIGHT = 0.025
ENUMERATION_LIMIT = 60_000


@dataclass(frozen=True)
class Measure:
    """A piece of text measured at 1 em: advance and ink extents (ink_x0 .. ink_x1, bottom .. top)."""

    advance: float
    ink_x0: float
    ink_x1: float
    bottom: float
    top: float


@dataclass(frozen=True)
class Layout:
    """The chosen lines, their type size in points and horizontal scale."""

    lines: tuple[str, ...]
    size: float
    hscale: float
    penalty: float
    score: float


def set_case(text: str, case: str) -> str:
    """NFC, then capitals when the template says so (banner text is set in capitals)."""
    text = unicodedata.normalize("NFC", text)
    return unicodedata.normalize("NFC", text.upper()) if case == "upper" else text


def tokens_of(text: str) -> list[str]:
    return text.split()


def gap_costs(tokens: Sequence[str], inside_word: Sequence[bool],
              binding: Sequence[bool], inside_phrase: Sequence[bool] | None = None) -> list[float]:
    """The cost of ending a line after token i, for each gap i (len(tokens) - 1 values)."""
    inside_phrase = inside_phrase or [False] * len(inside_word)
    costs = []
    for i in range(len(tokens) - 1):
        left, right = tokens[i], tokens[i + 1]
        if right in PUNCTUATION_ONLY or right[0] in ",;:.!?":
            costs.append(math.inf)  # never break before punctuation
        elif inside_word[i]:  # the lexicon knows best: "(16/3/1975 - 16/3/2020)" stays whole
            costs.append(COST_INSIDE_WORD)
        elif left.endswith(BREAK_AFTER):
            costs.append(COST_PUNCTUATION)
        elif binding[i]:
            costs.append(COST_BINDING)
        elif inside_phrase[i]:
            costs.append(COST_PHRASE_INSIDE)
        elif _opens_phrase(tokens, i + 1):
            costs.append(COST_PHRASE)
        else:
            costs.append(COST_WORD)
    return costs


def _opens_phrase(tokens: Sequence[str], start: int) -> bool:
    for opener in PHRASE_OPENERS:
        words = opener.split()
        chunk = [t.lower().strip(",;:.!?") for t in tokens[start:start + len(words)]]
        if chunk == words:
            return True
    return False


def line_measure(parts: Sequence[Measure], space: float) -> Measure:
    """Measure of tokens set on one line with single spaces (sum of advances; union of ink)."""
    pen = 0.0
    x0 = math.inf
    x1 = -math.inf
    bottom = 0.0
    top = 0.0
    for index, part in enumerate(parts):
        if index:
            pen += space
        x0 = min(x0, pen + part.ink_x0)
        x1 = max(x1, pen + part.ink_x1)
        bottom = min(bottom, part.bottom)
        top = max(top, part.top)
        pen += part.advance
    return Measure(pen, x0, x1, bottom, top)


@dataclass(frozen=True)
class Box2:
    """The text box and typographic limits the fitter works with (points)."""

    width: float
    height: float
    line_gap: float        # gap between the ink of two lines, in em
    max_size: float        # type size cap, points
    min_size: float
    condense_min: float    # horizontal scale may go down to this to gain size


def fit(lines: Sequence[Measure], box: Box2) -> tuple[float, float]:
    """Largest type size (and horizontal scale) at which these lines fit the box by their ink."""
    ink_width = max(m.ink_x1 - min(0.0, m.ink_x0) for m in lines)
    ink_width = max(ink_width, max(m.advance for m in lines))
    height = block_height(lines, box.line_gap)
    by_height = min(box.height / height if height > 0 else math.inf, box.max_size)
    by_width = box.width / ink_width if ink_width > 0 else math.inf
    if by_width >= by_height:
        return by_height, 1.0
    # Condensing buys size only until the height limit binds (issue: "used only when it helps").
    hscale = max(box.condense_min, by_width / by_height)
    return min(by_height, by_width / hscale), hscale


def line_pitch(lines: Sequence[Measure], line_gap: float) -> float:
    """One baseline-to-baseline distance for the whole block, in em: the closest two lines may
    come while keeping `line_gap` between the ink of every pair (stacked marks above, dots
    below). Even baselines read as one block; ink-to-ink spacing alone looks uneven."""
    return max((lower.top - upper.bottom for upper, lower in zip(lines, lines[1:])),
               default=0.0) + line_gap


def block_height(lines: Sequence[Measure], line_gap: float) -> float:
    """Ink height of the block, from the top of the first line to the bottom of the last."""
    if not lines:
        return 0.0
    return lines[0].top - lines[-1].bottom + line_pitch(lines, line_gap) * (len(lines) - 1)


def tracked(line: Measure, glyphs: int, tracking: float) -> Measure:
    """The line with `tracking` em added between each pair of its glyphs."""
    extra = tracking * max(glyphs - 1, 0)
    return Measure(line.advance + extra, line.ink_x0, line.ink_x1 + extra, line.bottom, line.top)


def fit_tracked(lines: Sequence[Measure], glyphs: Sequence[int], box: Box2,
                tracking_min: float) -> tuple[float, float, float]:
    """Like fit(), but tightening letter-spacing first (down to tracking_min em, negative), then
    condensing, each only as far as it buys size. Returns (size, hscale, tracking)."""
    plain = replace(box, condense_min=1.0)
    by_height = fit([Measure(0, 0, 0, m.bottom, m.top) for m in lines], plain)[0]

    def size_at(tracking: float) -> float:
        return fit([tracked(m, g, tracking) for m, g in zip(lines, glyphs)], plain)[0]

    if tracking_min >= 0 or size_at(0.0) >= by_height:
        return (*fit(lines, box), 0.0)
    if size_at(tracking_min) < by_height:
        tracking = tracking_min  # tightened to the limit; condensing may gain the rest
    else:
        lo, hi = tracking_min, 0.0  # the least tightening at which the width stops binding
        for _ in range(24):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if size_at(mid) >= by_height else (lo, mid)
        tracking = lo
    size, hscale = fit([tracked(m, g, tracking) for m, g in zip(lines, glyphs)], box)
    return size, hscale, tracking


def _balance_factor(widths: Sequence[float]) -> float:
    if len(widths) < 2:
        return 1.0
    longest = max(widths)
    if longest <= 0:  # nothing but zero-width glyphs: no balance to judge
        return 1.0
    ratios = [w / longest for w in widths]
    # Even lines read as one block; a short widow reads as a mistake (docs/sign-maker-layouts.md, principle 4).
    return 1.0 - 0.08 * sum((1 - r) ** 2 for r in ratios) / len(ratios)


def choose_layout(tokens: Sequence[str], measures: Sequence[Measure], space: float,
                  costs: Sequence[float], box: Box2, max_lines: int,
                  preferred: Sequence[int] | None = None) -> Layout | None:
    """Among all break sequences with at most max_lines lines, the one with the best score.

    score = type size × exp(−2.5 % × break costs) × evenness, among balanced layouts when there
    are any. Type size comes first (a banner is read from across the street), then where the
    lines break, then even line lengths.
    `preferred` (break gap indices from a catalogue hint) is taken as it is when it fits.
    """
    n_tokens = len(tokens)
    if n_tokens == 0:
        return None
    usable = [i for i, c in enumerate(costs) if c < COST_INSIDE_WORD]
    fallback = [i for i, c in enumerate(costs) if c < math.inf]
    best: Layout | None = None
    cache: dict[tuple[int, int], Measure] = {}

    def measure(a: int, b: int) -> Measure:
        key = (a, b)
        if key not in cache:
            cache[key] = line_measure(measures[a:b], space)
        return cache[key]

    def evaluate(breaks: Sequence[int]) -> tuple[Layout, bool]:
        bounds = [0, *(b + 1 for b in breaks), n_tokens]
        ms = [measure(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
        size, hscale = fit(ms, box)
        penalty = sum(costs[b] for b in breaks)
        widths = [m.advance for m in ms]
        score = size * math.exp(-PENALTY_WEIGHT * penalty) * _balance_factor(widths)
        lines = tuple(" ".join(tokens[bounds[k]:bounds[k + 1]]) for k in range(len(bounds) - 1))
        final_word_alone = bounds[-1] - bounds[-2] == 1
        return Layout(lines, size, hscale, penalty, score), balanced(widths, final_word_alone)

    if preferred is not None:
        layout, _ = evaluate(preferred)
        if layout.size >= box.min_size and len(layout.lines) <= max_lines:
            return layout

    # Balanced layouts first (docs/sign-maker-layouts.md principle 4: the shortest line at least half the
    # longest); an unbalanced one only when no balanced layout exists at all.
    best_balanced: Layout | None = None
    for gaps in (usable, fallback):
        for n_breaks in range(0, max_lines):
            if n_breaks > len(gaps):
                break
            for breaks in _break_sets(gaps, n_breaks, measures, space, costs):
                layout, ok = evaluate(breaks)
                if ok and (best_balanced is None or layout.score > best_balanced.score):
                    best_balanced = layout
                if best is None or layout.score > best.score:
                    best = layout
        chosen = best_balanced or best
        if chosen is not None and chosen.size >= box.min_size:
            return chosen
    return best_balanced or best


def balanced(widths: Sequence[float], final_word_alone: bool = False) -> bool:
    """The shortest line is at least half the longest; a final one-word line is excepted."""
    if len(widths) < 2:
        return True
    considered = widths[:-1] if final_word_alone else widths
    return min(considered) >= 0.5 * max(widths)


def _break_sets(gaps: Sequence[int], n_breaks: int, measures: Sequence[Measure], space: float,
                costs: Sequence[float]):
    """All combinations of break gaps, or, when there are too many, a balanced subset.

    Exhaustive search is exact and cheap for slogans (a dozen usable gaps); very long texts fall
    back to combinations near the balanced positions.
    """
    if math.comb(len(gaps), n_breaks) <= ENUMERATION_LIMIT:
        yield from itertools.combinations(gaps, n_breaks)
        return
    # Near-balanced: for each ideal cut (k/n of the total advance), the 3 nearest gaps.
    positions = list(itertools.accumulate(m.advance + space for m in measures))
    total = positions[-1]
    options = []
    for k in range(1, n_breaks + 1):
        target = total * k / (n_breaks + 1)
        near = sorted(gaps, key=lambda g: abs(positions[g] - target))[:3]
        options.append(sorted(near))
    for combo in itertools.product(*options):
        if all(a < b for a, b in zip(combo, combo[1:])):
            yield combo
