"""Tests of the Vietnamese word knowledge behind line breaking (bannergen.layout.lexicon)."""

from __future__ import annotations

import dataclasses
import unicodedata
from importlib import resources

import pytest

from bannergen.layout import lexicon
from bannergen.layout.lexicon import GapInfo, analyse, fold, segment, word_source

# The 11 approved slogans of the seed plan (shared/DESIGN.md), as written in the catalogue.
SLOGANS = [
    "Nhiệt liệt chào mừng đại hội đảng bộ các cấp, Đại hội Đảng bộ tỉnh lần thứ XVI, tiến tới "
    "Đại hội đại biểu toàn quốc lần thứ XIII của Đảng!",
    "Thi đua lập thành tích chào mừng đại hội đảng bộ các cấp, Đại hội Đảng bộ tỉnh lần thứ XVI, "
    "tiến tới Đại hội toàn quốc lần thứ XIII của Đảng!",
    "Toàn Đảng, toàn dân và toàn quân quyết tâm thực hiện thắng lợi Nghị quyết đại hội đảng bộ "
    "các cấp và Nghị quyết Đại hội XIII của Đảng!",
    "Đẩy mạnh toàn diện, đồng bộ công cuộc đổi mới đất nước!",
    "Xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh!",
    "Kết hợp phát huy sức mạnh dân tộc với sức mạnh thời đại, xây dựng và bảo vệ vững chắc Tổ "
    "quốc Việt Nam xã hội chủ nghĩa!",
    "Đảng Cộng sản Việt Nam - Người lãnh đạo, tổ chức mọi thắng lợi của cách mạng Việt Nam!",
    "Tất cả vì mục tiêu dân giàu, nước mạnh, dân chủ, công bằng, văn minh!",
    "Đảng Cộng sản Việt Nam quang vinh muôn năm!",
    "Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!",
    "Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!",
]

# Words a line break must never split (docs/typesetting.md principle 2).
PROTECTED = ["ĐẠI HỘI", "ĐẢNG BỘ", "TOÀN QUỐC", "CỘNG SẢN", "XÃ HỘI CHỦ NGHĨA", "VIỆT NAM",
             "HỒ CHÍ MINH", "CỘNG HÒA", "LẦN THỨ XVI", "LẦN THỨ XIII", "ĐẠI HỘI XIII"]
# Phrases that stay whole on a wide banner and may break on a narrow format (principle 5).
PHRASES = ["HỆ THỐNG CHÍNH TRỊ", "ĐẠI HỘI ĐẢNG BỘ", "SỨC MẠNH DÂN TỘC", "TỔ QUỐC VIỆT NAM"]

# The reference layouts of docs/typesetting.md: (slogan number, format, lines joined by " / ").
LAYOUTS = [
    (1, "horizontal", "NHIỆT LIỆT CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ CÁC CẤP, / ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN "
                      "THỨ XVI, / TIẾN TỚI ĐẠI HỘI ĐẠI BIỂU TOÀN QUỐC LẦN THỨ XIII CỦA ĐẢNG!"),
    (2, "horizontal", "THI ĐUA LẬP THÀNH TÍCH CHÀO MỪNG ĐẠI HỘI ĐẢNG BỘ CÁC CẤP, / ĐẠI HỘI ĐẢNG "
                      "BỘ TỈNH LẦN THỨ XVI, / TIẾN TỚI ĐẠI HỘI TOÀN QUỐC LẦN THỨ XIII CỦA ĐẢNG!"),
    (3, "horizontal", "TOÀN ĐẢNG, TOÀN DÂN VÀ TOÀN QUÂN QUYẾT TÂM THỰC HIỆN THẮNG LỢI / NGHỊ "
                      "QUYẾT ĐẠI HỘI ĐẢNG BỘ CÁC CẤP VÀ NGHỊ QUYẾT ĐẠI HỘI XIII CỦA ĐẢNG!"),
    (4, "horizontal", "ĐẨY MẠNH TOÀN DIỆN, ĐỒNG BỘ CÔNG CUỘC ĐỔI MỚI ĐẤT NƯỚC!"),
    (4, "horizontal", "ĐẨY MẠNH TOÀN DIỆN, ĐỒNG BỘ / CÔNG CUỘC ĐỔI MỚI ĐẤT NƯỚC!"),
    (5, "horizontal", "XÂY DỰNG, CHỈNH ĐỐN ĐẢNG / VÀ HỆ THỐNG CHÍNH TRỊ TRONG SẠCH, VỮNG MẠNH!"),
    (6, "horizontal", "KẾT HỢP PHÁT HUY SỨC MẠNH DÂN TỘC VỚI SỨC MẠNH THỜI ĐẠI, / XÂY DỰNG VÀ "
                      "BẢO VỆ VỮNG CHẮC TỔ QUỐC VIỆT NAM XÃ HỘI CHỦ NGHĨA!"),
    (7, "horizontal", "ĐẢNG CỘNG SẢN VIỆT NAM - NGƯỜI LÃNH ĐẠO, TỔ CHỨC / MỌI THẮNG LỢI CỦA "
                      "CÁCH MẠNG VIỆT NAM!"),
    (8, "horizontal", "TẤT CẢ VÌ MỤC TIÊU DÂN GIÀU, NƯỚC MẠNH, / DÂN CHỦ, CÔNG BẰNG, VĂN MINH!"),
    (9, "horizontal", "ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM!"),
    (9, "horizontal", "ĐẢNG CỘNG SẢN VIỆT NAM / QUANG VINH MUÔN NĂM!"),
    (10, "horizontal", "NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA / VIỆT NAM MUÔN NĂM!"),
    (11, "horizontal", "CHỦ TỊCH HỒ CHÍ MINH VĨ ĐẠI / SỐNG MÃI TRONG SỰ NGHIỆP CỦA CHÚNG TA!"),
    (1, "narrow", "NHIỆT LIỆT CHÀO MỪNG / ĐẠI HỘI ĐẢNG BỘ CÁC CẤP, / ĐẠI HỘI ĐẢNG BỘ TỈNH / LẦN "
                  "THỨ XVI, / TIẾN TỚI ĐẠI HỘI / ĐẠI BIỂU TOÀN QUỐC / LẦN THỨ XIII CỦA ĐẢNG!"),
    (7, "narrow", "ĐẢNG CỘNG SẢN / VIỆT NAM - / NGƯỜI LÃNH ĐẠO, / TỔ CHỨC MỌI THẮNG LỢI / CỦA "
                  "CÁCH MẠNG / VIỆT NAM!"),
    (9, "narrow", "ĐẢNG CỘNG SẢN / VIỆT NAM / QUANG VINH / MUÔN NĂM!"),
    (10, "narrow", "NƯỚC CỘNG HÒA / XÃ HỘI CHỦ NGHĨA / VIỆT NAM / MUÔN NĂM!"),
]


def banner(text: str) -> list[str]:
    """Tokens of a slogan set in capitals, as on a banner."""
    return text.upper().split()


def parse_layout(layout: str) -> tuple[list[str], list[int]]:
    """Tokens of a reference layout and the gap index of each of its line breaks."""
    tokens: list[str] = []
    breaks: list[int] = []
    for word in layout.split():
        if word == "/":
            breaks.append(len(tokens) - 1)
        else:
            tokens.append(word)
    return tokens, breaks


def bare(token: str) -> str:
    return fold(token.strip(",.!?;:-\"'"))


def occurrences(tokens: list[str], phrase: str) -> list[int]:
    """Start indices where the syllables of `phrase` occur in `tokens` (punctuation ignored)."""
    words = [bare(t) for t in phrase.split()]
    keys = [bare(t) for t in tokens]
    return [i for i in range(len(keys) - len(words) + 1) if keys[i:i + len(words)] == words]


def shown(tokens: list[str], gaps: list[GapInfo]) -> str:
    """The tokens with each gap drawn: '_' inside a word, '+' binding, '|' free; for messages."""
    out = tokens[0] if tokens else ""
    for token, gap in zip(tokens[1:], gaps, strict=True):
        mark = "_" if gap.inside_word else "+" if gap.binding else "|"
        out += f" {mark} {token}"
    return out


# --- the seed slogans ----------------------------------------------------------------------------

@pytest.mark.parametrize("number", range(1, 12))
def test_no_gap_inside_protected_words(number: int) -> None:
    tokens = banner(SLOGANS[number - 1])
    gaps = analyse(tokens)
    assert len(gaps) == len(tokens) - 1
    for phrase in PROTECTED:
        size = len(phrase.split())
        for start in occurrences(tokens, phrase):
            inside = [gaps[i].inside_word for i in range(start, start + size - 1)]
            assert all(inside), f"{phrase} may break in: {shown(tokens, gaps)}"
    for phrase in PHRASES:
        size = len(phrase.split())
        for start in occurrences(tokens, phrase):
            kept = [gaps[i].inside_word or gaps[i].inside_phrase
                    for i in range(start, start + size - 1)]
            assert all(kept), f"{phrase} may break in: {shown(tokens, gaps)}"


def test_every_protected_word_occurs_in_the_seeds() -> None:
    tokens = [banner(s) for s in SLOGANS]
    for phrase in PROTECTED + PHRASES:
        assert any(occurrences(t, phrase) for t in tokens), phrase


@pytest.mark.parametrize(("number", "layout_format", "layout"), LAYOUTS,
                         ids=[f"{n}-{f}-{i}" for i, (n, f, _) in enumerate(LAYOUTS)])
def test_reference_breaks_are_free(number: int, layout_format: str, layout: str) -> None:
    tokens, breaks = parse_layout(layout)
    assert tokens == banner(SLOGANS[number - 1]), "the layout must set exactly the slogan"
    gaps = analyse(tokens)
    for at in breaks:
        assert not gaps[at].inside_word, f"break {at} inside a word: {shown(tokens, gaps)}"
        assert not gaps[at].binding, f"break {at} after a binding word: {shown(tokens, gaps)}"


@pytest.mark.parametrize(("slogan", "phrase"), [
    (1, "CÁC CẤP"), (1, "LẦN THỨ XVI"), (1, "CỦA ĐẢNG"), (3, "VÀ TOÀN"), (3, "VÀ NGHỊ"),
    (6, "VỚI SỨC"), (7, "MỌI THẮNG"), (7, "CỦA CÁCH"), (8, "VÌ MỤC"), (11, "TRONG SỰ"),
    (11, "CỦA CHÚNG"), (1, "TIẾN TỚI ĐẠI"),
])
def test_binding_words_do_not_end_a_line(slogan: int, phrase: str) -> None:
    """Principle 3 (docs/typesetting.md): "VÀ", "CỦA", "VỚI", "VÌ", "CÁC", "MỌI", "LẦN THỨ" bind forward."""
    tokens = banner(SLOGANS[slogan - 1])
    gaps = analyse(tokens)
    start = occurrences(tokens, phrase)[0]
    last = start + len(phrase.split()) - 2  # the gap before the phrase's last syllable
    assert gaps[last].binding or gaps[last].inside_word, shown(tokens, gaps)


def test_a_line_may_start_with_va_and_tien_toi() -> None:
    tokens = banner(SLOGANS[4])
    gaps = analyse(tokens)
    va = occurrences(tokens, "VÀ")[0]
    assert gaps[va - 1] == GapInfo(inside_word=False, binding=False)
    tokens = banner(SLOGANS[0])
    gaps = analyse(tokens)
    tien = occurrences(tokens, "TIẾN TỚI")[0]
    assert not gaps[tien - 1].inside_word and not gaps[tien - 1].binding


def test_cua_dang_stays_whole_but_not_cua_dang_bo() -> None:
    gaps = analyse(banner("thực hiện Nghị quyết của Đảng"))
    assert gaps[-1].inside_word
    gaps = analyse(banner("Nghị quyết của Đảng bộ tỉnh"))
    assert not gaps[2].inside_word and gaps[2].binding  # "của | đảng bộ": binding, not one word
    assert gaps[3].inside_word  # "đảng bộ"


# --- folding and normalisation -------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new"), [
    ("HOÀ", "HÒA"), ("hoà bình", "hòa bình"), ("thuý", "thúy"), ("khoẻ", "khỏe"), ("khoá", "khóa"),
    ("uỷ ban", "ủy ban"), ("tuỳ", "tùy"), ("hoạ", "họa"), ("qủa", "quả"), ("gìa", "già"),
    ("thủơ", "thuở"), ("kỷ niệm", "kỉ niệm"), ("Mỹ", "mĩ"),
])
def test_fold_tone_placement(old: str, new: str) -> None:
    assert fold(old) == fold(new)


def test_fold_keeps_different_words_apart() -> None:
    assert fold("quả") != fold("của")
    assert fold("gìn") == "gìn"  # gi + in: the tone stays on i
    assert fold("thúy") != fold("thúi")
    assert fold("Đảng") == "đảng"


def test_fold_is_nfc_lower_case() -> None:
    folded = fold("ĐẢNG CỘNG SẢN VIỆT NAM")
    assert folded == "đảng cộng sản việt nam"
    assert unicodedata.is_normalized("NFC", folded)


def test_nfd_input_gives_the_same_gaps() -> None:
    for slogan in SLOGANS:
        nfc = banner(slogan)
        nfd = [unicodedata.normalize("NFD", t) for t in nfc]
        assert analyse(nfd) == analyse(nfc)


def test_old_style_tone_marks_are_recognised() -> None:
    gaps = analyse(banner("Nước Cộng hoà xã hội chủ nghĩa Việt Nam"))
    assert gaps[1].inside_word  # CỘNG HOÀ
    assert segment(["CỘNG", "HOÀ"]) == [[0, 1]]


def test_lower_and_mixed_case_give_the_same_gaps() -> None:
    for slogan in SLOGANS:
        assert analyse(slogan.split()) == analyse(banner(slogan))


# --- punctuation ---------------------------------------------------------------------------------

def test_punctuation_ends_a_word() -> None:
    for mark in ["!", "-", ".", ";", ":"]:
        gaps = analyse(["ĐẠI" + mark, "HỘI"])
        assert gaps == [GapInfo(inside_word=False, binding=False)], mark
    assert analyse(["ĐẢNG,", "HỘI"]) == [GapInfo(inside_word=False, binding=False)]
    assert analyse(["ĐẠI", "HỘI!"]) == [GapInfo(inside_word=True, binding=False)]


@pytest.mark.parametrize("words", [
    ["KHÔNG", "UỐNG", "RƯỢU,", "BIA", "KHI", "THAM", "GIA", "GIAO", "THÔNG!"],
    ["PHÒNG,", "CHỐNG", "DỊCH", "BỆNH"],
    ["CUNG", "ỨNG", "XĂNG,", "DẦU"],
])
def test_a_compound_written_with_a_comma_is_one_item(words) -> None:
    # rượu bia, phòng chống, xăng dầu: one word of the dictionary, two one-syllable items
    at = next(i for i, w in enumerate(words) if w.endswith(","))
    assert analyse(words)[at].inside_word, words


def test_a_comma_between_longer_items_is_still_a_clause_boundary() -> None:
    # "thành" starts "thành phố": the comma ends an item ("các tỉnh, thành phố" may break)
    gaps = analyse(["CÁC", "TỈNH,", "THÀNH", "PHỐ"])
    assert not gaps[1].inside_word
    gaps = analyse(["ĐẠO", "ĐỨC,", "PHONG", "CÁCH"])
    assert not gaps[1].inside_word


def test_a_binding_word_before_a_comma_does_not_bind() -> None:
    gaps = analyse(["TRONG", "VÀ", "NGOÀI,", "NƯỚC"])
    assert gaps[0].binding and gaps[1].binding
    assert not gaps[2].binding


def test_standalone_dash_is_not_a_syllable() -> None:
    tokens = banner(SLOGANS[6])
    gaps = analyse(tokens)
    dash = tokens.index("-")
    assert gaps[dash - 1].inside_word  # never start a line with the dash
    assert gaps[dash] == GapInfo(inside_word=False, binding=False)  # break after it
    # "NAM - NGƯỜI" is no word, though the dash sits between the two syllables
    assert [i for w in segment(tokens) for i in w if i == dash] == []


def test_quotes_and_brackets() -> None:
    tokens = ["CÔNG", "CUỘC", "“ĐỔI", "MỚI”", "ĐẤT", "NƯỚC"]
    gaps = analyse(tokens)
    assert [g.inside_word for g in gaps] == [True, False, True, False, True]
    tokens = ["KỶ", "NIỆM", "(", "1930", "-", "2020", ")"]
    gaps = analyse(tokens)
    assert gaps[2].inside_word  # an opening bracket sticks to what follows
    assert gaps[3].inside_word and gaps[5].inside_word  # a dash or ")" sticks to what precedes


def test_degenerate_inputs() -> None:
    assert analyse([]) == []
    assert analyse(["ĐẢNG"]) == []
    assert analyse(["-", "ĐẢNG"]) == [GapInfo(inside_word=True, binding=False)]
    assert analyse(["!", "!"]) == [GapInfo(inside_word=True, binding=False)]


# --- numerals ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["khóa XIII", "Đại hội XIII", "lần thứ XVI", "Đại hội VI",
                                  "khóa I", "năm 2020", "khóa 13", "Hội nghị Trung ương 4",
                                  "Công văn số 2808-CV/BTGTU", "ngày 30/4"])
def test_ordinals_stick_to_the_word_before(text: str) -> None:
    gaps = analyse(banner(text))
    assert gaps[-1].inside_word, text


def test_ambiguous_roman_numerals_need_a_head() -> None:
    # "VI", "XI", "DI" are Vietnamese syllables too ("vi phạm", "xi măng", "di sản")
    gaps = analyse(banner("nghiêm cấm vi phạm"))
    assert not gaps[1].inside_word
    gaps = analyse(banner("bảo tồn di sản"))
    assert not gaps[1].inside_word


def test_a_quantity_binds_to_what_it_counts() -> None:
    tokens = banner("Kỷ niệm 90 năm Ngày thành lập Đảng")
    gaps = analyse(tokens)
    assert not gaps[1].inside_word and not gaps[1].binding  # KỶ NIỆM | 90
    assert gaps[2].binding  # 90 + NĂM


def test_a_range_stays_whole() -> None:
    gaps = analyse(banner("nhiệm kỳ 2020 - 2025"))
    # the range is a name; the term with it a phrase: "NHIỆM KỲ / 2020 - 2025" on a narrow format
    assert gaps[0].inside_word and all(g.inside_word for g in gaps[2:])
    assert not gaps[1].inside_word and gaps[1].inside_phrase
    gaps = analyse(banner("khóa XVI, nhiệm kỳ 2026"))  # no range: the term is a name
    assert gaps[3].inside_word
    tokens = banner("Việt Nam - Người lãnh đạo")  # a dash between words is no range
    assert not analyse(tokens)[2].inside_word


def test_number_words_after_thu() -> None:
    gaps = analyse(banner("Hội nghị lần thứ tư Ban Chấp hành"))
    assert gaps[3].inside_word and not gaps[4].inside_word
    gaps = analyse(banner("lần thứ hai mươi mốt"))
    assert all(g.inside_word for g in gaps)
    gaps = analyse(banner("lần thứ hai năm 2020"))  # "năm" is the year here, not a digit
    assert gaps[1].inside_word and not gaps[2].inside_word and gaps[3].inside_word


def test_lan_thu_binds_and_stays_whole() -> None:
    gaps = analyse(banner("Đại hội Đảng bộ tỉnh lần thứ XVI"))
    assert not gaps[4].inside_word and not gaps[4].binding  # TỈNH | LẦN
    assert gaps[5].inside_word and gaps[6].inside_word and gaps[6].binding


# --- keep hints ----------------------------------------------------------------------------------

def test_keep_hint_joins_a_phrase() -> None:
    tokens = banner("thực hiện thắng lợi Nghị quyết đại hội")
    assert not analyse(tokens)[3].inside_word  # "thắng lợi | nghị quyết"
    gaps = analyse(tokens, keep=["thắng lợi Nghị quyết"])
    assert gaps[2].inside_word and gaps[3].inside_word and gaps[4].inside_word
    assert not gaps[1].inside_word


def test_keep_hint_is_folded_and_beats_the_curated_list() -> None:
    tokens = banner("Đảng Cộng sản Việt Nam")
    assert not analyse(tokens)[2].inside_word
    gaps = analyse(tokens, keep=["ĐẢNG CỘNG SẢN VIỆT NAM!"])
    assert all(g.inside_word for g in gaps)
    gaps = analyse(banner("Nước Cộng hòa xã hội"), keep=["cộng hoà xã hội"])
    assert gaps[1].inside_word and gaps[2].inside_word


def test_keep_hint_does_not_cross_punctuation() -> None:
    gaps = analyse(banner("xây dựng, chỉnh đốn"), keep=["xây dựng chỉnh đốn"])
    assert not gaps[1].inside_word


# --- the lists -----------------------------------------------------------------------------------

def test_uncurated_slogan_uses_the_general_list() -> None:
    assert word_source("môi trường") == "general"
    assert word_source("sinh thái") == "general"
    tokens = banner("Bảo vệ môi trường sinh thái, phát triển kinh tế xanh")
    gaps = analyse(tokens)
    assert gaps[0].inside_word  # BẢO VỆ (curated)
    assert gaps[2].inside_word and gaps[4].inside_word  # MÔI TRƯỜNG, SINH THÁI (general)
    assert not gaps[5].inside_word  # after the comma


def test_function_words_are_not_swallowed_by_the_general_list() -> None:
    # Viet74K has "được của", "có của" ("của" as "wealth"); on a banner "của" is "of"
    tokens = banner("thành quả đạt được của Đảng")
    gaps = analyse(tokens)
    assert not gaps[3].inside_word and gaps[4].inside_word  # ĐƯỢC | CỦA _ ĐẢNG
    assert word_source("có của") is None


def test_general_list_knows_common_words() -> None:
    for word in ["giữ gìn", "vệ sinh", "chữa cháy", "tai nạn", "ma tuý", "thiên tai", "khí hậu"]:
        assert word_source(word) == "general", word
    assert word_source("thống chính") is None


def test_curated_entry_wins_over_a_crossing_general_word(monkeypatch: pytest.MonkeyPatch) -> None:
    """A general word that crosses a curated boundary loses: "chủ nghĩa cộng sản"."""
    real = lexicon._lexicon()
    crossing = {"nghĩa cộng", "nghĩa cộng sản trong", "sản trong"}
    fake = dataclasses.replace(real, general=real.general | crossing)
    monkeypatch.setattr(lexicon, "_lexicon", lambda: fake)
    tokens = banner("chủ nghĩa cộng sản trong sạch")
    assert segment(tokens) == [[0, 1, 2, 3], [4, 5]]
    gaps = analyse(tokens)
    assert [g.inside_word for g in gaps] == [True, True, True, False, True]


def test_ties_go_to_the_later_word() -> None:
    # "toàn dân" and "dân tộc" are both words; in "toàn dân tộc" the noun is "dân tộc"
    assert segment(banner("phát huy sức mạnh dân tộc")) == [[0, 1], [2, 3], [4, 5]]
    assert segment(banner("của cải cách")) == [[0], [1, 2]]


def test_curated_file_format() -> None:
    text = resources.files("bannergen.layout").joinpath("data", "compounds.txt").read_text("utf-8")
    entries = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    entries = [e for e in entries if e]
    assert len(entries) >= 400
    for entry in entries:
        assert entry == unicodedata.normalize("NFC", entry).lower(), entry
        assert "  " not in entry and " " in entry, entry
    assert len(entries) == len(set(map(fold, entries))), "duplicate entries"


def test_every_curated_entry_is_read_as_one_word() -> None:
    for entry in lexicon._lexicon().curated:
        tokens = entry.upper().split()
        assert segment(tokens) == [list(range(len(tokens)))], entry


def test_general_list_is_stored_folded() -> None:
    stored = lexicon._read_text(lexicon._GENERAL_FILE).splitlines()
    assert len(stored) > 50_000
    assert len(set(stored)) == len(stored)
    # sorted as UTF-8 bytes (the same order as code points): the lexicon bisects the file
    assert [e.encode() for e in stored] == sorted(e.encode() for e in stored)
    assert all(fold(e) == e and 2 <= len(e.split(" ")) <= 6 for e in stored)


def test_the_general_list_is_optional(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the GPL word list (data/README.md), the curated lists still do their work."""
    real_read = lexicon._read_bytes

    def read_without_general(name: str) -> bytes:
        if name == lexicon._GENERAL_FILE:
            raise FileNotFoundError(name)
        return real_read(name)

    monkeypatch.setattr(lexicon, "_read_bytes", read_without_general)
    curated_only = lexicon._lexicon.__wrapped__()
    assert curated_only.general == frozenset()
    monkeypatch.setattr(lexicon, "_lexicon", lambda: curated_only)
    for _number, _format, layout in LAYOUTS:
        tokens, breaks = parse_layout(layout)
        gaps = analyse(tokens)
        assert not any(gaps[at].inside_word or gaps[at].binding for at in breaks), layout
    assert not analyse(banner("môi trường"))[0].inside_word


def test_the_general_list_is_searched_in_its_bytes() -> None:
    """Every stored entry is found, and nothing else: the bisection agrees with a set."""
    words = lexicon._lexicon().general
    stored = lexicon._read_text(lexicon._GENERAL_FILE).splitlines()
    kept = [e for e in stored if e.rpartition(" ")[2] not in {"của", "và", "mọi"}]
    assert set(words) == set(kept) and len(kept) == len(stored) - 43
    assert all(e in words for e in kept[::97] + [kept[0], kept[-1]])
    near = [e + "a" for e in kept[::501]] + [e[:-1] for e in kept[::503]] + ["", "a", "\uffff"]
    kept_set = set(kept)
    assert not any(e in words and e not in kept_set for e in near)
    assert "có của" not in words and "tù và" not in words
    tiny = lexicon._SortedWords(b"b c\nd e\n")
    assert "b c" in tiny and "d e" in tiny and "c d" not in tiny and "a" not in tiny


def test_data_is_loaded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    analyse(banner(SLOGANS[0]))
    first = lexicon._lexicon()
    reads: list[str] = []
    monkeypatch.setattr(lexicon, "_read_text", lambda name: reads.append(name) or "")
    for slogan in SLOGANS:
        analyse(banner(slogan))
    assert reads == []
    assert lexicon._lexicon() is first
    assert lexicon._lexicon.cache_info().currsize == 1



# --- numbers with what they count, years with their names (docs/typesetting.md principle 2) ------

def test_an_amount_stays_whole_and_a_number_never_binds_to_a_function_word() -> None:
    tokens = banner("huy động 5.000 tỷ đồng xây dựng nông thôn mới")
    gaps = analyse(tokens)
    assert gaps[2].binding and gaps[3].binding  # 5.000 + TỶ + ĐỒNG: one amount
    assert not gaps[4].binding and not gaps[4].inside_word  # ĐỒNG | XÂY DỰNG
    gaps = analyse(banner("3 triệu người tham gia"))
    assert gaps[0].binding and gaps[1].binding and not gaps[2].binding
    gaps = analyse(banner("giảm 5 của năm trước"))
    assert not gaps[1].binding  # 5 | CỦA: a number does not bind to a function word


def test_a_year_stays_with_the_name_before_it() -> None:
    for text, at in (("Chào mừng SEA Games 2031 tại Hà Nội", 4),
                     ("Chào mừng APEC 2027 tại Việt Nam", 3),
                     ("Mừng Đảng, mừng Xuân Bính Ngọ 2026", 6)):
        tokens = banner(text)
        gaps = analyse(tokens)
        assert gaps[at - 1].inside_word, (text, tokens[at])  # the name and its year
        if at + 1 < len(tokens):
            assert not gaps[at].binding and not gaps[at].inside_word, text  # 2031 | TẠI
    gaps = analyse(banner("SEA Games 2031"))
    assert gaps[0].inside_word  # SEA GAMES is one name
    gaps = analyse(banner("phấn đấu 2026 người tham gia"))  # a count, not a year
    assert gaps[2].binding and not gaps[1].inside_word


def test_a_series_opener_stays_with_its_item() -> None:
    # "MỪNG ĐẢNG, MỪNG / XUÂN ...": the repeated word is cut from its object
    tokens = banner("Mừng Đảng, mừng Xuân Bính Ngọ 2026")
    gaps = analyse(tokens)
    assert gaps[2].binding and not gaps[1].binding  # MỪNG + XUÂN; after the comma: free
