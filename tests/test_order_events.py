"""Orders that carry events (a file beside the order, or inline) and slideshows: the order's
checks, the files batch writes, the manifest's `kind`, and the proof the leaders sign."""

from __future__ import annotations

import csv
import json

import pytest
from conftest import write
from PIL import Image
from pypdf import PdfReader

from bannergen.errors import BannergenError
from bannergen.inputs.event import Event
from bannergen.inputs.order import load_order

# Facts that appear nowhere else: another office, another congress.
EVENT_FILE = """\
title: Đại hội Đoàn Thanh niên Sở Xây dựng lần thứ VII
header: [Đoàn TNCS Hồ Chí Minh tỉnh Lâm Đồng, Đoàn Thanh niên Sở Xây dựng]
subtitle: Nhiệm kỳ 2027 - 2032
place_date: Đà Lạt, ngày 12 tháng 3 năm 2027
"""

ORDER = """\
organization: Sở Xây dựng tỉnh Lâm Đồng
title: Trang trí Đại hội Đoàn
items:
  - event: dai-hoi-doan.yaml
    size: 600x300cm
  - event:
      title: Hội nghị tổng kết công tác năm 2027
      header: Sở Xây dựng tỉnh Lâm Đồng
      place_date: Đà Lạt, tháng 12 năm 2027
    template: bang-ron
    size: 300x50cm
    quantity: 2
  - slogan: 8
    size: 1200x630px
    formats: [webp]
"""


def _order(tmp_path, text=ORDER):
    write(tmp_path / "dai-hoi-doan.yaml", EVENT_FILE)
    return write(tmp_path / "don.yaml", text)


def test_order_lines_take_an_event_by_file_or_inline(tmp_path, catalog, templates):
    order = load_order(_order(tmp_path), catalog, templates)
    products = list(order.products())
    assert [type(s).__name__ for _, s in products] == ["Event", "Event", "Slogan"]
    (first, by_file), (second, inline), (third, slogan) = products
    assert by_file.title == "Đại hội Đoàn Thanh niên Sở Xây dựng lần thứ VII"
    assert by_file.header == ("Đoàn TNCS Hồ Chí Minh tỉnh Lâm Đồng", "Đoàn Thanh niên Sở Xây dựng")
    assert inline.header == ("Sở Xây dựng tỉnh Lâm Đồng",) and inline.subtitle is None
    # No template named: an event's is the hall backdrop; a size in pixels is a screen.
    assert (first.template.name, first.size.label) == ("phong-hoi-truong", "600x300cm")
    assert (second.template.name, second.quantity) == ("bang-ron", 2)
    assert (third.template.name, slogan.id) == ("man-hinh", 8)
    # An event is never a slogan of the catalogue: its job has no slogan id, and a name of its own.
    job = order.job(first, by_file)
    assert job.is_event and job.slogan_id is None and job.slug.startswith("su-kien-dai-hoi-doan")
    banner = order.job(second, inline)
    assert banner.text.startswith("Nhiệt liệt chào mừng Hội nghị tổng kết")


def test_an_event_alone_defaults_to_the_backdrop_at_its_size(tmp_path, catalog, templates):
    path = write(tmp_path / "o.yaml", "items:\n  - event: {title: Hội nghị chuyên đề}\n")
    [(item, event)] = load_order(path, catalog, templates).products()
    assert isinstance(event, Event)
    assert (item.template.name, item.size.label) == ("phong-hoi-truong", "800x400cm")


@pytest.mark.parametrize("items,line,field,words", [
    ("  - event:\n      header: Sở Y tế\n", 3, "items[1].event", ["'title'"]),
    ("  - event:\n      title: Hội nghị\n      subtitel: x\n", 4, "items[1].event",
     ["subtitel", "subtitle"]),
    ("  - event: khong-co.yaml\n", 2, "items[1].event", ["khong-co.yaml"]),
    ("  - event: ../ngoai.yaml\n", 2, "items[1].event", ["../ngoai.yaml"]),
    ("  - quantity: 2\n    event: dai-hoi-doan.yaml\n    slogan: 4\n", 2, "items[1]",
     ["'slogan'", "'event'"]),
    ("  - template: bang-ron\n", 2, "items[1]", ["'slogan'"]),
    ("  - slogan: 4\n    template: backdrop\n", 3, "items[1].template", ["phong-hoi-truong"]),
])
def test_a_bad_event_line_names_the_order_file_and_line(tmp_path, catalog, templates, items,
                                                        line, field, words):
    path = _order(tmp_path, "items:\n" + items)
    with pytest.raises(BannergenError) as info:
        load_order(path, catalog, templates)
    text = info.value.render("en")
    assert text.startswith(f"{path}:{line}: Field '{field}'"), text
    for word in words:
        assert word in text


def test_a_wrong_event_file_names_both_places(tmp_path, catalog, templates):
    write(tmp_path / "su-kien.yaml", "title: Đại hội\nheader: [a, b, c]\n")
    path = write(tmp_path / "don.yaml", "items:\n  - slogan: 4\n  - event: su-kien.yaml\n")
    with pytest.raises(BannergenError) as info:
        load_order(path, catalog, templates)
    text = info.value.render("vi")
    assert text.startswith(f"{path}:3: Mục 'items[2].event'")
    assert f"{tmp_path / 'su-kien.yaml'}:2" in text and len(text.splitlines()) == 1


def test_batch_refuses_a_bad_event_order_in_two_lines_and_writes_nothing(cli, tmp_path):
    order = write(tmp_path / "don.yaml", "items:\n  - event:\n      subtitle: Nhiệm kỳ 2027\n")
    out = tmp_path / "out"
    for args in (("batch", str(order), "-o", str(out)), ("proof", str(order), "-o",
                                                         str(tmp_path / "p.pdf"))):
        result = cli(*args)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert 1 <= len(lines) <= 2 and "Traceback" not in result.stderr
        assert f"{order}:3" in lines[0] and "title" in lines[0]
    assert not out.exists() and not (tmp_path / "p.pdf").exists()


def test_batch_renders_events_and_the_manifest_says_which_is_which(cli, tmp_path):
    order = _order(tmp_path)
    out = tmp_path / "out"
    result = cli("batch", str(order), "-o", str(out))
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {f["file"]: f for f in manifest["files"]}
    assert len(files) == 3
    backdrop = next(f for f in files.values() if f["template"] == "phong-hoi-truong")
    banner = next(f for f in files.values() if f["template"] == "bang-ron")
    screen = next(f for f in files.values() if f["template"] == "man-hinh")
    assert backdrop["file"].startswith("su-kien-dai-hoi-doan-thanh-nien-so-")
    assert (backdrop["kind"], backdrop["slogan_id"], backdrop["size"]) == ("event", None, "600x300cm")
    assert backdrop["event"]["subtitle"] == "Nhiệm kỳ 2027 - 2032"
    assert backdrop["text"].split(" / ")[2] == "Đại hội Đoàn Thanh niên Sở Xây dựng lần thứ VII"
    assert (banner["kind"], banner["quantity"]) == ("event", 2)
    assert (screen["kind"], screen["slogan_id"], screen["format"]) == ("slogan", 8, "webp")
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as handle:
        rows = {row["file"]: row for row in csv.DictReader(handle)}
    assert rows[backdrop["file"]]["kind"] == "event" and rows[backdrop["file"]]["slogan_id"] == ""
    assert rows[screen["file"]]["kind"] == "slogan" and rows[screen["file"]]["slogan_id"] == "8"
    # The files are the products: the backdrop sets the event's facts, draft-free, at 6 × 3 m.
    page = PdfReader(out / backdrop["file"]).pages[0]
    unit = float(page.get("/UserUnit", 1))  # a 6 m page is beyond the 200-inch limit
    assert round(float(page.trimbox.width) * unit / 72 * 2.54) == 600
    text = page.extract_text()
    assert "ĐẠI HỘI ĐOÀN THANH NIÊN" in text and "NHIỆM KỲ 2027 - 2032" in text
    assert "Đà Lạt, ngày 12 tháng 3 năm 2027" in text and "BẢN NHÁP" not in text
    words = PdfReader(out / banner["file"]).pages[0].extract_text().replace("\n", " ")
    assert words.startswith("NHIỆT LIỆT CHÀO MỪNG") and "HỘI NGHỊ TỔNG KẾT" in words
    with Image.open(out / screen["file"]) as image:
        assert image.format == "WEBP" and image.size == (1200, 630)
    again = cli("batch", str(order), "-o", str(out))
    assert "0 written, 3 skipped" in again.stdout


def test_a_slideshow_line_is_one_file_with_its_slides(cli, tmp_path):
    order = write(tmp_path / "don.yaml", (
        "items:\n"
        "  - slogan: [5, 8, 10]\n"
        "    size: 480x270px\n"
        "    slideshow: {seconds: 4}\n"
        "    formats: [webp]\n"))
    out = tmp_path / "out"
    result = cli("batch", str(order), "-o", str(out))
    assert result.returncode == 0, result.stderr
    [entry] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["files"]
    assert entry["file"] == "trinh-chieu_05-08-10_man-hinh_480x270px.webp"
    assert entry["kind"] == "slogan" and entry["slideshow"]["seconds"] == 4
    assert [s["slogan_id"] for s in entry["slideshow"]["slides"]] == [5, 8, 10]
    with Image.open(out / entry["file"]) as image:
        assert (image.n_frames, image.size) == (3, (480, 270))
        frames = []
        for index in range(3):
            image.seek(index)
            frames.append(image.convert("RGB").tobytes())
    assert len(set(frames)) == 3  # three different slogans, in the line's order
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["slogan_id"] == "5; 8; 10"
    # The proof shows each slide, counted once as a file.
    proof = tmp_path / "p.pdf"
    assert cli("proof", str(order), "-o", str(proof)).returncode == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(proof).pages).split())
    assert "Trang 3/3 của trình chiếu" in text and "Khẩu hiệu số 10" in text
    assert "Tổng cộng: 3 maket 1 " in text  # three slides, one file


@pytest.mark.slow
def test_a_slideshow_line_as_mp4(cli, tmp_path):
    av = pytest.importorskip("av")
    order = write(tmp_path / "don.yaml", (
        "items:\n  - slogan: [3, 11]\n    size: 320x180px\n    slideshow: {seconds: 2}\n"))
    out = tmp_path / "out"
    result = cli("batch", str(order), "-o", str(out))
    assert result.returncode == 0, result.stderr
    path = out / "trinh-chieu_03-11_man-hinh_320x180px.mp4"  # mp4: a slideshow's default
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.width, stream.height) == ("h264", 320, 180)
        assert container.duration / 1_000_000 == pytest.approx(4.0, abs=0.1)


@pytest.mark.parametrize("item,words", [
    ("  - slogan: 4\n    formats: [mp4]\n", ["mp4", "slideshow"]),
    ("  - slogan: 4\n    slideshow: {seconds: 5}\n    size: 300x50cm\n", ["300x50cm"]),
    ("  - slogan: 4\n    slideshow: {seconds: 5}\n    size: 1081x720px\n", ["1081x720px"]),
    ("  - slogan: 4\n    slideshow: {seconds: 5}\n    formats: [png]\n", ["png", "mp4, webp"]),
    ("  - slogan: 4\n    slideshow: {seconds: 0.5}\n", ["0.5"]),
])
def test_bad_slideshow_lines_are_exit_2(cli, tmp_path, item, words):
    order = write(tmp_path / "don.yaml", "items:\n" + item)
    result = cli("batch", str(order), "-o", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2 and f"{order}:" in result.stderr
    for word in words:
        assert word in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_proof_shows_an_event_marked_as_the_offices_own(cli, tmp_path):
    order = _order(tmp_path)
    proof = tmp_path / "p.pdf"
    result = cli("proof", str(order), "-o", str(proof))
    assert result.returncode == 0, result.stderr
    text = " ".join(p.extract_text() for p in PdfReader(proof).pages)
    flat = " ".join(text.split())
    assert flat.count("Sự kiện (nội dung của cơ quan, không thuộc danh mục khẩu hiệu)") == 2
    # the backdrop's lines, top to bottom, as the leaders approve them
    for line in ("Đoàn TNCS Hồ Chí Minh tỉnh Lâm Đồng", "Nhiệm kỳ 2027 - 2032",
                 "Đà Lạt, ngày 12 tháng 3 năm 2027"):
        assert line in flat
    assert "Khẩu hiệu số 8" in flat  # the slogan keeps its number in the catalogue
    assert "Căn cứ các văn bản phê duyệt khẩu hiệu" in flat

    only_events = write(tmp_path / "su-kien-don.yaml", "items:\n  - event: dai-hoi-doan.yaml\n")
    assert cli("proof", str(only_events), "-o", str(proof)).returncode == 0
    flat = " ".join(" ".join(p.extract_text() for p in PdfReader(proof).pages).split())
    # No slogan on the sheet: no approving document is cited for the office's own text.
    assert "Căn cứ các văn bản phê duyệt khẩu hiệu" not in flat
    assert "Đại hội Đoàn Thanh niên Sở Xây dựng lần thứ VII" in flat


def test_render_an_event_at_a_size_keeps_the_backdrop(cli, tmp_path):
    event = write(tmp_path / "e.yaml", EVENT_FILE)
    result = cli("render", "--event", str(event), "--size", "phong-10x4-5m", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [pdf] = tmp_path.glob("*.pdf")
    assert pdf.name.endswith("_phong-hoi-truong_1000x450cm.pdf")
    screen = cli("render", "--event", str(event), "--size", "1920x1080px", "-o",
                 str(tmp_path / "s.png"))
    assert screen.returncode == 0, screen.stderr  # a size in pixels: the screen template
    with Image.open(tmp_path / "s.png") as image:
        assert image.size == (1920, 1080)


def test_one_slideshow_asked_with_other_seconds_is_refused_before_any_work(cli, tmp_path):
    line = "  - slogan: [4, 9]\n    size: 320x180px\n    slideshow: {{seconds: {}}}\n"
    order = write(tmp_path / "don.yaml", "items:\n" + line.format(5) + line.format(6))
    result = cli("batch", str(order), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and f"{order}:5" in result.stderr
    assert "trinh-chieu_04-09_man-hinh_320x180px.mp4" in result.stderr and "line 2" in result.stderr
    assert not (tmp_path / "out").exists()
