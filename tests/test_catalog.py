"""The approved catalogue: the seed plan's 11 slogans and validation with file, line and field."""

import datetime as dt
import unicodedata

import pytest
from conftest import write

from bannergen.errors import ErrorList, UserError
from bannergen.inputs.catalog import load_catalog

SEED = [
    "Nhiệt liệt chào mừng đại hội đảng bộ các cấp, Đại hội Đảng bộ tỉnh lần thứ XVI, tiến tới Đại hội đại biểu toàn quốc lần thứ XIII của Đảng!",
    "Thi đua lập thành tích chào mừng đại hội đảng bộ các cấp, Đại hội Đảng bộ tỉnh lần thứ XVI, tiến tới Đại hội toàn quốc lần thứ XIII của Đảng!",
    "Toàn Đảng, toàn dân và toàn quân quyết tâm thực hiện thắng lợi Nghị quyết đại hội đảng bộ các cấp và Nghị quyết Đại hội XIII của Đảng!",
    "Đẩy mạnh toàn diện, đồng bộ công cuộc đổi mới đất nước!",
    "Xây dựng, chỉnh đốn Đảng và hệ thống chính trị trong sạch, vững mạnh!",
    "Kết hợp phát huy sức mạnh dân tộc với sức mạnh thời đại, xây dựng và bảo vệ vững chắc Tổ quốc Việt Nam xã hội chủ nghĩa!",
    "Đảng Cộng sản Việt Nam - Người lãnh đạo, tổ chức mọi thắng lợi của cách mạng Việt Nam!",
    "Tất cả vì mục tiêu dân giàu, nước mạnh, dân chủ, công bằng, văn minh!",
    "Đảng Cộng sản Việt Nam quang vinh muôn năm!",
    "Nước Cộng hòa xã hội chủ nghĩa Việt Nam muôn năm!",
    "Chủ tịch Hồ Chí Minh vĩ đại sống mãi trong sự nghiệp của chúng ta!",
]


def test_seed_catalogue(catalog):
    assert [s.id for s in catalog.slogans] == list(range(1, 12))
    assert [s.text for s in catalog.slogans] == SEED
    assert all(unicodedata.is_normalized("NFC", s.text) for s in catalog.slogans)
    assert len({s.slug for s in catalog.slogans}) == 11
    assert {d.id for d in catalog.documents} == {"2808-CV/BTGTU", "554/STTTT-TTBCXB"}
    assert catalog.valid_from == dt.date(2020, 1, 1)
    assert catalog.valid_to == dt.date(2021, 6, 30)
    assert catalog.office == "Sở Tài chính tỉnh Kon Tum"
    assert all(set(s.approved_by) == {"2808-CV/BTGTU", "554/STTTT-TTBCXB"} for s in catalog.slogans)
    # The plan's "Hồ Chí minh" is corrected, and the correction is recorded.
    assert "Hồ Chí Minh" in catalog.find(11).text and "minh" in catalog.find(11).note


def test_find_by_id_and_slug(catalog):
    assert catalog.find("9").slug == "dang-quang-vinh"
    assert catalog.find("dang-quang-vinh").id == 9
    with pytest.raises(UserError) as info:
        catalog.find("99")
    assert "bannergen list" in info.value.render("en")


MINIMAL = """\
title: Test
slogans:
  - id: 1
    slug: one
    text: Một
"""


def test_nfd_text_becomes_nfc(tmp_path):
    nfd = unicodedata.normalize("NFD", "Đảng Cộng sản Việt Nam")
    cat = load_catalog(write(tmp_path / "c.yaml", MINIMAL.replace("Một", nfd)))
    assert cat.slogans[0].text == "Đảng Cộng sản Việt Nam"


def problems(path):
    with pytest.raises(UserError) as info:
        load_catalog(path)
    error = info.value
    return error.errors if isinstance(error, ErrorList) else [error]


@pytest.mark.parametrize("body, key, line, field", [
    (MINIMAL + "  - id: 1\n    slug: two\n    text: Hai\n", "duplicate_id", 6, "slogans[2].id"),
    (MINIMAL + "  - id: 2\n    slug: one\n    text: Hai\n", "duplicate_slug", 7, "slogans[2].slug"),
    (MINIMAL.replace("text: Một", "text: ''"), "empty_text", 5, "slogans[1].text"),
    (MINIMAL.replace("text: Một", "text: \"M\\u200bột\""), "invisible_chars", 5, "slogans[1].text"),
    (MINIMAL.replace("id: 1", "id: one"), "wrong_type", 3, "slogans[1].id"),
    (MINIMAL.replace("slug: one", "slug: One Two"), "bad_slug", 4, "slogans[1].slug"),
    # digits alone would be read as another slogan's id: `render 3` must mean slogan 3
    (MINIMAL.replace("slug: one", "slug: '3'"), "bad_slug", 4, "slogans[1].slug"),
    (MINIMAL.replace("slug: one", "slug: " + "a" * 81), "slug_too_long", 4, "slogans[1].slug"),
    (MINIMAL + "    txet: typo\n", "unknown_key", 6, "slogans[1]"),
    (MINIMAL.replace("title: Test\n", ""), "missing_key", 1, None),
    (MINIMAL + "valid_from: 2021-13-01\n", "bad_date", 6, "valid_from"),
    (MINIMAL + "    approved_by: [999-CV]\ndocuments:\n  - id: 1-CV\n    title: X\n", "unknown_document", 6, "slogans[1].approved_by"),
])
def test_catalogue_problems_name_file_line_field(tmp_path, body, key, line, field):
    path = write(tmp_path / "c.yaml", body)
    [error] = problems(path)
    assert error.key == key
    assert error.line == line
    assert error.field == field
    assert error.file == str(path)
    text = error.render("en")
    assert text.startswith(f"{path}:{line}")


def test_unknown_key_suggests(tmp_path):
    [error] = problems(write(tmp_path / "c.yaml", MINIMAL + "    txet: typo\n"))
    assert "did you mean 'text'" in error.render("en")
    assert "có phải ý bạn là 'text'" in error.render("vi")


def test_every_problem_is_reported(tmp_path):
    body = MINIMAL + "  - id: 1\n    slug: one\n    text: ''\n"
    keys = {e.key for e in problems(write(tmp_path / "c.yaml", body))}
    assert keys == {"duplicate_id", "duplicate_slug", "empty_text"}


@pytest.mark.parametrize("body, key", [
    ("title: [unclosed\n", "yaml_mistake"),
    ("", "yaml_empty"),
    ("- a\n- b\n", "wrong_type"),
    ("title: !!python/object/apply:os.system ['echo hi']\nslogans: []\n", "yaml_tag"),
])
def test_malformed_files(tmp_path, body, key):
    [error] = problems(write(tmp_path / "c.yaml", body))
    assert error.key == key


def test_not_utf8(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_bytes(MINIMAL.replace("Một", "M\xf4t").encode("cp1258", errors="replace"))
    [error] = problems(path)
    assert error.key == "file_not_utf8" and error.line == 5


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    lines.append("title: *a8\nslogans: []")
    [error] = problems(write(tmp_path / "c.yaml", "\n".join(lines) + "\n"))
    assert error.key == "yaml_too_complex"
