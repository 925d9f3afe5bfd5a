"""Vietnamese banner typesetting: case, tokens, line breaking by cost, and fitting to a box.

Pure functions over small value objects, in the manner of fpdf2's line_break.py: the breaker
sees tokens and their measures (from HarfBuzz, or from a fake fixed-width font in tests), never
a PDF. Sizes here are in em (multiply by the type size in points).
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from dataclasses import dataclass
from typing import Callable, Sequence

# A line ending after these reads as a pause the writer intended (LAYOUTS.md, principle 1).
BREAK_AFTER = (",", ";", ":", ".", "!", "?", "-", "–", "—")
# Tokens that are punctuation alone: never start a line with them (principle 1, "never before
# punctuation").
PUNCTUATION_ONLY = set("-–—,;:.!?")
# A line may start with these: they open a phrase (LAYOUTS.md, principle 3).
PHRASE_OPENERS = ("và", "tiến tới", "với", "của", "vì", "để", "cùng", "nhằm")

# Costs of a break, in "points of penalty"; each point costs 2.5 % of type size in the ranking.
COST_PUNCTUATION = 0.0
COST_PHRASE = 0.6
COST_WORD = 1.6
COST_BINDING = 12.0
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
              binding: Sequence[bool]) -> list[float]:
    """The cost of ending a line after token i, for each gap i (len(tokens) - 1 values)."""
    costs = []
    for i in range(len(tokens) - 1):
        left, right = tokens[i], tokens[i + 1]
        if right in PUNCTUATION_ONLY or right[0] in ",;:.!?":
            costs.append(math.inf)  # never break before punctuation
        elif left.endswith(BREAK_AFTER):
            costs.append(COST_PUNCTUATION)
        elif inside_word[i]:
            costs.append(COST_INSIDE_WORD)
        elif binding[i]:
            costs.append(COST_BINDING)
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
    height = sum(m.top - m.bottom for m in lines) + box.line_gap * (len(lines) - 1)
    by_height = min(box.height / height if height > 0 else math.inf, box.max_size)
    by_width = box.width / ink_width if ink_width > 0 else math.inf
    if by_width >= by_height:
        return by_height, 1.0
    # Condensing buys size only until the height limit binds (issue: "used only when it helps").
    hscale = max(box.condense_min, by_width / by_height)
    return min(by_height, by_width / hscale), hscale


def _balance_factor(widths: Sequence[float]) -> float:
    if len(widths) < 2:
        return 1.0
    longest = max(widths)
    if longest <= 0:  # nothing but zero-width glyphs: no balance to judge
        return 1.0
    ratios = [w / longest for w in widths]
    # Even lines read as one block; a short widow reads as a mistake (LAYOUTS.md, principle 4).
    factor = 1.0 - 0.08 * sum((1 - r) ** 2 for r in ratios) / len(ratios)
    if min(ratios) < 0.5:
        factor *= 0.75
    return factor


def choose_layout(tokens: Sequence[str], measures: Sequence[Measure], space: float,
                  costs: Sequence[float], box: Box2, max_lines: int,
                  preferred: Sequence[int] | None = None) -> Layout | None:
    """Among all break sequences with at most max_lines lines, the one with the best score.

    score = type size × (1 − 2.5 % per penalty point) × balance. Type size comes first (a
    banner is read from across the street), then break quality, then even line lengths.
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

    def evaluate(breaks: Sequence[int]) -> Layout:
        bounds = [0, *(b + 1 for b in breaks), n_tokens]
        ms = [measure(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]
        size, hscale = fit(ms, box)
        penalty = sum(costs[b] for b in breaks)
        score = size * max(0.05, 1 - PENALTY_WEIGHT * penalty) * _balance_factor(
            [m.advance for m in ms])
        lines = tuple(" ".join(tokens[bounds[k]:bounds[k + 1]]) for k in range(len(bounds) - 1))
        return Layout(lines, size, hscale, penalty, score)

    if preferred is not None:
        layout = evaluate(preferred)
        if layout.size >= box.min_size and len(layout.lines) <= max_lines:
            return layout

    for gaps in (usable, fallback):
        for n_breaks in range(0, max_lines):
            if n_breaks > len(gaps):
                break
            for breaks in _break_sets(gaps, n_breaks, measures, space, costs):
                layout = evaluate(breaks)
                if best is None or layout.score > best.score:
                    best = layout
        if best is not None and best.size >= box.min_size:
            break
    return best


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


def measure_tokens(tokens: Sequence[str], measure: Callable[[str], Measure]) -> list[Measure]:
    return [measure(t) for t in tokens]
