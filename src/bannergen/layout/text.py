"""Vietnamese banner typesetting: case, tokens, line breaking by size first, and fitting to a box.

Pure functions over small value objects, in the manner of fpdf2's line_break.py: the breaker
sees tokens and their measures (from HarfBuzz, or from a fake fixed-width font in tests), never
a PDF. Sizes here are in em (multiply by the type size in points).

The rules are those of docs/typesetting.md:
- hard rules (a layout that breaks one is not considered): never break inside a word or a name,
  never after a binding word, never before punctuation, never inside a phrase on a wide banner;
  no line shorter than a third of the longest; no line of a single syllable; on a wide banner no
  last line of one short word. Only when no such layout reaches the template's legibility floor
  are binding endings, phrase breaks, single syllables and short lines allowed (never a break
  inside a word or a name).
- ranking: the largest type first; then where the lines break, a bounded trade (BREAK_TRADE:
  10-15 % of size for a break at a clause boundary, never half); then even line lengths, a
  smaller trade still. search() finds the optimum of score_layout() exactly.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

# A line ending after these reads as a pause the writer intended (principle 1).
BREAK_AFTER = (",", ";", ":", ".", "!", "?", "-", "–", "—")
# Tokens that are punctuation alone: never start a line with them (principle 1, "never before
# punctuation"). Closing quotes and brackets stay with the word before them too.
PUNCTUATION_ONLY = set("-–—,;:.!?)]}»”’\"")
# A line may start with these: they open a phrase (principle 3).
PHRASE_OPENERS = ("và", "tiến tới", "với", "của", "vì", "để", "cùng", "nhằm", "mà", "thì", "là",
                  "hướng tới")

# The cost of a line break, from 0 (where a reader pauses anyway) to 1 (inside a phrase on a
# wide banner). FORBIDDEN marks the hard rules.
FORBIDDEN = math.inf
COST_CLAUSE = 0.0       # after a comma, a dash, a full stop: a clause boundary
COST_OPENER = 0.25      # before "VÀ", "TIẾN TỚI", ...: a phrase boundary
COST_WORD = 0.5         # between two words of no known phrase
COST_PHRASE_NARROW = 0.65  # inside a phrase on a narrow format, where many short lines are normal
COST_PHRASE = 1.0       # inside a phrase ("ĐẠI HỘI | ĐẢNG BỘ") or a parallel clause, wide format
COST_RELAXED = 1.0      # after a binding word: only when nothing else reaches the legibility floor

# The trades of the ranking (log-score units, about "per cent of type size"): on a banner of two
# or three lines, a break at a clause boundary is worth BREAK_TRADE × the other break's cost: 10 %
# against a break between two words, 13 % against one inside a phrase (principle 4: "10–15 %,
# not half"); evenness up to about EVEN_TRADE / 8 for lines between a third of the longest and
# the longest.
BREAK_TRADE = 0.2
EVEN_TRADE = 0.2
SHORTEST_LINE = 1 / 3  # of the longest
# A last line of a single syllable ("ĐẸP!", "2026!"), or on a wide banner of one word or name
# ("... TRONG SẠCH, / VỮNG MẠNH!"), shorter than this share of the longest reads as a widow; a
# long token on a line of its own, or a bracketed date range on a banner, does not.
WIDOW_SHARE = 1 / 2


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
    """The chosen lines, their type size in points and horizontal scale.

    `breaks` are the gap indices the lines end at; `penalty` is the mean break cost (0..1) and
    `score` the logarithm of the ranking value (larger is better)."""

    lines: tuple[str, ...]
    size: float
    hscale: float
    penalty: float
    score: float
    breaks: tuple[int, ...] = ()


def set_case(text: str, case: str) -> str:
    """NFC, then capitals when the template says so (banner text is set in capitals)."""
    text = unicodedata.normalize("NFC", text)
    return unicodedata.normalize("NFC", text.upper()) if case == "upper" else text


def tokens_of(text: str) -> list[str]:
    return text.split()


def gap_costs(tokens: Sequence[str], inside_word: Sequence[bool], binding: Sequence[bool],
              inside_phrase: Sequence[bool] | None = None, narrow: bool = False,
              relaxed: bool = False, inside_clause: Sequence[bool] | None = None) -> list[float]:
    """The cost of ending a line after token i, for each gap i (len(tokens) - 1 values).

    FORBIDDEN for the hard rules; a binding ending is allowed (at COST_RELAXED) only `relaxed`.
    """
    inside_phrase = inside_phrase or [False] * len(inside_word)
    inside_clause = inside_clause or [False] * len(inside_word)
    phrase_cost = COST_PHRASE_NARROW
    plain = [t.lower().strip(",;:.!?") for t in tokens]
    costs = []
    for i in range(len(tokens) - 1):
        left, right = tokens[i], tokens[i + 1]
        if right in PUNCTUATION_ONLY or right[0] in ",;:.!?":
            costs.append(FORBIDDEN)  # never break before punctuation
        elif inside_word[i]:  # never inside a word or a name (the lexicon knows which)
            costs.append(FORBIDDEN)
        elif left.endswith(BREAK_AFTER):
            costs.append(COST_CLAUSE)
        elif binding[i]:
            costs.append(COST_RELAXED if relaxed else FORBIDDEN)
        elif inside_phrase[i]:
            # On a wide banner a phrase stays whole (principle 3); on a narrow format a break
            # between its words is fine, if dearer than one between phrases (principle 5).
            costs.append(phrase_cost if narrow else COST_RELAXED if relaxed else FORBIDDEN)
        elif inside_clause[i]:
            # one of parallel clauses: one to a line when they fit (principle 3)
            costs.append(COST_PHRASE_NARROW if narrow else COST_PHRASE)
        elif _opens_phrase(plain, i + 1):
            costs.append(COST_OPENER)
        else:
            costs.append(COST_WORD)
    return costs


_OPENER_WORDS = tuple(opener.split() for opener in PHRASE_OPENERS)


def _opens_phrase(plain: Sequence[str], start: int) -> bool:
    """Whether a phrase opener starts at `start` (tokens lower-cased, punctuation stripped)."""
    return any(list(plain[start:start + len(words)]) == words for words in _OPENER_WORDS)


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


def set_width(m: Measure) -> float:
    """The width a line takes in the box, in em: its ink, or its advance when that is wider."""
    return max(m.ink_x1 - min(0.0, m.ink_x0), m.advance)


@dataclass(frozen=True)
class Box2:
    """The text box and typographic limits the fitter works with (points)."""

    width: float
    height: float
    line_gap: float        # gap between the ink of two lines, in em
    max_size: float        # type size cap, points
    min_size: float        # the legibility floor, points
    condense_min: float    # horizontal scale may go down to this to gain size


def fit(lines: Sequence[Measure], box: Box2) -> tuple[float, float]:
    """Largest type size (and horizontal scale) at which these lines fit the box by their ink."""
    ink_width = max(set_width(m) for m in lines)
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


# --- the search ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class LeadIn:
    """A lead-in line above the main text (principle 6): its ink height in em, its size as a
    share of the main text's at most, the largest size its width allows (points), and the gap
    under it in the main text's em."""

    height: float
    ratio: float
    width_size: float
    gap: float

    def main_size(self, height: float, block: float) -> float:
        """The largest main size S whose block (`block` em high) fits `height` points under the
        lead-in, which takes min(ratio × S, width_size) points of type."""
        by_ratio = height / (block + self.gap + self.ratio * self.height)
        if self.ratio * by_ratio <= self.width_size:
            return by_ratio
        return max(1e-9, (height - self.height * self.width_size) / (block + self.gap))


@dataclass(frozen=True)
class Problem:
    """One line-breaking problem: tokens with their measures and the cost of each gap.

    `height_bound(k)` is the largest type size (points) at which k lines fit the box's height:
    the plain box, or what is left under a lead-in line. The search sizes every layout with
    uniform line metrics (the tallest mark above, the deepest below, over all tokens), so that a
    layout's size depends only on its line count and its widest line; the compositor refits the
    chosen lines on their exact ink."""

    tokens: tuple[str, ...]
    measures: tuple[Measure, ...]
    space: float
    costs: tuple[float, ...]
    box: Box2
    max_lines: int
    strict: bool = True  # the hard rules on short lines and widows
    wide: bool = False  # a horizontal banner: a short last line of one word is a widow too
    lead: LeadIn | None = None  # a lead-in line above: it takes part of the height

    @cached_property
    def extent(self) -> tuple[float, float]:
        """(top, bottom) of the tallest and deepest ink over all tokens, in em."""
        return (max((m.top for m in self.measures), default=0.0),
                min((m.bottom for m in self.measures), default=0.0))

    def height_bound(self, k: int) -> float:
        top, bottom = self.extent
        height = k * (top - bottom) + (k - 1) * self.box.line_gap
        if self.lead is not None:
            return min(self.box.max_size, self.lead.main_size(self.box.height, height))
        return min(self.box.max_size, self.box.height / height if height > 0 else math.inf)

    def size(self, k: int, widest: float) -> float:
        """Type size of k lines whose widest line is `widest` em (condensing when it helps)."""
        by_width = self.box.width / (widest * self.box.condense_min) if widest > 0 else math.inf
        return min(self.height_bound(k), by_width)

    def hscale(self, k: int, widest: float) -> float:
        by_height = self.height_bound(k)
        by_width = self.box.width / widest if widest > 0 else math.inf
        return 1.0 if by_width >= by_height else max(self.box.condense_min, by_width / by_height)


def _weights(problem: Problem, k: int) -> tuple[float, float, float]:
    """(break weight, evenness weight, mean line width) for k lines.

    On a banner of two or three lines each break is weighed in full (one break at a clause
    boundary is worth up to BREAK_TRADE of size); with more lines the costs are averaged over
    pairs of breaks, so that the whole trade stays bounded (at most twice BREAK_TRADE, never
    half the size) however many lines a vertical banner takes. Squared deviations from the mean
    width are averaged over the lines; the mean width of k lines is the same for every layout of
    k lines, which keeps each line's cost its own."""
    total = sum(m.advance for m in problem.measures) + problem.space * (len(problem.tokens) - 1)
    mean = (total - problem.space * (k - 1)) / k
    return BREAK_TRADE / max(1.0, (k - 1) / 2), EVEN_TRADE / k, mean


def _line_cost(width: float, break_cost: float | None, weights: tuple[float, float, float]) -> float:
    """A line's share of the ranking penalty: its deviation from the mean width and, unless it
    is the last line, the cost of the break that ends it."""
    w_break, w_even, mean = weights
    cost = w_even * (width / mean - 1.0) ** 2 if mean > 0 else 0.0
    return cost + (w_break * break_cost if break_cost is not None else 0.0)


def score_layout(problem: Problem, breaks: Sequence[int]) -> tuple[float, float] | None:
    """(log score, type size) of the layout ending lines at gaps `breaks`, or None when it
    breaks a rule. The reference definition of the ranking: the search returns its optimum."""
    n = len(problem.tokens)
    k = len(breaks) + 1
    if k > problem.max_lines or any(not math.isfinite(problem.costs[b]) for b in breaks):
        return None
    bounds = [0, *(b + 1 for b in breaks), n]
    widths = [set_width(line_measure(problem.measures[a:b], problem.space))
              for a, b in zip(bounds, bounds[1:])]
    if problem.strict and k > 1:
        if min(widths) < SHORTEST_LINE * max(widths) or any(
                b - a == 1 for a, b in zip(bounds[:-2], bounds[1:-1])):
            return None
        last_is_one_unit = all(not math.isfinite(c) for c in problem.costs[bounds[-2]:n - 1])
        short_last = n - bounds[-2] == 1 or (problem.wide and last_is_one_unit)
        if short_last and widths[-1] < WIDOW_SHARE * max(widths):
            return None
    weights = _weights(problem, k)
    penalty = 0.0
    for line, width in enumerate(widths):
        penalty += _line_cost(width, problem.costs[breaks[line]] if line < k - 1 else None,
                              weights)
    size = problem.size(k, max(widths))
    if not size > 0:
        return None  # no room at all (a box of no width or height): not a layout
    return math.log(size) - penalty, size


def _layout(problem: Problem, breaks: Sequence[int]) -> Layout:
    scored = score_layout(problem, breaks)
    assert scored is not None
    bounds = [0, *(b + 1 for b in breaks), len(problem.tokens)]
    lines = tuple(" ".join(problem.tokens[a:b]) for a, b in zip(bounds, bounds[1:]))
    widest = max(set_width(line_measure(problem.measures[a:b], problem.space))
                 for a, b in zip(bounds, bounds[1:]))
    penalty = (sum(problem.costs[b] for b in breaks) / len(breaks)) if breaks else 0.0
    return Layout(lines, scored[1], problem.hscale(len(lines), widest), penalty, scored[0],
                  tuple(breaks))


def search(problem: Problem) -> Layout | None:
    """The layout with the best score_layout(), found exactly.

    For each line count k the score is log(size(k, widest line)) minus a sum of per-line costs,
    so a dynamic programme over break positions can keep, at each position, the labels (widest
    line so far, shortest line so far, cost so far) that no other label beats on all three
    (a Pareto front); a label that can no longer beat the best layout found is dropped (the size
    only falls as lines widen, the cost only grows). Line counts are tried best bound first, so
    most are dropped at once. Each k costs O(positions × lines per position × front size)."""
    n = len(problem.tokens)
    if n == 0 or not (problem.box.width > 0 and problem.box.height > 0
                      and problem.height_bound(1) > 0):
        return None  # nothing fits a box of no width or height: the caller says 'too small'
    # Positions where a line may start or end: the text's ends and every allowed gap.
    cuts = [0] + [i + 1 for i, c in enumerate(problem.costs) if math.isfinite(c)] + [n]
    m = len(cuts) - 1
    widths = _width_table(problem, cuts)
    k_max = min(problem.max_lines, m)
    minmax = _min_max(problem, cuts, widths, k_max)

    best_score = -math.inf
    best_breaks: tuple[int, ...] | None = None
    order = sorted((k for k in range(1, k_max + 1) if minmax[k] is not None),
                   key=lambda k: (-problem.size(k, minmax[k][0]), k))
    # Seed the bound with the narrowest layout of the most promising line count, when it is
    # itself acceptable: the search then drops most labels from the start.
    for k in order[:1]:
        seed = tuple(cuts[b] - 1 for b in minmax[k][1])
        scored = score_layout(problem, seed)
        if scored is not None:
            best_score, best_breaks = scored[0], seed
    for k in order:
        narrowest = minmax[k][0]
        if math.log(problem.size(k, narrowest)) <= best_score:
            continue  # even perfect breaks and even lines would not beat the best so far
        found = _best_of_k(problem, cuts, widths, k, narrowest, best_score)
        if found is not None and (found[0] > best_score
                                  or (found[0] == best_score and k < len(best_breaks or ()) + 1)):
            best_score, best_breaks = found[0], tuple(cuts[b] - 1 for b in found[1])
    if best_breaks is None:
        return None
    return _layout(problem, best_breaks)


def _width_table(problem: Problem, cuts: Sequence[int]) -> list[dict[int, float]]:
    """widths[a][b]: the set width of the line from cut a to cut b (em), for every a < b."""
    measures, space = problem.measures, problem.space
    table: list[dict[int, float]] = []
    for a in range(len(cuts) - 1):
        row: dict[int, float] = {}
        pen, x0, x1 = 0.0, math.inf, -math.inf
        token = cuts[a]
        for b in range(a + 1, len(cuts)):
            while token < cuts[b]:
                part = measures[token]
                if token > cuts[a]:
                    pen += space
                x0 = min(x0, pen + part.ink_x0)
                x1 = max(x1, pen + part.ink_x1)
                pen += part.advance
                token += 1
            row[b] = max(x1 - min(0.0, x0), pen)
        table.append(row)
    return table


def _widow(problem: Problem, cuts: Sequence[int], a: int, b: int) -> bool:
    """A line of a single syllable before the last line of a layout: a word cut from its object
    ("MỪNG / ĐẤT NƯỚC"). (The last line is judged by its width: see WIDOW_SHARE.)"""
    return problem.strict and cuts[b] - cuts[a] == 1 and b < len(cuts) - 1


def _min_max(problem: Problem, cuts: Sequence[int], widths: list[dict[int, float]],
             k_max: int) -> list[tuple[float, tuple[int, ...]] | None]:
    """For each line count k, a lower bound on the widest line of any k-line layout and the
    cuts of a layout that reaches it: the narrowest layout when only the allowed breaks count
    (no rule on short lines or widows, so the bound holds for every acceptable layout).

    A bottleneck programme: best_j(b) = min over a of max(best_{j-1}(a), width(a, b)). Without
    the line rules best_{j-1} grows with a (more text, as many lines) while width(a, b) shrinks,
    so the minimum sits where they cross: a binary search, O(k · positions · log positions)."""
    m = len(cuts) - 1
    # best[a]: (widest line, inner cuts) of the narrowest way to set cuts 0..a in j lines.
    best: list[tuple[float, tuple[int, ...]] | None] = [None] + [
        (widths[0][b], ()) for b in range(1, m + 1)]
    result: list[tuple[float, tuple[int, ...]] | None] = [None] * (k_max + 1)
    result[1] = best[m]
    for j in range(2, k_max + 1):
        nxt: list[tuple[float, tuple[int, ...]] | None] = [None] * (m + 1)
        for b in range(j, m + 1):
            lo, hi = j - 1, b - 1  # the last line starts at a cut in [lo, hi]
            while lo < hi:  # the first a where best[a] reaches width(a, b)
                mid = (lo + hi) // 2
                if best[mid][0] >= widths[mid][b]:  # type: ignore[index]
                    hi = mid
                else:
                    lo = mid + 1
            chosen = None
            for a in (lo - 1, lo):
                if j - 1 <= a <= b - 1:
                    prev = best[a]
                    assert prev is not None
                    value = max(prev[0], widths[a][b])
                    if chosen is None or value < chosen[0]:
                        chosen = (value, prev[1] + (a,))
            nxt[b] = chosen
        result[j] = nxt[m]
        best = nxt
    return result


def _best_of_k(problem: Problem, cuts: Sequence[int], widths: list[dict[int, float]], k: int,
               narrowest: float, bound: float) -> tuple[float, tuple[int, ...]] | None:
    """The best (score, inner cuts) of k lines scoring above `bound`, or None."""
    m = len(cuts) - 1
    weights = _weights(problem, k)
    costs = problem.costs
    strict = problem.strict
    # The widest line of any k-line layout is at least `narrowest`: below it, widths are
    # equivalent for the size and for the shortest-line rule (see _min_max).
    floor_w = narrowest
    # Widths up to `plateau` all give the height-bound size: the size only starts to fall past it.
    plateau = problem.box.width / (problem.box.condense_min * problem.height_bound(k))
    log_h = math.log(problem.height_bound(k))
    log_w = math.log(problem.box.width / problem.box.condense_min)

    def log_size(widest: float) -> float:
        return log_h if widest <= plateau else log_w - math.log(widest)

    # No line wider than this can be part of a layout that beats `bound`.
    cap = math.inf if bound == -math.inf else max(plateau, math.exp(log_w - bound))
    shortest = SHORTEST_LINE * floor_w if strict else 0.0
    # need[b]: the fewest lines that can set cuts b..m within the cap (greedy is optimal).
    need = [0] * (m + 1)
    for b in range(m - 1, -1, -1):
        c = b + 1
        while c + 1 <= m and widths[b][c + 1] <= cap:
            c += 1
        need[b] = need[c] + 1 if widths[b][c] <= cap else m + 1
    # A label: (widest, shortest, cost, previous cut, index of the previous label).
    Label = tuple[float, float, float, int, int]
    fronts: list[list[list[Label]]] = [[[] for _ in range(m + 1)] for _ in range(k + 1)]
    fronts[0][0] = [(floor_w, math.inf, 0.0, -1, -1)]
    for j in range(1, k + 1):
        last = j == k
        for b in (range(m, m + 1) if last else range(j, m - (k - j) + 1)):
            if not last and need[b] > k - j:
                continue
            candidates: list[Label] = []
            for a in (range(b - 1, j - 2, -1) if j > 1 else (0,)):
                w = widths[a][b]
                if w > cap:
                    break
                if w < shortest or _widow(problem, cuts, a, b):
                    continue
                previous = fronts[j - 1][a]
                if not previous:
                    continue
                line = _line_cost(w, None if last else costs[cuts[b] - 1], weights)
                # a short last line of one syllable, or of one word on a wide banner: a widow
                # unless it is at least WIDOW_SHARE of the longest (see score_layout)
                short_last = cuts[b] - cuts[a] == 1 or (problem.wide and a == m - 1)
                widow_limit = (w / WIDOW_SHARE if strict and last and short_last and k > 1
                               else math.inf)
                for index, (widest, short, cost, _, _) in enumerate(previous):
                    new_widest = max(widest, w)
                    new_short = min(short, w)
                    if strict and new_short < SHORTEST_LINE * new_widest:
                        continue
                    if new_widest > widow_limit:
                        continue
                    total = cost + line
                    if log_size(new_widest) - total <= bound:
                        continue
                    candidates.append((new_widest, min(new_short, cap * SHORTEST_LINE) if strict
                                       else math.inf, total, a, index))
            fronts[j][b] = _pareto(candidates)
    final = fronts[k][m]
    if not final:
        return None
    best_label = max(range(len(final)),
                     key=lambda i: (log_size(final[i][0]) - final[i][2], -i))
    score = log_size(final[best_label][0]) - final[best_label][2]
    # Walk back through the labels to the cuts.
    inner: list[int] = []
    j, b, index = k, m, best_label
    while j > 0:
        label = fronts[j][b][index]
        if j > 1:
            inner.append(label[3])
        b, index = label[3], label[4]
        j -= 1
    return score, tuple(reversed(inner))


def _pareto(labels: list[tuple[float, float, float, int, int]]) -> list:
    """The labels no other label beats on all of: narrower widest line, longer shortest line,
    lower cost (ties keep the first, which came from the latest start)."""
    labels.sort(key=lambda item: (item[0], -item[1], item[2]))
    kept: list = []
    for label in labels:
        if not any(o[0] <= label[0] and o[1] >= label[1] and o[2] <= label[2] for o in kept):
            kept.append(label)
    return kept


def choose_layout(tokens: Sequence[str], measures: Sequence[Measure], space: float,
                  costs: Sequence[float], box: Box2, max_lines: int,
                  relaxed_costs: Sequence[float] | None = None, wide: bool = False,
                  lead: LeadIn | None = None) -> Layout | None:
    """The best layout by the hard rules; when it cannot reach the legibility floor
    (box.min_size), the best with binding endings, widows and short lines allowed
    (`relaxed_costs`, default: `costs`), if that one is larger."""
    problem = Problem(tuple(tokens), tuple(measures), space, tuple(costs), box, max_lines,
                      wide=wide, lead=lead)
    best = search(problem)
    if best is not None and best.size >= box.min_size:
        return best
    relaxed = search(replace(problem, costs=tuple(relaxed_costs or costs), strict=False))
    if best is None or (relaxed is not None and relaxed.size > best.size):
        return relaxed
    return best


def layout_of(tokens: Sequence[str], measures: Sequence[Measure], space: float,
              costs: Sequence[float], box: Box2, breaks: Sequence[int],
              max_lines: int = 1000) -> Layout:
    """The layout with lines ending at exactly these gaps (a catalogue hint), scored leniently."""
    problem = Problem(tuple(tokens), tuple(measures), space,
                      tuple(c if math.isfinite(c) else COST_RELAXED for c in costs), box,
                      max_lines, strict=False)
    return _layout(problem, breaks)

