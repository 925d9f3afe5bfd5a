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
                     "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Ngày 15 tháng 09 năm 2020",
                     "Công văn số 2808-CV/BTGTU", "554/STTTT-TTBCXB", "Người lập",
                     "Lãnh đạo duyệt", "Văn phòng Sở", "Đảng Cộng sản Việt Nam quang vinh muôn năm!",
                     "Băng rôn ngang", "500×80 cm", "Áp phích cổ động", "Tổng cộng: 5 maket",
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
    assert "Ngày 01 tháng 03 năm 2022" in text
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
