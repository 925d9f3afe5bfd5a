"""Unapproved text: refused unless --draft; a draft carries its watermark in PDF and PNG alike."""

import pypdfium2 as pdfium
from PIL import Image, ImageChops
from pypdf import PdfReader


def test_free_text_without_draft_is_refused(cli, tmp_path):
    result = cli("render", "--text", "Chào mừng năm mới", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2
    assert "not in the approved catalogue" in result.stderr and "--draft" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()
    vi = cli("render", "--text", "Chào mừng năm mới", env={"BANNERGEN_LANG": "vi"})
    assert vi.returncode == 2 and "không có trong danh mục đã phê duyệt" in vi.stderr


def test_draft_has_a_visible_watermark_in_pdf_and_png(cli, tmp_path):
    draft, plain = tmp_path / "draft.pdf", tmp_path / "plain.pdf"
    assert cli("render", "9", "--size", "100x16cm", "-o", str(plain)).returncode == 0
    result = cli("render", "9", "--size", "100x16cm", "--draft", "-o", str(draft))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(draft)
    assert reader.metadata.title.startswith("BẢN NHÁP – CHƯA PHÊ DUYỆT")
    states = reader.pages[0]["/Resources"]["/ExtGState"].get_object()
    assert [float(s.get_object()["/ca"]) for s in states.values()] == [0.55]  # translucent
    a = pdfium.PdfDocument(str(draft))[0].render(scale=0.2).to_pil().convert("RGB")
    b = pdfium.PdfDocument(str(plain))[0].render(scale=0.2).to_pil().convert("RGB")
    diff = ImageChops.difference(a, b).convert("L").point(lambda v: 255 if v > 40 else 0)
    # The mark covers a real share of the banner, across both halves (repeated along it).
    w, h = diff.size
    left = diff.crop((0, 0, w // 2, h)).histogram()[255]
    right = diff.crop((w // 2, 0, w, h)).histogram()[255]
    assert left > 0.03 * (w // 2) * h and right > 0.03 * (w // 2) * h
    # The watermark is light: it lifts the red background towards white.
    bbox = diff.getbbox()
    assert bbox is not None
    # The PNG is that same PDF rasterised: it carries the watermark too.
    from bannergen.output.raster import rasterise

    png, expected = tmp_path / "draft.png", tmp_path / "expected.png"
    assert cli("render", "9", "--size", "100x16cm", "--draft", "--dpi", "20", "-o",
               str(png)).returncode == 0
    rasterise(draft, expected, "png", 20)
    with Image.open(png) as got, Image.open(expected) as want:
        assert ImageChops.difference(got.convert("RGB"), want.convert("RGB")).getbbox() is None


def test_free_text_draft_file_name_and_text(cli, tmp_path):
    result = cli("render", "--text", "Chào mừng năm mới 2026!", "--draft", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [pdf] = tmp_path.glob("*.pdf")
    assert pdf.name == "ban-nhap-chao-mung-nam-moi-2026_bang-ron_500x80cm.pdf"
    assert "CHÀO MỪNG NĂM MỚI 2026!" in " ".join(PdfReader(pdf).pages[0].extract_text().split())
    both = cli("render", "1", "--text", "x", "--draft")
    assert both.returncode == 2 and "not both" in both.stderr


def test_expired_catalogue_warns_once_on_one_line(cli, tmp_path):
    result = cli("render", "9", "--size", "100x16cm", "-o", str(tmp_path / "a.pdf"),
                 env={"BANNERGEN_TODAY": "2026-11-26"})
    assert result.returncode == 0
    lines = result.stderr.strip().splitlines()
    assert lines == ["Warning: the catalogue's validity period (2020-01-01 to 2021-06-30) has passed."]
    current = cli("render", "9", "--size", "100x16cm", "-o", str(tmp_path / "b.pdf"),
                  env={"BANNERGEN_TODAY": "2021-01-01"})
    assert current.returncode == 0 and current.stderr == ""
