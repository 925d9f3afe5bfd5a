"""The small consistencies a clerk meets: `check` on an order, hints that name the catalogue in
use, the finished size and bleed said after every render, office sheets without bleed, dates and
decimal commas in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT, write
from pypdf import PdfReader
from test_settings import run

from bannergen.i18n import DateText, Measure, message

MM = 72 / 25.4
CATALOG = ("title: Đợt thử\nvalid_from: 1/1/2026\nvalid_to: 31/12/2026\nslogans:\n"
           "  - id: 1\n    slug: mung-xuan\n    text: Mừng Xuân, mừng Đảng!\n"
           "  - id: 2\n    slug: non-song\n    text: Non sông liền một dải!\n")


def test_check_an_order_by_its_content(tmp_path, capsys, monkeypatch):
    write(tmp_path / "dm.yaml", CATALOG)
    write(tmp_path / "phieu.yaml", "items:\n  - slogan: [1, non-song]\n    quantity: 3\n"
          "  - slogan: 2\n    template: ap-phich\n")
    code, out, err = run(capsys, monkeypatch, tmp_path, "check", "phieu.yaml", "--catalog", "dm.yaml")
    assert code == 0, err
    assert "phieu.yaml" in out and "3 maket" in out and "7 bản in" in out and "dm.yaml" in out
    # a catalogue given the same way is checked as a catalogue
    code, out, err = run(capsys, monkeypatch, tmp_path, "check", "dm.yaml")
    assert code == 0 and "2 khẩu hiệu" in out


def test_check_reports_an_order_line_that_cannot_be_made(tmp_path, capsys, monkeypatch):
    write(tmp_path / "dm.yaml", CATALOG)
    write(tmp_path / "don.yaml", "items:\n  - slogan: 1\n  - slogan: 2\n    size: 12x1cm\n")
    code, out, err = run(capsys, monkeypatch, tmp_path, "check", "don.yaml", "--catalog", "dm.yaml")
    assert code == 2 and "don.yaml:3:" in err and "Traceback" not in err


def test_check_an_unknown_kind_of_file(tmp_path, capsys, monkeypatch):
    write(tmp_path / "la.yaml", "ten: gì đó\n")
    code, out, err = run(capsys, monkeypatch, tmp_path, "check", "la.yaml")
    assert code == 2 and "la.yaml" in err and "'items'" in err


def test_hints_name_the_catalogue_in_use(tmp_path, capsys, monkeypatch):
    write(tmp_path / "dm.yaml", CATALOG)
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "7", "--catalog", "dm.yaml")
    assert code == 2 and "'bannergen list --catalog dm.yaml'" in err
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "--catalog", "dm.yaml")
    assert code == 2 and "'bannergen list --catalog dm.yaml'" in err
    # an order line names it too
    write(tmp_path / "don.yaml", "items:\n  - slogan: 9\n")
    code, out, err = run(capsys, monkeypatch, tmp_path, "batch", "don.yaml", "--catalog", "dm.yaml")
    assert code == 2 and "--catalog dm.yaml" in err
    # the bundled catalogue needs no option
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "99")
    assert code == 2 and "'bannergen list'" in err


def test_render_says_the_finished_size_and_the_bleed(tmp_path, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "9", "--size", "400x80cm",
                         "-o", "a.pdf")
    assert code == 0, err
    assert "Thành phẩm 400 × 80 cm, tràn lề 2 cm mỗi cạnh" in out
    box = PdfReader(tmp_path / "a.pdf").pages[0].mediabox
    assert float(box.width) == pytest.approx(4040 * MM, abs=0.5)  # what the message says
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "9", "-t", "ap-phich", "-o", "b.pdf")
    assert "Thành phẩm 42 × 59,4 cm, tràn lề 3 mm mỗi cạnh" in out
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "9", "--size", "100x20cm",
                         "-f", "png", "--dpi", "20", "-o", "c.png")
    assert "Thành phẩm 100 × 20 cm; ảnh 787 × 157 px ở 20 DPI" in out
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "9", "--size", "100x20cm",
                         "-o", "d.pdf", lang="en")
    assert "Finished size 100 × 20 cm, bleed 2 cm on each side" in out


@pytest.mark.parametrize("size, bleed_arg, bleed_mm", [
    ("A4", None, 0), ("A3-landscape", None, 0), ("A5", None, 0), ("A2", None, 3), ("A4", "3", 3)])
def test_office_sheets_have_no_bleed_unless_asked(tmp_path, capsys, monkeypatch, size, bleed_arg,
                                                  bleed_mm):
    args = ["render", "4", "-t", "ap-phich", "--size", size, "-o", "p.pdf"]
    if bleed_arg:
        args += ["--bleed", bleed_arg]
    code, out, err = run(capsys, monkeypatch, tmp_path, *args)
    assert code == 0, err
    page = PdfReader(tmp_path / "p.pdf").pages[0]
    extra = (float(page.mediabox.width) - float(page.trimbox.width)) / 2 / MM
    assert extra == pytest.approx(bleed_mm, abs=0.01)
    said = "Khổ giấy máy in văn phòng nên không tràn lề" in out
    assert said == (bleed_mm == 0)
    if bleed_mm == 0:
        assert "không tràn lề: trang PDF đúng bằng khổ thành phẩm" in out


def test_a_folder_takes_one_slogan_too(tmp_path, capsys, monkeypatch):
    (tmp_path / "ra").mkdir()
    code, out, err = run(capsys, monkeypatch, tmp_path, "render", "9", "--size", "100x20cm",
                         "-o", "ra")
    assert code == 0, err
    assert [p.name for p in (tmp_path / "ra").iterdir()] == ["09-dang-quang-vinh_bang-ron_100x20cm.pdf"]


def test_vietnamese_dates_and_decimal_commas():
    assert message("catalog_expired", "vi", start=DateText(dt.date(2020, 1, 1)),
                   end=DateText(dt.date(2021, 6, 30))) == \
        "Cảnh báo: danh mục hết hiệu lực (01/01/2020 đến 30/06/2021)."
    assert "2021-06-30" in message("catalog_expired", "en", start=DateText(None),
                                   end=DateText(dt.date(2021, 6, 30)))
    assert Measure(42, 59.4, unit="cm").render("vi") == "42 × 59,4 cm"
    assert Measure(42, 59.4, unit="cm").render("en") == "42 × 59.4 cm"


def test_list_shows_vietnamese_dates(tmp_path, capsys, monkeypatch):
    code, out, err = run(capsys, monkeypatch, tmp_path, "list", "--catalog",
                         str(ROOT / "slogans.yaml"))
    assert "01/01/2020" in out and "30/06/2021" in out and "2021-06-30" not in out
