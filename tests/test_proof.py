"""`bannergen proof`: the A4 approval sheet — text, documents, signatures, vector thumbnails, pages."""

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, write
from pypdf import PdfReader


def _text(reader):
    return "\n".join(" ".join(p.extract_text().split()) for p in reader.pages)


@pytest.mark.smoke
def test_proof_of_the_example_order(cli, tmp_path):
    out = tmp_path / "phieu.pdf"
    result = cli("proof", str(ROOT / "examples" / "don-dat-in.yaml"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    for page in reader.pages:
        assert [round(float(v) * 25.4 / 72) for v in page.mediabox[2:]] == [210, 297]
    text = _text(reader)
    for expected in ("PHIẾU DUYỆT MAKET", "SỞ TÀI CHÍNH TỈNH KON TUM",
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ngày 15 tháng 9 năm 2020",
                     "Công văn số 2808-CV/BTGTU", "554/STTTT-TTBCXB", "Người lập",
                     "Lãnh đạo duyệt", "Văn phòng Sở", "Đảng Cộng sản Việt Nam quang vinh muôn năm!",
                     "Băng rôn ngang", "500×80 cm", "42×59,4 cm", "Áp phích cổ động", "Tổng cộng: 5 maket",
                     "PDF, PNG", f"Trang 1/{len(reader.pages)}"):
        assert expected in text, expected
    # The thumbnails are the banners themselves, painted as vectors: their text is in the page,
    # and no raster image is embedded.
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "CHỦ TỊCH HỒ CHÍ MINH" in text
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        assert all(x.get_object()["/Subtype"] != "/Image" for x in xobjects.values())
    fonts = [f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    # Every font is embedded: no base-14 font the print shop's RIP would substitute.
    assert fonts and all("/FontFile2" in f["/FontDescriptor"] for f in fonts)
    # Banner red is on the page where the thumbnails are.
    image = pdfium.PdfDocument(str(out))[0].render(scale=0.5).to_pil().convert("RGB")
    r, g, b = (band.point(lambda v, t=t: 255 if t(v) else 0) for band, t in zip(
        image.split(), (lambda v: v > 200, lambda v: v < 60, lambda v: v < 60)))
    from PIL import ImageChops
    reds = ImageChops.multiply(ImageChops.multiply(r, g), b).histogram()[255]
    assert reds > 1000
    again = tmp_path / "again.pdf"
    assert cli("proof", str(ROOT / "examples" / "don-dat-in.yaml"), "-o", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()  # deterministic


@pytest.mark.slow
def test_long_order_runs_over_several_pages_and_warns_on_expiry(cli, tmp_path):
    order = write(tmp_path / "don.yaml", "items:\n" + "".join(
        f"  - slogan: {n}\n    template: ap-phich\n" for n in range(1, 12)))
    out = tmp_path / "phieu.pdf"
    result = cli("proof", str(order), "-o", str(out), env={"BANNERGEN_TODAY": "2022-03-01"})
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    assert len(reader.pages) >= 3
    text = _text(reader)
    assert f"Trang {len(reader.pages)}/{len(reader.pages)}" in text
    assert "ngày 01 tháng 3 năm 2022" in text
    assert "danh mục đã hết hiệu lực từ ngày 30/06/2021" in text
    assert "Tổng cộng: 11 maket" in text
    # The signatures share their page with the last item.
    last = " ".join(reader.pages[-1].extract_text().split())
    assert "Người lập" in last and "Khẩu hiệu số 11" in last


def test_proof_refuses_an_invalid_order(cli, tmp_path):
    order = write(tmp_path / "don.yaml", "items:\n  - slogan: 1\n    tempalte: bang-ron\n")
    result = cli("proof", str(order), "-o", str(tmp_path / "p.pdf"))
    assert result.returncode == 2
    assert f"{order}:3" in result.stderr and "did you mean 'template'" in result.stderr
    assert not (tmp_path / "p.pdf").exists()


def _order(tmp_path, head: str = "") -> object:
    return write(tmp_path / "don.yaml", head + "items:\n  - slogan: 9\n    template: ap-phich\n")


def test_state_style_header_from_the_settings(cli, tmp_path):
    """Nghị định 30/2020/NĐ-CP: the agency in two lines opposite the motto, the place and the
    date under it, each page numbered with a box for the approver's initials, no software name."""
    write(tmp_path / "bannergen.toml",
          'office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"]\nplace = "Quảng Ngãi"\n')
    order = _order(tmp_path, "date: 2026-03-05\n")
    result = cli("proof", "don.yaml", "-o", "p.pdf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    reader = PdfReader(tmp_path / "p.pdf")
    page = reader.pages[0]
    lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
    text = "\n".join(lines)
    assert "Quảng Ngãi, ngày 05 tháng 3 năm 2026" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Trang 1/1" in text and "Người duyệt ký nháy" in text
    assert "bannergen" not in text.lower()
    # the parent body stands above the office, in the left column
    positions = {}

    def visitor(txt, cm, tm, font, size):
        if txt.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            positions.setdefault(" ".join(txt.split()), (x, y))

    page.extract_text(visitor_text=visitor)
    parent = next(v for k, v in positions.items() if k.startswith("UBND TỈNH QUẢNG NGÃI"))
    office = next(v for k, v in positions.items() if k.startswith("SỞ TÀI CHÍNH"))
    motto = next(v for k, v in positions.items() if k.startswith("CỘNG HÒA"))
    assert parent[1] > office[1] and abs(parent[1] - motto[1]) < 2 and parent[0] < motto[0]
    assert order.exists()


def test_order_organization_overrides_the_settings(cli, tmp_path):
    write(tmp_path / "bannergen.toml", 'office = ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"]\n')
    _order(tmp_path, "organization: Văn phòng UBND tỉnh\n")
    assert cli("proof", "don.yaml", "-o", "p.pdf", cwd=tmp_path).returncode == 0
    text = _text(PdfReader(tmp_path / "p.pdf"))
    assert "VĂN PHÒNG UBND TỈNH" in text and "SỞ TÀI CHÍNH" not in text


def test_no_place_leaves_room_to_write_it(cli, tmp_path):
    _order(tmp_path, "date: 2026-01-09\n")
    assert cli("proof", "don.yaml", "-o", "p.pdf", cwd=tmp_path).returncode == 0
    assert "…, ngày 09 tháng 01 năm 2026" in _text(PdfReader(tmp_path / "p.pdf"))


def test_initials_box_on_every_page(cli, tmp_path):
    write(tmp_path / "don.yaml", "items:\n" + "".join(
        f"  - slogan: {n}\n    template: ap-phich\n" for n in range(1, 12)))
    assert cli("proof", "don.yaml", "-o", "p.pdf", cwd=tmp_path).returncode == 0
    reader = PdfReader(tmp_path / "p.pdf")
    total = len(reader.pages)
    assert total >= 2
    for number, page in enumerate(reader.pages, 1):
        text = " ".join(page.extract_text().split())
        assert f"Trang {number}/{total}" in text and "Người duyệt ký nháy" in text
    # the box is drawn: dark pixels along its outline at the bottom right of each page
    pdf = pdfium.PdfDocument(str(tmp_path / "p.pdf"))
    for index in range(total):
        image = pdf[index].render(scale=72 / 72).to_pil().convert("L")
        w, h = image.size
        mm = 72 / 25.4
        # the box: 32 × 12 mm, its right edge 15 mm from the page's, its bottom 8 mm up
        x = int(w - 15 * mm - 1)
        column = [image.getpixel((x, y)) for y in range(int(h - 20 * mm), int(h - 8 * mm))]
        assert min(column) < 128


@pytest.mark.parametrize("day, expected", [
    ((2026, 3, 5), "ngày 05 tháng 3 năm 2026"), ((2026, 1, 15), "ngày 15 tháng 01 năm 2026"),
    ((2026, 2, 9), "ngày 09 tháng 02 năm 2026"), ((2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
    ((2026, 10, 1), "ngày 01 tháng 10 năm 2026")])
def test_place_and_date_rule(day, expected):
    import datetime as dt

    from bannergen.workflow.proof import place_and_date

    assert place_and_date("Huế", dt.date(*day)) == f"Huế, {expected}"
