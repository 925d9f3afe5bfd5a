"""A catalogue from the official letter: finding the slogans in real-looking letters (.txt and
.docx), the document, slugs, the file written and checked, and one more slogan added."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import write
from test_settings import run

from bannergen.errors import BannergenError
from bannergen.inputs.catalog import SLUG, load_catalog
from bannergen.workflow.letter import (
    add_slogan,
    catalog_from_letter,
    find_slogans,
    new_catalog,
    parse_date,
    parse_document,
    read_letter,
    slugify,
)

DOCUMENT = "Công văn số 318-CV/BTGTU ngày 07/02/2026 của Ban Tuyên giáo Tỉnh ủy Gia Lai"

# A letter as it comes out of Word's "Save as plain text": a two-column header flattened into
# lines, numbered sections, a subject line that names the slogans, sub-headings, NBSPs, a tab
# after a dash, curly quotes, a space before "!", and a slogan wrapped over two lines.
LETTER = """\
TỈNH ỦY GIA LAI\t\t\tĐẢNG CỘNG SẢN VIỆT NAM
BAN TUYÊN GIÁO
*\t\t\tGia Lai, ngày 07 tháng 02 năm 2026
Số 318-CV/BTGTU
V/v định hướng khẩu hiệu tuyên truyền năm 2026

Kính gửi: Các sở, ban, ngành, Mặt trận Tổ quốc và các đoàn thể tỉnh

Căn cứ Hướng dẫn số 12-HD/BTGTW, Ban Tuyên giáo Tỉnh ủy đề nghị:

I. MỤC ĐÍCH, YÊU CẦU
1. Tạo không khí phấn khởi trong Nhân dân!
2. Bảo đảm tiết kiệm, hiệu quả.

II. NỘI DUNG KHẨU HIỆU
1. Khẩu hiệu chung:
-\tMừng Đảng, mừng Xuân Bính Ngọ 2026!
–\u00a0“Đảng Cộng sản Việt Nam quang vinh muôn năm!”;
- Toàn Đảng, toàn dân, toàn quân thi đua lập thành tích chào mừng kỷ niệm
  96 năm Ngày thành lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2026)!
2. Khẩu hiệu về bầu cử:
a) Ngày bầu cử là ngày hội của toàn dân !
b) Cử tri đi bầu cử đầy đủ, lựa chọn những người tiêu biểu!
• Mừng Đảng, mừng Xuân Bính Ngọ 2026!

III. TỔ CHỨC THỰC HIỆN
Đề nghị các đơn vị treo khẩu hiệu trước ngày 10/02/2026. Chúc mừng năm mới!

Nơi nhận:
- Như trên;
- Lưu VP.
"""

EXPECTED = [
    "Mừng Đảng, mừng Xuân Bính Ngọ 2026!",
    "Đảng Cộng sản Việt Nam quang vinh muôn năm!",
    "Toàn Đảng, toàn dân, toàn quân thi đua lập thành tích chào mừng kỷ niệm 96 năm Ngày thành "
    "lập Đảng Cộng sản Việt Nam (03/02/1930 - 03/02/2026)!",
    "Ngày bầu cử là ngày hội của toàn dân!",
    "Cử tri đi bầu cử đầy đủ, lựa chọn những người tiêu biểu!",
]


def test_finds_the_slogans_of_a_real_looking_letter():
    found = find_slogans(LETTER)
    assert [text for text, _ in found] == EXPECTED
    # the line where each starts, to check against the paper (1-based)
    lines = LETTER.splitlines()
    for text, line in found:
        assert text.split()[0].strip("“") in lines[line - 1]


def test_windows_line_ends_and_word_manual_breaks():
    letter = "KHẨU HIỆU\r\n- Một hai ba bốn\x0bnăm sáu bảy!\r\n- Tám chín mười!\r\n"
    assert [t for t, _ in find_slogans(letter)] == ["Một hai ba bốn năm sáu bảy!", "Tám chín mười!"]


def test_decomposed_text_and_invisible_characters_are_cleaned():
    letter = "Các khẩu hiệu:\n- Vie\u0302\u0323t Nam\u200b muôn năm!\n"
    [(text, _)] = find_slogans(letter)
    assert text == "Việt Nam muôn năm!"


def test_unmarked_lines_in_a_table_after_a_number_cell():
    letter = "Danh mục khẩu hiệu\nSTT\nNội dung khẩu hiệu\n1\nMột hai ba!\n2\nBốn năm sáu!\n"
    assert [t for t, _ in find_slogans(letter)] == ["Một hai ba!", "Bốn năm sáu!"]


def test_capitals_notes_in_brackets_and_roman_numbered_items():
    letter = ("III. CÁC KHẨU HIỆU TUYÊN TRUYỀN\n"
              "1) ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM! (treo tại cổng chính)\n"
              "2) Xây dựng nông thôn mới,\n   đô thị văn minh! (dùng cho các xã);\n"
              "— «Tất cả vì Nhân dân!»\n"
              "IV. KINH PHÍ\n- Tiết kiệm, hiệu quả!\n")
    assert [t for t, _ in find_slogans(letter)] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM!",
        "Xây dựng nông thôn mới, đô thị văn minh!", "Tất cả vì Nhân dân!"]


def test_multilevel_numbers_and_a_section_named_after_the_list():
    letter = ("Đề nghị treo:\n1.1. Mừng Đảng quang vinh!\n1.2 Mừng Xuân Bính Ngọ!\n"
              "2. 80 năm Cách mạng Tháng Tám thành công!\n\n"
              "Các đơn vị báo cáo việc treo khẩu hiệu trước ngày 30/01.\n")
    assert [t for t, _ in find_slogans(letter)] == [
        "Mừng Đảng quang vinh!", "Mừng Xuân Bính Ngọ!", "80 năm Cách mạng Tháng Tám thành công!"]


def test_no_section_heading_means_the_whole_letter():
    assert [t for t, _ in find_slogans("Đề nghị treo:\n1) A b c!\n2) D e g!\n")] == \
        ["A b c!", "D e g!"]


def test_prose_and_unfinished_items_are_not_slogans():
    letter = ("Khẩu hiệu:\n- Một dòng không có dấu chấm than\n\n- Câu văn xuôi. Có cả dấu chấm!\n"
              "- " + "rất dài " * 60 + "!\n- Đúng rồi!\n")
    found = [t for t, _ in find_slogans(letter)]
    assert "Đúng rồi!" in found and not any("không có dấu" in t for t in found)
    assert not any(len(t) > 300 for t in found)


def test_slugs_are_ascii_and_unique():
    assert slugify("Đảng Cộng sản Việt Nam quang vinh muôn năm!") == "dang-cong-san-viet-nam-quang"
    assert slugify("Ơn Đảng, ơn Bác!") == "on-dang-on-bac"
    text, slogans = catalog_from_letter(
        "Khẩu hiệu:\n- Mừng Xuân, mừng Đảng, mừng đất nước A!\n"
        "- Mừng Xuân, mừng Đảng, mừng đất nước B!\n", DOCUMENT)
    slugs = [s.slug for s in slogans]
    assert len(set(slugs)) == 2 and all(SLUG.match(s) for s in slugs)


def test_document_number_and_date():
    doc = parse_document(DOCUMENT)
    assert doc.id == "318-CV/BTGTU" and doc.date == dt.date(2026, 2, 7) and doc.title == DOCUMENT
    doc = parse_document("Văn bản số 554/STTTT-TTBCXB ngày 15 tháng 4 năm 2020")
    assert doc.id == "554/STTTT-TTBCXB" and doc.date == dt.date(2020, 4, 15)
    with pytest.raises(BannergenError):
        parse_document("Công văn số 1-CV ngày 31/02/2026")


@pytest.mark.parametrize("text, date", [("30/6/2027", dt.date(2027, 6, 30)),
                                        ("30/06/2027", dt.date(2027, 6, 30)),
                                        ("2027-06-30", dt.date(2027, 6, 30)),
                                        ("1-2-2026", dt.date(2026, 2, 1))])
def test_dates_as_an_office_writes_them(text, date):
    assert parse_date(text, "--valid-to") == date


@pytest.mark.parametrize("text", ["31/6/2027", "6/30/2027", "ngày mai", "2027-13-01"])
def test_bad_dates(text):
    with pytest.raises(BannergenError) as caught:
        parse_date(text, "--valid-to")
    assert caught.value.exit_code == 2 and text in caught.value.render("vi")


def test_the_catalogue_text_loads_with_the_real_loader(tmp_path):
    text, slogans = catalog_from_letter(LETTER, DOCUMENT, valid_from=dt.date(2026, 2, 7),
                                        valid_to=dt.date(2026, 12, 31))
    path = write(tmp_path / "dm.yaml", text)
    catalogue = load_catalog(path)
    assert [s.text for s in catalogue.slogans] == EXPECTED
    assert [s.id for s in catalogue.slogans] == [1, 2, 3, 4, 5]
    assert [s.slug for s in catalogue.slogans] == [s.slug for s in slogans]
    assert catalogue.documents[0].id == "318-CV/BTGTU"
    assert all(s.approved_by == ("318-CV/BTGTU",) for s in catalogue.slogans)
    assert catalogue.valid_to == dt.date(2026, 12, 31)
    assert DOCUMENT in catalogue.title


def test_a_letter_without_slogans_is_a_clear_error():
    with pytest.raises(BannergenError) as caught:
        catalog_from_letter("Kính gửi các đơn vị.\nĐề nghị thực hiện.\n", DOCUMENT)
    assert caught.value.exit_code == 2 and "!" in caught.value.render("vi")


# --- Word files ------------------------------------------------------------------------------

def _docx(path: Path) -> Path:
    """A letter as Word makes it: automatic bullets and numbers (no mark in the text), a table,
    a manual line break inside a slogan, NBSPs and curly quotes."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("BAN TUYÊN GIÁO TỈNH ỦY")
    document.add_paragraph("V/v khẩu hiệu tuyên truyền")
    document.add_paragraph("Kính gửi: các cơ quan, đơn vị.")
    document.add_paragraph("II. KHẨU HIỆU TUYÊN TRUYỀN")
    document.add_paragraph("Chào mừng Đại hội Đảng bộ tỉnh lần thứ I!", style="List Bullet")
    numbered = document.add_paragraph("“Quyết tâm xây dựng tỉnh Gia Lai\u00a0phát triển nhanh, bền vững!”")
    properties = numbered._p.get_or_add_pPr()
    numbering = OxmlElement("w:numPr")
    for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        numbering.append(element)
    properties.append(numbering)
    wrapped = document.add_paragraph("- Đoàn kết, dân chủ, kỷ cương,", style="Normal")
    wrapped.add_run().add_break()
    wrapped.add_run("đổi mới, sáng tạo, phát triển!")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "1", "Non sông liền một dải!"
    table.cell(1, 0).text, table.cell(1, 1).text = "2", "Tất cả vì Nhân dân!"
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Thường trực Tỉnh ủy (b/c)!", style="List Bullet")
    document.save(path)
    return path


@pytest.mark.smoke
def test_docx_letter(tmp_path):
    path = _docx(tmp_path / "cong-van.docx")
    found = [t for t, _ in find_slogans(read_letter(path))]
    assert found == ["Chào mừng Đại hội Đảng bộ tỉnh lần thứ I!",
                     "Quyết tâm xây dựng tỉnh Gia Lai phát triển nhanh, bền vững!",
                     "Đoàn kết, dân chủ, kỷ cương, đổi mới, sáng tạo, phát triển!",
                     "Non sông liền một dải!", "Tất cả vì Nhân dân!"]


def test_docx_under_another_name_and_fake_docx(tmp_path):
    renamed = _docx(tmp_path / "a.docx").rename(tmp_path / "cong-van.txt")
    assert "Non sông liền một dải!" in read_letter(renamed)
    fake = write(tmp_path / "b.docx", "Khẩu hiệu:\n- A!\n")
    with pytest.raises(BannergenError) as caught:
        read_letter(fake)
    assert ".docx" in caught.value.render("vi")
    broken = tmp_path / "c.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(BannergenError) as caught:
        read_letter(broken)
    assert caught.value.exit_code == 2
    old = tmp_path / "d.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(BannergenError) as caught:
        read_letter(old)
    assert ".docx" in caught.value.render("vi")


def test_text_encodings(tmp_path):
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes("Khẩu hiệu:\n- Việt Nam muôn năm!\n".encode("utf-16"))
    assert [t for t, _ in find_slogans(read_letter(utf16))] == ["Việt Nam muôn năm!"]
    legacy = tmp_path / "cp.txt"
    legacy.write_bytes(b"Kh\xe2u hi\xea\xf2u:\n- \xd0\xe2ng!\n")  # Windows-1258, not UTF-8
    with pytest.raises(BannergenError) as caught:
        read_letter(legacy)
    assert "UTF-8" in caught.value.render("vi")


# --- writing and adding ----------------------------------------------------------------------

def test_new_catalog_writes_nothing_when_the_letter_fails(tmp_path):
    letter = write(tmp_path / "cv.txt", "Không có gì.\n")
    with pytest.raises(BannergenError):
        new_catalog(letter, tmp_path / "dm.yaml", DOCUMENT)
    assert not (tmp_path / "dm.yaml").exists()


def test_add_keeps_the_file_and_numbers_on(tmp_path):
    letter = write(tmp_path / "cv.txt", LETTER)
    path = tmp_path / "dm.yaml"
    new_catalog(letter, path, DOCUMENT)
    before = path.read_text(encoding="utf-8")
    slogan = add_slogan(path, "Thi đua  yêu nước!")
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n"))  # nothing above is touched, comments kept
    catalogue = load_catalog(path)
    assert catalogue.slogans[-1].text == "Thi đua yêu nước!" and slogan.id == 6
    assert catalogue.slogans[-1].approved_by == ("318-CV/BTGTU",)
    with pytest.raises(BannergenError) as caught:
        add_slogan(path, "thi đua yêu nước!")
    assert "6" in caught.value.render("vi")
    assert path.read_text(encoding="utf-8") == after


def test_add_into_a_catalogue_with_more_keys_after_the_slogans(tmp_path):
    path = write(tmp_path / "dm.yaml", "title: Thử\nslogans:\n- id: 4\n  slug: a\n  text: A!\n"
                 "  hints:\n    keep: [a]\n# cuối danh sách\nvalid_to: 2030-01-01\n")
    add_slogan(path, "Bê!", slug="be")
    catalogue = load_catalog(path)
    assert [(s.id, s.slug) for s in catalogue.slogans] == [(4, "a"), (5, "be")]
    assert catalogue.valid_to == dt.date(2030, 1, 1)
    assert "# cuối danh sách" in path.read_text(encoding="utf-8")


def test_cli_catalog_new_and_add(tmp_path, capsys, monkeypatch):
    _docx(tmp_path / "cv.docx")
    code, out, err = run(capsys, monkeypatch, tmp_path, "catalog", "new", "--from", "cv.docx",
                         "--document", DOCUMENT, "--valid-to", "31/12/2026", "-o", "dm.yaml")
    assert code == 0, err
    assert "Tìm thấy 5 khẩu hiệu" in out and "Non sông liền một dải!" in out
    assert load_catalog(tmp_path / "dm.yaml").valid_to == dt.date(2026, 12, 31)
    code, out, err = run(capsys, monkeypatch, tmp_path, "catalog", "new", "--from", "cv.docx",
                         "--document", DOCUMENT, "-o", "dm.yaml")
    assert code == 2 and "--force" in err
    code, out, err = run(capsys, monkeypatch, tmp_path, "catalog", "add", "dm.yaml",
                         "Mừng Đảng quang vinh!")
    assert code == 0 and "6" in out
    code, out, err = run(capsys, monkeypatch, tmp_path, "list", "--json", "--catalog", "dm.yaml")
    assert "Mừng Đảng quang vinh!" in out
    code, out, err = run(capsys, monkeypatch, tmp_path, "catalog", "new", "--from", "cv.docx",
                         "--document", DOCUMENT, "--valid-to", "31/13/2026", "-o", "x.yaml")
    assert code == 2 and "31/13/2026" in err and not (tmp_path / "x.yaml").exists()


def test_a_slug_made_of_digits_gets_a_word_first():
    from bannergen.inputs.catalog import SLUG

    assert slugify("2026!") == "khau-hieu-2026" and SLUG.match(slugify("2026!"))
    assert slugify("Đảng quang vinh") == "dang-quang-vinh"
