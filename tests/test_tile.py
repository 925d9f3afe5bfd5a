"""`bannergen tile`: the banner at full size over office sheets, a map first, the vector page reused."""

import pytest
from conftest import PDF_14_LARGEST_REAL, content_streams, numbers_of
from pypdf import PdfReader

from bannergen.errors import UserError
from bannergen.inputs.units import mm
from bannergen.workflow.tile import plan_tiles


def test_plan_chooses_the_orientation_with_fewest_sheets():
    plan = plan_tiles(mm(3000), mm(500), "A4", 10)
    # Portrait: 190×277 mm pieces → 2 rows × 17 columns = 34; landscape would need 3 × 12 = 36.
    assert (plan.landscape, plan.rows, plan.cols) == (False, 2, 17)
    assert plan_tiles(mm(500), mm(150), "A3", 10).rows * plan_tiles(mm(500), mm(150), "A3", 10).cols == 2
    # The pieces, stepped by piece − overlap, cover the banner and no more columns than needed.
    assert (plan.cols - 1) * plan.step_x + plan.piece_w >= mm(3000)
    assert (plan.cols - 2) * plan.step_x + plan.piece_w < mm(3000)
    with pytest.raises(UserError):
        plan_tiles(mm(3000), mm(500), "A5", 10)
    with pytest.raises(UserError):
        plan_tiles(mm(3000), mm(500), "A4", 80)


@pytest.mark.smoke
def test_tile_end_to_end(cli, tmp_path):
    out = tmp_path / "tile.pdf"
    result = cli("tile", "9", "--size", "100x30cm", "--paper", "A4", "--overlap", "10", "-o", str(out))
    assert result.returncode == 0, result.stderr
    reader = PdfReader(out)
    plan = plan_tiles(mm(1000), mm(300), "A4", 10)
    sheets = plan.rows * plan.cols
    assert f"{sheets} A4 sheets" in result.stdout
    assert len(reader.pages) == 1 + sheets
    first = " ".join(reader.pages[0].extract_text().split())
    assert "SƠ ĐỒ GHÉP TỜ" in first and "Đảng Cộng sản Việt Nam quang vinh muôn năm!" in first
    assert "chồng mép 10 mm" in first
    for n, page in enumerate(reader.pages[1:], 1):
        assert sorted(round(float(v) * 25.4 / 72) for v in page.mediabox[2:]) == [210, 297]
        text = " ".join(page.extract_text().split())
        row, col = divmod(n - 1, plan.cols)
        assert f"Hàng {row + 1} – Cột {col + 1} (tờ {n}/{sheets})" in text
    # One vector drawing of the banner, shared by every page: no raster image anywhere.
    forms = set()
    for page in reader.pages:
        for name, xobject in page["/Resources"]["/XObject"].items():
            obj = xobject.get_object()
            assert obj["/Subtype"] == "/Form"
            forms.add(xobject.idnum)
    assert len(forms) == 1
    assert out.stat().st_size < 120_000


def test_tiles_reassemble_into_the_banner(cli, tmp_path):
    """Paste the sheets' printable pieces at their banner positions: the picture is the banner."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageChops

    tiles, banner = tmp_path / "t.pdf", tmp_path / "b.pdf"
    assert cli("tile", "4", "--size", "60x30cm", "--paper", "A4", "-o", str(tiles)).returncode == 0
    assert cli("render", "4", "--size", "60x30cm", "--bleed", "0", "-o", str(banner)).returncode == 0
    plan = plan_tiles(mm(600), mm(300), "A4", 10)
    scale = 10 / 72  # 10 DPI
    whole = pdfium.PdfDocument(str(banner))[0].render(scale=scale).to_pil().convert("RGB")
    canvas = Image.new("RGB", whole.size, "white")
    doc = pdfium.PdfDocument(str(tiles))
    for sheet in plan.sheets():
        page = doc[sheet.number].render(scale=scale).to_pil().convert("RGB")
        m = round(plan.margin * scale)
        piece = page.crop((m, m, m + round(plan.piece_w * scale), m + round(plan.piece_h * scale)))
        x = round(sheet.x0 * scale)
        y = round((plan.banner_h - sheet.y0 - plan.piece_h) * scale)
        canvas.paste(piece, (x, y))
    diff = ImageChops.difference(canvas, whole).convert("L").point(lambda v: 255 if v > 60 else 0)
    # Only the one-pixel joins (rounding at 10 DPI) and the glue line under a join may differ.
    assert diff.histogram()[255] < 0.05 * whole.size[0] * whole.size[1]
    # And the assembled picture is not blank: it has the banner's red and yellow.
    colours = canvas.getcolors(1 << 16)
    assert max(colours)[1][0] > 200 and max(colours)[1][1] < 60


def test_tile_bad_paper_is_a_user_error(cli, tmp_path):
    result = cli("tile", "9", "--paper", "A5", "-o", str(tmp_path / "t.pdf"))
    assert result.returncode == 2 and "A5" in result.stderr
    assert not (tmp_path / "t.pdf").exists()


def test_one_sheet_is_said_in_the_singular(cli, tmp_path):
    """Plural forms (gettext ngettext): not "1 A4 sheets (1 rows × 1 columns)"."""
    out = tmp_path / "small.pdf"
    result = cli("tile", "9", "--size", "25x15cm", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"Wrote {out}: an assembly map and 1 A4 sheet (1 row × 1 column)." in result.stdout
    assert len(PdfReader(out).pages) == 2
    vi = cli("tile", "9", "--size", "25x15cm", "-o", str(out), env={"BANNERGEN_LANG": "vi"})
    assert "sơ đồ ghép và 1 tờ A4 (1 hàng × 1 cột)." in vi.stdout


def test_a_long_banner_tiles_as_pdfx_1a(cli, tmp_path):
    """The PDF/X-1a page limit (5080 mm) was checked against the banner, not the sheets, and
    the refusal suggested --scale, which `tile` does not have."""
    out = tmp_path / "t.pdf"
    result = cli("tile", "9", "--size", "600x80cm", "--pdfx", "1a", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "--scale" not in result.stderr and "5080" not in result.stderr
    reader = PdfReader(out)
    assert reader.metadata["/GTS_PDFXConformance"] == "PDF/X-1a:2003"
    for page in reader.pages:  # every page a sheet of paper: no /UserUnit needed
        assert max(float(v) for v in page.mediabox[2:]) < mm(5080)
        assert "/UserUnit" not in page
    # What PDF/X-1a does forbid in the banner is still refused.
    draft = cli("tile", "9", "--size", "600x80cm", "--pdfx", "1a", "--draft",
                "-o", str(tmp_path / "d.pdf"))
    assert draft.returncode == 2 and "transparency" in draft.stderr


def test_a_banner_longer_than_pdf_14_numbers_reach_tiles_within_them(cli, tmp_path):
    """A 15 m banner's form was drawn in points (42,520 wide) and each sheet moved it by as
    much: beyond PDF 1.4's ±32,767 (appendix C), which a PDF/X-1a preflight enforces."""
    out = tmp_path / "t.pdf"
    result = cli("tile", "9", "--size", "1500x50cm", "--paper", "A3", "--pdfx", "1a",
                 "-o", str(out))
    assert result.returncode == 0, result.stderr
    streams = content_streams(out.read_bytes())
    assert len(streams) > 40
    assert max(abs(n) for stream in streams for n in numbers_of(stream)) <= PDF_14_LARGEST_REAL
