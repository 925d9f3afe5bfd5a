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
