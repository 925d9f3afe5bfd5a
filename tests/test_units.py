"""Size parsing: units, paper names, limits."""

import math

import pytest

from bannergen.errors import UserError
from bannergen.inputs.units import PT_PER_MM, parse_size


@pytest.mark.parametrize("text, width_mm, height_mm, label", [
    ("500x80cm", 5000, 800, "500x80cm"),
    ("5000x800mm", 5000, 800, "5000x800mm"),
    ("5x0.8m", 5000, 800, "5x0.8m"),
    ("5x0,8m", 5000, 800, "5x0.8m"),
    ("200x31.5in", 5080, 800.1, "200x31.5in"),
    ("80 x 240 cm", 800, 2400, "80x240cm"),
    ("80×240cm", 800, 2400, "80x240cm"),
    ("500cmx80cm", 5000, 800, "500x80cm"),
    ("A2", 420, 594, "A2"),
    ("a2-landscape", 594, 420, "A2-landscape"),
    ("A0", 841, 1189, "A0"),
    ("A5", 148, 210, "A5"),
    ("B1", 707, 1000, "B1"),
])
def test_parse_size(text, width_mm, height_mm, label):
    size = parse_size(text)
    assert size.width_mm == pytest.approx(width_mm)
    assert size.height_mm == pytest.approx(height_mm)
    assert size.label == label
    assert size.width_pt == pytest.approx(width_mm * PT_PER_MM)


def test_points_of_a_banner():
    size = parse_size("500x80cm")
    assert size.width_pt == pytest.approx(14173.228, abs=1e-3)
    assert size.pixels(100) == (19685, 3150)


@pytest.mark.parametrize("text, key", [
    ("", "bad_size"), ("500x80", "bad_size"), ("abc", "bad_size"), ("500x80km", "bad_size"),
    ("0x80cm", "size_not_positive"), ("-5x80cm", "bad_size"), ("0.1x0.1cm", "size_too_small"),
    ("200x1m", "size_too_large"), ("A9", "bad_size"), ("nanxinfcm", "bad_size"),
    ("1e400x5cm", "bad_size"),
])
def test_bad_sizes(text, key):
    with pytest.raises(UserError) as info:
        parse_size(text)
    assert info.value.key == key
    assert info.value.exit_code == 2
    assert text in info.value.render("en") or not text


def test_sizes_are_finite():
    assert all(math.isfinite(v) for v in (parse_size("99x99m").width_mm,))


def test_pixel_sizes_are_exact_at_96_ppi():
    from bannergen.inputs.units import PX_PER_IN, parse_size

    for text, px in [("1920x400px", (1920, 400)), ("1080 x 1920 px", (1080, 1920)),
                     ("3840×2160px", (3840, 2160)), ("37x1001px", (37, 1001))]:
        size = parse_size(text)
        assert size.px == px and size.pixels(PX_PER_IN) == px
        assert size.label == f"{px[0]}x{px[1]}px"
        assert abs(size.width_mm - px[0] * 25.4 / 96) < 1e-9


def test_presets_name_screens_papers_and_banners():
    from bannergen.inputs.units import PRESETS, parse_size

    assert parse_size("web-header").px == (1920, 400)
    assert parse_size("dau-trang-web") == parse_size("1920x400px")
    assert parse_size("anh-chia-se").px == (1200, 630)
    assert parse_size("4k").px == (3840, 2160)
    assert parse_size("bang-ron-5m").label == "500x80cm"
    names = [key for p in PRESETS for key in (p.name, *p.aliases)]
    assert len(names) == len(set(names))
    for preset in PRESETS:  # every preset parses to the size it names
        assert parse_size(preset.name) == parse_size(preset.size)


@pytest.mark.parametrize("text,key", [("0x400px", "size_not_positive"), ("8x400px", "size_too_small_px"),
                                      ("20000x400px", "size_too_large_px"),
                                      ("16000x16000px", "size_too_many_pixels")])
def test_bad_pixel_sizes(text, key):
    from bannergen.errors import UserError
    from bannergen.inputs.units import parse_size

    with pytest.raises(UserError) as info:
        parse_size(text)
    assert info.value.key == key
