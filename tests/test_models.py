"""The input models at the boundary: every text NFC, dates as ISO or day/month/year, clean errors."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from conftest import ROOT, write
from pydantic import BaseModel

from bannergen.errors import ErrorList, UserError
from bannergen.inputs.catalog import load_catalog
from bannergen.inputs.order import load_order
from bannergen.inputs.templates import load_template
from bannergen.resources import templates_dir


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _texts(value) -> list[str]:
    """Every string held by a loaded model, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [t for name in type(value).model_fields for t in _texts(getattr(value, name))]
    if isinstance(value, dict):
        return [t for k, v in value.items() for t in (*_texts(k), *_texts(v))]
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in _texts(item)]
    return []


CATALOGUE = """\
title: Khẩu hiệu tuyên truyền Đại hội
office: Sở Tài chính tỉnh Kon Tum
plan: Kế hoạch tuyên truyền năm 2027
valid_from: {start}
valid_to: {end}
documents:
  - id: 12-CV/BTG
    title: Công văn của Ban Tuyên giáo Tỉnh ủy
    date: {start}
    issuer: Ban Tuyên giáo Tỉnh ủy
slogans:
  - id: 1
    slug: mot
    text: Đảng Cộng sản Việt Nam quang vinh muôn năm!
    approved_by: [12-CV/BTG]
    note: Sửa chữ "Hồ Chí minh"
    hints: {{keep: [Cộng sản Việt Nam], lines: [Đảng Cộng sản Việt Nam, quang vinh muôn năm!]}}
"""

ORDER = """\
organization: Ủy ban nhân dân xã Đắk Hà
title: Băng rôn mừng Quốc khánh
date: {date}
prepared_by: Nguyễn Thị Hồng
occasion: Chào mừng Quốc khánh 2/9
items:
  - slogan: 1
    note: Giao trước ngày lễ, cắt viền may
    occasion: Mừng Đảng, mừng Xuân
"""


def test_every_text_of_every_file_is_nfc(tmp_path, catalog, templates):
    """Decomposed text (a Mac, a PDF copy) in any field reads as the composed letters."""
    cat = load_catalog(write(tmp_path / "c.yaml", _nfd(CATALOGUE.format(start="2027-01-01",
                                                                          end="2027-06-30"))))
    order = load_order(write(tmp_path / "o.yaml", _nfd(ORDER.format(date="2027-09-01"))), catalog,
                       templates)
    source = (templates_dir() / "ap-phich.yaml").read_text(encoding="utf-8")
    template = load_template(write(tmp_path / "ap-phich.yaml", _nfd(source)))
    for model, expected in ((cat, "Sở Tài chính tỉnh Kon Tum"), (order, "Nguyễn Thị Hồng"),
                            (template, "Áp phích")):
        texts = _texts(model)
        assert expected in texts or any(expected in t for t in texts)
        assert all(unicodedata.is_normalized("NFC", t) for t in texts), \
            [t for t in texts if not unicodedata.is_normalized("NFC", t)]
    assert cat.documents[0].issuer == "Ban Tuyên giáo Tỉnh ủy"
    assert cat.slogans[0].keep == ("Cộng sản Việt Nam",)
    assert order.items[0].note == "Giao trước ngày lễ, cắt viền may"


@pytest.mark.parametrize("written, expected", [
    ("2027-06-30", dt.date(2027, 6, 30)),
    ("30/6/2027", dt.date(2027, 6, 30)),
    ("30/06/2027", dt.date(2027, 6, 30)),
    ("1/2/2027", dt.date(2027, 2, 1)),      # day first, as Vietnamese write it
    ("'2027-06-30'", dt.date(2027, 6, 30)),  # quoted: a string, read the same way
])
def test_dates_iso_or_day_month_year_in_every_file(tmp_path, catalog, templates, written, expected):
    cat = load_catalog(write(tmp_path / "c.yaml", CATALOGUE.format(start=written, end="31/12/2027")))
    assert cat.valid_from == expected and cat.documents[0].date == expected
    assert cat.valid_to == dt.date(2027, 12, 31)
    order = load_order(write(tmp_path / "o.yaml", ORDER.format(date=written)), catalog, templates)
    assert order.date == expected


@pytest.mark.parametrize("written", ["31/2/2027", "2027-13-01", "30.6.2027", "6/30/2027", "mai"])
def test_a_bad_date_names_file_line_field_and_the_forms(tmp_path, catalog, templates, written):
    path = write(tmp_path / "o.yaml", ORDER.format(date=written))
    with pytest.raises(UserError) as info:
        load_order(path, catalog, templates)
    error = info.value
    assert (error.key, error.line, error.field, error.value) == ("bad_date", 3, "date", written)
    assert error.render("en") == (f"{path}:3: Field 'date': '{written}' is not a date; write "
                                  "day/month/year, e.g. 30/6/2027, or 2027-06-30.")
    assert "30/6/2027" in error.render("vi")


def test_a_date_of_the_wrong_type_says_what_a_date_looks_like(tmp_path):
    path = write(tmp_path / "c.yaml", CATALOGUE.format(start="[2027]", end="2027-06-30"))
    with pytest.raises(UserError) as info:
        load_catalog(path)
    errors = info.value.errors if isinstance(info.value, ErrorList) else [info.value]
    assert {(e.key, e.line) for e in errors} == {("wrong_type", 4), ("wrong_type", 9)}
    assert "a date (30/6/2027 or 2027-06-30)" in errors[0].render("en")


def test_the_bundled_example_order_reads_its_date(catalog, templates):
    order = load_order(ROOT / "examples" / "don-dat-in.yaml", catalog, templates)
    assert order.date == dt.date(2020, 9, 15)


def _errors(exc: UserError) -> list[UserError]:
    return exc.errors if isinstance(exc, ErrorList) else [exc]


def test_a_one_sided_bound_is_said_without_none(tmp_path):
    """`id: Field(ge=1)` has no upper end: "at least 1", never "between 1 and None"."""
    text = CATALOGUE.format(start="2027-01-01", end="2027-06-30").replace("  - id: 1\n",
                                                                          "  - id: -2\n")
    path = write(tmp_path / "c.yaml", text)
    with pytest.raises(UserError) as info:
        load_catalog(path)
    [error] = _errors(info.value)
    assert (error.key, error.field, error.line) == ("bad_number_min", "slogans[1].id", 12)
    assert error.render("en") == f"{path}:12: Field 'slogans[1].id': '-2' must be at least 1."
    assert "None" not in error.render("vi") and "từ 1 trở lên" in error.render("vi")


def test_both_bounds_of_an_annotated_ink_are_said(tmp_path):
    """A CMYK ink is `Annotated[Number, Field(ge=0, le=100)]` inside a tuple: both ends found."""
    source = (templates_dir() / "bang-ron.yaml").read_text(encoding="utf-8")
    assert "cmyk: [0, 83, 87, 15]" in source
    path = write(tmp_path / "bang-ron.yaml", source.replace("cmyk: [0, 83, 87, 15]",
                                                            "cmyk: [0, 83, 87, 150]", 1))
    with pytest.raises(UserError) as info:
        load_template(path)
    [error] = _errors(info.value)
    assert (error.key, error.params["low"], error.params["high"]) == ("bad_number", 0, 100)
    assert error.field.endswith(".cmyk[4]")
    assert "'150' must be a number between 0 and 100." in error.render("en")
    assert "None" not in error.render("vi") and "0–100" in error.render("vi")


@pytest.mark.parametrize("key, low, high, words", [
    ({"ge": 1}, 1, None, "'0' must be at least 1."),
    ({"le": 100}, None, 100, "'0' must be at most 100."),
    ({"gt": 0}, 0, None, "'0' must be a number greater than 0."),
    ({"lt": 1}, None, 1, "'0' must be a number less than 1."),
    ({"ge": 0, "le": 100}, 0, 100, "'0' must be a number between 0 and 100."),
])
def test_range_messages_for_each_kind_of_bound(key, low, high, words):
    from bannergen.i18n import message
    from bannergen.inputs.model import _range_message

    name, params = _range_message(key, 0)
    assert message(name, "en", **params) == words
    assert "None" not in message(name, "vi", **params)


HINTS = "    hints: {{keep: [Cộng sản Việt Nam], lines: [Đảng Cộng sản Việt Nam, quang vinh muôn năm!]}}\n"


def _bad_hints(tmp_path, hints: str) -> list[UserError]:
    text = CATALOGUE.format(start="2027-01-01", end="2027-06-30")
    text = text.replace(HINTS.replace("{{", "{").replace("}}", "}"), f"    hints: {hints}\n")
    path = write(tmp_path / "c.yaml", text)
    with pytest.raises(UserError) as info:
        load_catalog(path)
    return _errors(info.value)


def test_a_union_that_takes_no_such_type_is_one_message_at_the_field(tmp_path):
    """`lines: 5` (a list of lines, or one per format): one message, no pydantic union labels."""
    [error] = _bad_hints(tmp_path, "{lines: 5}")
    assert (error.key, error.field, error.line) == ("wrong_type", "slogans[1].hints.lines", 17)
    english = error.render("en")
    assert "expected a list, or one list per shape or template" in english
    assert "got a number (5)" in english
    for leak in ("tuple[", "dict[", "function-before", "lambda", "str]"):
        assert leak not in english and leak not in error.render("vi")


def test_a_union_member_that_took_the_shape_reports_inside_it(tmp_path):
    """A per-format mapping with a wrong entry: the entry is wrong, not "the value is no list"."""
    errors = _bad_hints(tmp_path, "{keep: {wide: 3}, lead: 7}")
    assert [(e.key, e.field) for e in errors] == [("wrong_type", "slogans[1].hints.keep.wide"),
                                                  ("wrong_type", "slogans[1].hints.lead")]
    assert "expected a list, got a number (3)" in errors[0].render("en")
    assert "expected text or true/false, got a number (7)" in errors[1].render("en")
    assert all("[" not in e.field.replace("[1]", "") for e in errors)


def test_a_user_key_that_looks_like_a_label_is_kept(tmp_path):
    """Only pydantic's labels are dropped: a per-format key of the user's own stays in the field."""
    [error] = _bad_hints(tmp_path, "{keep: {Str: 3}}")
    assert error.field == "slogans[1].hints.keep.Str"
