"""The command line as a user runs it: exit codes, messages, files written (or not)."""

import json

import pytest
from conftest import write
from pypdf import PdfReader


@pytest.mark.smoke
def test_list_table_and_json(cli):
    result = cli("list")
    assert result.returncode == 0
    assert "11" in result.stdout and "dang-quang-vinh" in result.stdout
    data = json.loads(cli("list", "--json").stdout)
    assert [s["id"] for s in data["slogans"]] == list(range(1, 12))
    assert data["slogans"][8]["text"] == "Đảng Cộng sản Việt Nam quang vinh muôn năm!"
    assert data["valid_to"] == "2021-06-30"


def test_templates_table_and_json(cli):
    assert "bang-ron-doc" in cli("templates").stdout
    data = json.loads(cli("templates", "--json").stdout)
    assert {t["name"]: t["aliases"] for t in data} == {
        "ap-phich": ["poster"], "bang-ron": ["banner"], "bang-ron-doc": ["vertical-banner"],
        "man-hinh": ["screen"], "pano": ["billboard"], "phong-hoi-truong": ["backdrop"]}


@pytest.mark.smoke
def test_render_default_name_in_current_directory(cli, tmp_path):
    result = cli("render", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    [pdf] = list(tmp_path.glob("*.pdf"))
    assert pdf.name == "01-chao-mung-dai-hoi-xiii_bang-ron_500x80cm.pdf"
    assert str(pdf.name) in result.stdout
    page = PdfReader(pdf).pages[0]
    assert float(page.trimbox.width) == pytest.approx(5000 * 72 / 25.4, abs=0.01)
    assert "NHIỆT LIỆT CHÀO MỪNG" in page.extract_text()


def test_render_by_slug_alias_size_and_output(cli, tmp_path):
    out = tmp_path / "sub" / "phuon.pdf"
    result = cli("render", "dang-quang-vinh", "-t", "vertical-banner", "--size", "80x200cm",
                 "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = PdfReader(out).pages[0]
    assert float(page.trimbox.height) == pytest.approx(2000 * 72 / 25.4, abs=0.01)


def test_render_several_into_a_directory(cli, tmp_path):
    result = cli("render", "4", "9", "-t", "poster", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert names == ["04-day-manh-doi-moi_ap-phich_A2.pdf", "09-dang-quang-vinh_ap-phich_A2.pdf"]


@pytest.mark.smoke
def test_render_png_and_jpeg_with_dpi(cli, tmp_path):
    from PIL import Image

    png = tmp_path / "b.png"
    result = cli("render", "9", "--size", "100x20cm", "-f", "png", "--dpi", "50", "-o", str(png))
    assert result.returncode == 0, result.stderr
    with Image.open(png) as image:
        assert image.size == (1969, 394)
        assert image.info["dpi"] == pytest.approx((50, 50), abs=0.05)  # PNG stores dots per metre
    jpg = tmp_path / "b.jpg"
    assert cli("render", "9", "--size", "100x20cm", "--dpi", "50", "-o", str(jpg)).returncode == 0
    with Image.open(jpg) as image:
        assert image.format == "JPEG" and image.size == (1969, 394)


@pytest.mark.smoke
def test_png_is_the_pdf_rasterised(cli, tmp_path):
    """One painter: the PNG equals a PDFium rendering of the PDF, pixel for pixel."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops

    pdf, png = tmp_path / "b.pdf", tmp_path / "b.png"
    # Without bleed the MediaBox is the trim, which is what the PNG shows.
    assert cli("render", "7", "--size", "200x40cm", "--bleed", "0", "-o", str(pdf)).returncode == 0
    assert cli("render", "7", "--size", "200x40cm", "--bleed", "0", "--dpi", "40",
               "-o", str(png)).returncode == 0
    page = pdfium.PdfDocument(str(pdf))[0]
    expected = page.render(scale=40 / 72, draw_annots=False).to_pil().convert("RGB")
    with Image.open(png) as actual:
        actual = actual.convert("RGB")
        assert actual.size == expected.size
        diff = ImageChops.difference(actual, expected)
        assert max(channel[1] for channel in diff.getextrema()) <= 8


@pytest.mark.parametrize("args, needle", [
    (["render", "99"], "bannergen list"),
    (["render", "khong-co"], "khong-co"),
    (["render", "1", "--size", "500x"], "500x"),
    (["render", "1", "--size", "0x80cm"], "0x80cm"),
    (["render", "1", "--size", "100x1cm"], "at least 90 mm"),
    (["render", "1", "-t", "co-dong"], "co-dong"),
    (["render", "1", "-f", "gif"], "gif"),
    (["render", "1", "-f", "png", "--dpi", "100000"], "100000"),
    (["render", "1", "--catalog", "missing.yaml"], "missing.yaml"),
])
def test_bad_input_exit_2_no_traceback_no_file(cli, tmp_path, args, needle):
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert needle in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 2
    assert list(tmp_path.iterdir()) == []


def test_malformed_catalogue_names_file_and_line(cli, tmp_path):
    bad = write(tmp_path / "bad.yaml", "title: X\nslogans:\n  - id: 1\n    slug: a\n    text: [oops\n")
    result = cli("render", "1", "--catalog", str(bad), cwd=tmp_path)
    assert result.returncode == 2
    assert "bad.yaml:5" in result.stderr and "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_output_path_that_is_a_directory(cli, tmp_path):
    # one slogan into an existing folder: the file goes inside it, under its default name
    result = cli("render", "1", "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["01-chao-mung-dai-hoi-xiii_bang-ron_500x80cm.pdf"]


def test_messages_in_vietnamese_by_default(cli, tmp_path):
    result = cli("render", "99", env={"BANNERGEN_LANG": "vi"}, cwd=tmp_path)
    assert result.returncode == 2
    assert "Không có khẩu hiệu '99'" in result.stderr
    english = cli("render", "99", "--lang", "en", env={"BANNERGEN_LANG": "vi"}, cwd=tmp_path)
    assert "No slogan '99'" in english.stderr


@pytest.mark.slow
@pytest.mark.smoke
def test_check_reports_every_problem(cli, tmp_path):
    ok = cli("check")
    assert ok.returncode == 0, ok.stderr
    assert "11" in ok.stdout
    bad = write(tmp_path / "bad.yaml", "title: X\nslogans:\n  - id: 1\n    slug: a\n    text: ''\n"
                "  - id: 1\n    slug: b\n    text: Xin chào ☭\n")
    result = cli("check", "--catalog", str(bad))
    assert result.returncode == 2
    assert "bad.yaml:5" in result.stderr and "bad.yaml:6" in result.stderr


def test_missing_glyph_is_an_error(cli, tmp_path):
    cat = write(tmp_path / "c.yaml", "title: X\nslogans:\n  - id: 1\n    slug: a\n    text: Đảng ☭ quang vinh\n")
    result = cli("render", "1", "--catalog", str(cat), cwd=tmp_path)
    assert result.returncode == 2
    assert "U+262D" in result.stderr and "RobotoCondensed-Bold.ttf" in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_text_that_cannot_fit(cli, tmp_path):
    long = " ".join(["Nhiệt liệt chào mừng đại hội"] * 20)  # under the length limit, too long for 30 cm
    cat = write(tmp_path / "c.yaml", f"title: X\nslogans:\n  - id: 1\n    slug: a\n    text: {long}\n")
    result = cli("render", "1", "--catalog", str(cat), "--size", "30x10cm", cwd=tmp_path)
    assert result.returncode == 2
    assert "bang-ron" in result.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_python_dash_m_and_help(cli):
    result = cli("--help")
    assert result.returncode == 0 and "render" in result.stdout


def test_check_counts_in_the_singular(cli, tmp_path):
    cat = write(tmp_path / "c.yaml", "title: X\nslogans:\n  - id: 1\n    slug: a\n    text: Xin chào\n")
    result = cli("check", "--catalog", str(cat))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No problems: 1 slogan, 6 templates, ")
    assert "1 slogans" not in result.stdout
