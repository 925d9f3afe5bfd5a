"""The line breaker and fitter as pure units, with a fake fixed-width font (no PDF, no HarfBuzz)."""

import itertools
import math
import random

import pytest

from bannergen.layout.text import (
    BREAK_TRADE,
    COST_CLAUSE,
    COST_WORD,
    COST_RELAXED,
    FORBIDDEN,
    Box2,
    Measure,
    Problem,
    choose_layout,
    fit,
    gap_costs,
    layout_of,
    score_layout,
    search,
    set_case,
    tokens_of,
)

CAP, DESCENT = 0.7, 0.0


def mono(token: str, top: float = CAP, bottom: float = DESCENT) -> Measure:
    """Every character is half an em wide; ink fills the advance."""
    width = 0.5 * len(token)
    return Measure(width, 0.0, width, bottom, top)


def layout(text, width, height, max_lines=4, inside=(), binding=(), condense=1.0, gap=0.2,
           max_size=math.inf):
    tokens = tokens_of(text)
    inside_word = [i in inside for i in range(len(tokens) - 1)]
    binds = [i in binding for i in range(len(tokens) - 1)]
    costs = gap_costs(tokens, inside_word, binds)
    box = Box2(width=width, height=height, line_gap=gap, max_size=max_size, min_size=1,
               condense_min=condense)
    return choose_layout(tokens, [mono(t) for t in tokens], 0.5, costs, box, max_lines)


def test_case_and_nfc():
    assert set_case("Cộng hòa", "upper") == "CỘNG HÒA"
    assert set_case("Cô\u0323ng", "upper") == "CỘNG"
    assert set_case("Cộng hòa", "as-is") == "Cộng hòa"


def test_gap_costs():
    tokens = ["ĐẢNG", "CỘNG", "SẢN", "VIỆT", "NAM", "-", "NGƯỜI", "LÃNH", "ĐẠO,", "TỔ", "CHỨC"]
    costs = gap_costs(tokens, [i in (0, 1, 3, 6) for i in range(10)], [False] * 10)
    assert costs[4] == FORBIDDEN          # never before the dash
    assert costs[5] == COST_CLAUSE        # after the dash
    assert costs[8] == COST_CLAUSE        # after a comma
    assert costs[0] == FORBIDDEN          # inside a word
    assert gap_costs(["CỦA", "ĐẢNG"], [False], [True]) == [FORBIDDEN]
    # only when nothing else reaches the legibility floor may a line end on a binding word
    assert gap_costs(["CỦA", "ĐẢNG"], [False], [True], relaxed=True) == [COST_RELAXED]


def test_a_phrase_is_whole_on_a_wide_banner_and_breakable_on_a_narrow_format():
    tokens = tokens_of("AA BB CC")
    wide = gap_costs(tokens, [False, False], [False, False], [True, False])
    narrow = gap_costs(tokens, [False, False], [False, False], [True, False], narrow=True)
    assert wide[0] == FORBIDDEN and math.isfinite(narrow[0])
    assert narrow[0] > narrow[1]  # but dearer than a break between phrases


def test_one_line_when_the_box_is_wide():
    result = layout("AAAA BBBB CCCC", width=100, height=1)
    assert result.lines == ("AAAA BBBB CCCC",)


def test_breaks_after_the_comma_rather_than_in_the_middle():
    result = layout("AAAA BBBB CCCC, DD EE FFFF GGGG", width=10, height=3, max_lines=2)
    assert result.lines == ("AAAA BBBB CCCC,", "DD EE FFFF GGGG")


def test_never_inside_a_word_when_an_alternative_exists():
    # gap 1 (between B and C) would balance best, but it is inside a word
    result = layout("AA BBBB CCCC DD", width=4, height=10, max_lines=3, inside={1})
    assert len(result.lines) >= 2
    assert any("BBBB CCCC" in line for line in result.lines)


def test_a_line_does_not_end_on_a_binding_word():
    result = layout("XX YY VÀ ZZ WW", width=6, height=3, max_lines=2, binding={2})
    assert not any(line.endswith("VÀ") for line in result.lines)


def test_no_line_shorter_than_a_third_of_the_longest():
    result = layout("A1 A2 A3 A4 A5 A6 A7 A8", width=6, height=10, max_lines=4)
    widths = [len(line) for line in result.lines]
    assert min(widths) >= max(widths) / 3


def test_no_single_syllable_line_when_anything_else_fits():
    # "DD" alone on the last line would give the largest type; it is a widow
    result = layout("AAAA BBBB CCCC DD", width=9.5, height=3, max_lines=3)
    assert all(" " in line for line in result.lines) or len(result.lines) == 1


def test_picks_the_line_count_that_gives_the_largest_type():
    # A square box: more lines give larger type until the height binds.
    wide = layout("AAAA BBBB CCCC DDDD", width=40, height=1, max_lines=4)
    square = layout("AAAA BBBB CCCC DDDD", width=4, height=4, max_lines=4)
    assert len(wide.lines) == 1
    assert len(square.lines) >= 2
    assert square.size == pytest.approx(fit([mono(l) for l in square.lines],
                                            Box2(4, 4, 0.2, math.inf, 1, 1.0))[0])


def test_fit_by_ink_height_and_width():
    lines = [Measure(10, 0, 10, -0.2, 1.0), Measure(8, 0, 8, 0.0, 0.8)]
    box = Box2(width=100, height=30, line_gap=0.1, max_size=math.inf, min_size=1, condense_min=1)
    size, hscale = fit(lines, box)
    # height: 1.2 + 0.8 + 0.1 = 2.1 em; width: 10 em
    assert size == pytest.approx(min(100 / 10, 30 / 2.1))
    assert hscale == 1.0


def test_condensing_only_when_it_buys_size():
    lines = [Measure(10, 0, 10, 0, 1)]
    tall = Box2(width=100, height=5, line_gap=0, max_size=math.inf, min_size=1, condense_min=0.9)
    assert fit(lines, tall) == (5, 1.0)  # height-bound: no condensing
    wide = Box2(width=100, height=20, line_gap=0, max_size=math.inf, min_size=1, condense_min=0.9)
    size, hscale = fit(lines, wide)
    assert hscale == pytest.approx(0.9)
    assert size == pytest.approx(100 / 10 / 0.9)


def test_max_size_caps_short_slogans():
    lines = [Measure(2, 0, 2, 0, 1)]
    box = Box2(width=100, height=100, line_gap=0, max_size=20, min_size=1, condense_min=1)
    assert fit(lines, box)[0] == 20


def test_preferred_breaks_from_a_hint():
    tokens = tokens_of("AA BB CC DD")
    costs = gap_costs(tokens, [False] * 3, [False] * 3)
    box = Box2(10, 10, 0.2, math.inf, 1, 1.0)
    result = layout_of(tokens, [mono(t) for t in tokens], 0.5, costs, box, [0])
    assert result.lines == ("AA", "BB CC DD")


def test_long_texts_are_set_and_use_the_lines_they_are_given():
    text = " ".join(f"W{i:02d}" for i in range(60))
    result = layout(text, width=20, height=20, max_lines=9)
    assert result is not None and len(result.lines) == 9  # width-bound: every line helps


def test_tracking_tightens_before_condensing_and_only_when_it_helps():
    from bannergen.layout.text import fit_tracked

    line = [Measure(10, 0, 10, 0, 1)]
    tall = Box2(width=100, height=5, line_gap=0, max_size=math.inf, min_size=1, condense_min=0.9)
    assert fit_tracked(line, [21], tall, -0.02) == (5, 1.0, 0.0)  # height-bound: untouched
    # Slightly width-bound: a little tightening is enough, no condensing.
    near = Box2(width=100, height=10.2, line_gap=0, max_size=math.inf, min_size=1, condense_min=0.9)
    size, hscale, tracking = fit_tracked(line, [21], near, -0.02)
    assert hscale == 1.0 and -0.02 < tracking < 0
    assert size == pytest.approx(10.2, rel=1e-4)
    # Very width-bound: tracking to its limit, then condensing.
    wide = Box2(width=100, height=40, line_gap=0, max_size=math.inf, min_size=1, condense_min=0.9)
    size, hscale, tracking = fit_tracked(line, [21], wide, -0.02)
    assert tracking == -0.02 and hscale == pytest.approx(0.9)
    assert size == pytest.approx(100 / (10 - 0.4) / 0.9)


def test_phrase_breaks_cost_more_than_word_breaks():
    tokens = tokens_of("AA BB BB AA")
    costs = gap_costs(tokens, [False] * 3, [False] * 3, [False, False, True], narrow=True)
    box = Box2(width=6, height=10, line_gap=0.2, max_size=math.inf, min_size=1, condense_min=1.0)
    measures = [mono(t) for t in tokens]
    plain = layout_of(tokens, measures, 0.5, costs, box, [0])
    phrase = layout_of(tokens, measures, 0.5, costs, box, [2])
    assert plain.size == pytest.approx(phrase.size)  # mirror images: same widths
    assert plain.score > phrase.score


# --- size first -----------------------------------------------------------------------------------

def test_size_first_more_lines_when_the_width_binds():
    # A tall narrow box: the text is held by its width, so every extra line makes it larger.
    text = " ".join(f"A{i} B{i}" for i in range(8))  # eight two-syllable words
    words = set(range(0, 16, 2))
    result = layout(text, width=4, height=40, max_lines=8, inside=words)
    assert len(result.lines) == 8
    fewer = layout(text, width=4, height=40, max_lines=4, inside=words)
    assert result.size > 1.9 * fewer.size


def test_a_clause_boundary_is_worth_a_little_size_but_not_half():
    # The comma break gives a widest line 7 % wider than the break between two words.
    text = "AAAAA BB, CCCC DDDD EEEEE"
    tokens = tokens_of(text)
    measures = [mono(t) for t in tokens]
    costs = gap_costs(tokens, [False] * 4, [False] * 4)
    box = Box2(width=8, height=100, line_gap=0.2, max_size=math.inf, min_size=1, condense_min=1)
    comma = layout_of(tokens, measures, 0.5, costs, box, [1])
    plain = layout_of(tokens, measures, 0.5, costs, box, [2])
    best = choose_layout(tokens, measures, 0.5, costs, box, 2)
    ratio = plain.size / comma.size
    assert 1 < ratio < math.exp(BREAK_TRADE * COST_WORD)  # within the trade: the comma wins
    assert best.lines == comma.lines
    # Make the comma layout twice as small: size wins.
    text = "AAAAAAAAAAAAAAAAAAAAAAAA BB, CCCC DDDD EEEEE"
    tokens = tokens_of(text)
    measures = [mono(t) for t in tokens]
    best = choose_layout(tokens, measures, 0.5, costs, box, 3)
    assert "AAAAAAAAAAAAAAAA BB," not in best.lines


def test_relaxed_rules_only_below_the_legibility_floor():
    tokens = tokens_of("XX YY VÀ ZZ WW")
    binding = [i == 2 for i in range(4)]
    costs = gap_costs(tokens, [False] * 4, binding)
    relaxed = gap_costs(tokens, [False] * 4, binding, relaxed=True)
    measures = [mono(t) for t in tokens]
    box = Box2(width=4.1, height=100, line_gap=0.2, max_size=math.inf, min_size=1, condense_min=1)
    strict = choose_layout(tokens, measures, 0.5, costs, box, 5, relaxed)
    assert not any(line.endswith("VÀ") for line in strict.lines)
    # A floor the strict layouts cannot reach: the breaker may then end a line on "VÀ".
    floor = Box2(width=4.1, height=100, line_gap=0.2, max_size=math.inf,
                 min_size=strict.size * 1.05, condense_min=1)
    loose = choose_layout(tokens, measures, 0.5, costs, floor, 5, relaxed)
    assert loose.size > strict.size


# --- exactness -----------------------------------------------------------------------------------

def brute_force(problem: Problem):
    """Every combination of allowed breaks: the reference the search must equal."""
    gaps = [i for i, c in enumerate(problem.costs) if math.isfinite(c)]
    best = None
    for count in range(problem.max_lines):
        for breaks in itertools.combinations(gaps, count):
            scored = score_layout(problem, breaks)
            if scored is not None and (best is None or scored[0] > best[0] + 1e-12):
                best = (scored[0], breaks)
    return best


def random_problem(rng: random.Random) -> Problem:
    n = rng.randint(1, 9)
    tokens = ["".join(rng.choice("ABCDEFGH") for _ in range(rng.randint(1, 7))) for _ in range(n)]
    costs = [rng.choice([0.0, 0.25, 0.5, 0.65, 1.0, FORBIDDEN]) for _ in range(n - 1)]
    box = Box2(width=rng.uniform(3, 30), height=rng.uniform(1, 10), line_gap=0.2,
               max_size=rng.choice([math.inf, 3.0]), min_size=0,
               condense_min=rng.choice([1.0, 0.9]))
    return Problem(tuple(tokens), tuple(mono(t) for t in tokens), 0.5, tuple(costs), box,
                   rng.randint(1, 6), strict=rng.random() < 0.7, wide=rng.random() < 0.5)


@pytest.mark.parametrize("seed", range(20))
def test_the_search_is_exact(seed):
    """Dynamic programming finds the same optimum as trying every layout (short texts)."""
    rng = random.Random(seed)
    for _ in range(60):
        problem = random_problem(rng)
        expected = brute_force(problem)
        found = search(problem)
        if expected is None:
            assert found is None
            continue
        assert found is not None
        assert found.score == pytest.approx(expected[0], abs=1e-9)
        if found.breaks != expected[1]:  # a tie: both must score the same
            assert score_layout(problem, found.breaks)[0] == pytest.approx(expected[0], abs=1e-9)


def test_the_search_is_exact_on_real_slogans(catalog, templates):
    """The same, on the seed slogans' own gaps and measures (the shorter ones, all templates)."""
    from bannergen.inputs.job import Job
    from bannergen.layout import compose as composer

    seen = []
    original = composer.choose_layout

    def spy(tokens, measures, space, costs, box, max_lines, relaxed=None, wide=False, lead=None):
        seen.append(Problem(tuple(tokens), tuple(measures), space, tuple(costs), box,
                            max_lines, wide=wide, lead=lead))
        return original(tokens, measures, space, costs, box, max_lines, relaxed, wide, lead)

    composer.choose_layout = spy
    try:
        for slogan in catalog.slogans:
            for name in ("bang-ron", "bang-ron-doc", "ap-phich", "pano"):
                composer.compose(Job.for_slogan(slogan, templates.get(name)))
    finally:
        composer.choose_layout = original
    seen = [p for p in seen if sum(math.isfinite(c) for c in p.costs) <= 16]
    assert len(seen) >= 30
    for problem in seen:
        expected = brute_force(problem)
        assert search(problem).score == pytest.approx(expected[0], abs=1e-9)
