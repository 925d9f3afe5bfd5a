"""The line breaker and fitter as pure units, with a fake fixed-width font (no PDF, no HarfBuzz)."""

import math

import pytest

from bannergen.layout.text import (
    COST_BINDING,
    COST_INSIDE_WORD,
    COST_PUNCTUATION,
    Box2,
    Measure,
    choose_layout,
    fit,
    gap_costs,
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
    assert costs[4] == math.inf           # never before the dash
    assert costs[5] == COST_PUNCTUATION   # after the dash
    assert costs[8] == COST_PUNCTUATION   # after a comma
    assert costs[0] == COST_INSIDE_WORD
    assert gap_costs(["CỦA", "ĐẢNG"], [False], [True]) == [COST_BINDING]


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


def test_balanced_lines():
    result = layout("A1 A2 A3 A4 A5 A6 A7 A8", width=6, height=10, max_lines=4)
    widths = [len(line) for line in result.lines]
    assert min(widths) >= max(widths) / 2


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
    result = choose_layout(tokens, [mono(t) for t in tokens], 0.5, costs, box, 3, preferred=[0])
    assert result.lines == ("AA", "BB CC DD")


def test_long_texts_stay_fast_and_balanced():
    text = " ".join(f"W{i:02d}" for i in range(60))
    result = layout(text, width=20, height=20, max_lines=9)
    assert result is not None and 2 <= len(result.lines) <= 9


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


def test_balanced_rule():
    from bannergen.layout.text import balanced

    assert balanced([10, 6])
    assert not balanced([10, 4])
    assert balanced([10, 8, 3], final_word_alone=True)
    assert not balanced([3, 10, 8], final_word_alone=True)


def test_phrase_breaks_cost_more_than_word_breaks():
    from bannergen.layout.text import COST_PHRASE_INSIDE, COST_WORD

    tokens = tokens_of("AA BB BB AA")
    costs = gap_costs(tokens, [False] * 3, [False] * 3, [False, False, True])
    assert costs == [COST_WORD, COST_WORD, COST_PHRASE_INSIDE]
    box = Box2(width=6, height=10, line_gap=0.2, max_size=math.inf, min_size=1, condense_min=1.0)
    measures = [mono(t) for t in tokens]
    plain = choose_layout(tokens, measures, 0.5, costs, box, 2, preferred=[0])
    phrase = choose_layout(tokens, measures, 0.5, costs, box, 2, preferred=[2])
    assert plain.size == pytest.approx(phrase.size)  # mirror images: same widths
    assert plain.score > phrase.score
