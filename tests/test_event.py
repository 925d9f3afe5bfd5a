"""Event files: the office's own facts for a backdrop or a congress banner."""

from __future__ import annotations

import unicodedata

import pytest

from bannergen.errors import BannergenError
from bannergen.inputs.event import load_event

EVENT = """\
title: Đại hội Chi bộ Văn phòng Sở Tài chính lần thứ XV
header: [Đảng Cộng sản Việt Nam, Đảng bộ Sở Tài chính]
subtitle: Nhiệm kỳ 2025 - 2030
place_date: Quảng Ngãi, tháng 6 năm 2025
"""


def test_event_file_reads_every_fact(tmp_path):
    path = tmp_path / "su-kien.yaml"
    path.write_text(EVENT, encoding="utf-8")
    event = load_event(path)
    assert event.title == "Đại hội Chi bộ Văn phòng Sở Tài chính lần thứ XV"
    assert event.header == ("Đảng Cộng sản Việt Nam", "Đảng bộ Sở Tài chính")
    assert event.subtitle == "Nhiệm kỳ 2025 - 2030"
    assert event.place_date == "Quảng Ngãi, tháng 6 năm 2025"
    assert event.slug.startswith("su-kien-dai-hoi-chi-bo-van-phong-")
    assert event.slug.isascii()


def test_event_text_is_nfc_and_one_header_line_is_accepted(tmp_path):
    path = tmp_path / "e.yaml"
    title = unicodedata.normalize("NFD", "Hội nghị Người lao động năm 2026")
    path.write_text(f"title: {title}\nheader: Sở Tài chính\n", encoding="utf-8")
    event = load_event(path)
    assert event.title == unicodedata.normalize("NFC", title)
    assert event.header == ("Sở Tài chính",)


def test_same_title_other_facts_other_slug(tmp_path):
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text("title: Hội nghị cán bộ\nsubtitle: Năm 2026\n", encoding="utf-8")
    b.write_text("title: Hội nghị cán bộ\nsubtitle: Năm 2027\n", encoding="utf-8")
    assert load_event(a).slug != load_event(b).slug


@pytest.mark.parametrize("text,line,key", [
    ("header: [Đảng Cộng sản Việt Nam]\n", 1, "missing_key"),
    ("title: Đại hội\nheader: [a, b, c]\n", 2, "event_header_lines"),
    ("title: Đại hội\nsubtitel: Nhiệm kỳ\n", 2, "unknown_key"),
    ("title: 'Đại\u200bhội'\n", 1, "invisible_chars"),
    ("title: [a, b]\n", 1, "wrong_type"),
])
def test_bad_event_files_name_the_line(tmp_path, text, line, key):
    path = tmp_path / "e.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BannergenError) as info:
        load_event(path)
    errors = getattr(info.value, "errors", [info.value])
    assert any(e.key == key and e.line == line for e in errors), [(e.key, e.line) for e in errors]
    assert str(path) in info.value.render("vi")
