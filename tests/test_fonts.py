"""Bundled fonts: every catalogue character in both cases, shaping with kerning, clear errors."""

import unicodedata

import pytest

from bannergen.errors import UserError
from bannergen.layout.fonts import get_font, load_font
from bannergen.resources import bundled_fonts
from bannergen.resources import fonts_dir

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"


def test_fonts_ship_with_licences():
    fonts = bundled_fonts()
    assert len(fonts) >= 2
    readme = (fonts_dir() / "README.md").read_text(encoding="utf-8")
    for font in fonts:
        assert font.name in readme
    assert "SIL Open Font License" in readme
    assert len(list(fonts_dir().glob("OFL-*.txt"))) >= 2


@pytest.mark.parametrize("path", bundled_fonts(), ids=lambda p: p.name)
def test_every_catalogue_character_in_both_cases(path, catalog):
    font = load_font(path)
    for slogan in catalog.slogans:
        for text in (slogan.text, slogan.text.upper(), slogan.text.lower()):
            assert font.missing_chars(text) == [], (path.name, slogan.id)
    assert font.missing_chars(VIETNAMESE + VIETNAMESE.upper()) == []


def test_shaping_kerns_and_maps_back_to_characters():
    font = get_font("RobotoCondensed-Bold.ttf")
    kerned = font.shape("AV").advance
    plain = font.shape("A").advance + font.shape("V").advance
    assert kerned < plain
    shaped = font.shape("ĐẢNG CỘNG SẢN VIỆT NAM")
    assert "".join(g.char for g in shaped.glyphs) == "ĐẢNG CỘNG SẢN VIỆT NAM"


def test_ink_of_stacked_marks_and_dots_below():
    font = get_font("RobotoCondensed-Bold.ttf")
    _, plain_bottom, _, plain_top = font.shape("E").ink()
    _, _, _, stacked_top = font.shape("Ể").ink()
    _, dot_bottom, _, _ = font.shape("Ạ").ink()
    assert stacked_top > plain_top * 1.2  # a hook above a circumflex rises well above cap height
    assert dot_bottom < plain_bottom - 100  # a dot below falls under the baseline


def test_missing_glyph_names_character_and_font():
    font = get_font("RobotoCondensed-Bold.ttf")
    with pytest.raises(UserError) as info:
        font.require("ĐẢNG ☭ 𝔸")
    text = info.value.render("en")
    assert "U+262D" in text and "RobotoCondensed-Bold.ttf" in text
    assert info.value.exit_code == 2


def test_outline_is_a_closed_path():
    font = get_font("RobotoCondensed-Bold.ttf")
    ops = font.outline(font.shape("Ộ").glyphs[0].gid)
    assert ops[0][0] == "M" and ops[-1] == ("Z",)
    assert sum(1 for op in ops if op[0] == "M") >= 3  # the O, its counter, the circumflex, the dot


def test_broken_font_file(tmp_path):
    bad = tmp_path / "bad.ttf"
    bad.write_bytes(b"not a font")
    with pytest.raises(UserError) as info:
        load_font(bad)
    assert info.value.key == "font_invalid"


def test_text_is_nfc_before_lookup():
    font = get_font("BeVietnamPro-Regular.ttf")
    assert font.missing_chars(unicodedata.normalize("NFD", "Việt Nam")) == []
