"""Print production: boxes, marks, CMYK, outlines, UserUnit, scale, grommets, determinism, memory."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import sys
import textwrap

import pytest
from conftest import PDF_14_LARGEST_REAL, content_streams, numbers_of
from pypdf import PdfReader

from bannergen.inputs.job import Job
from bannergen.inputs.units import PT_PER_MM, parse_size
from bannergen.layout.compose import compose
from bannergen.output.pdf import PdfOptions, render_pdf
from bannergen.output.prepress import MAX_PAGE_UNITS, impose

COLOUR_OPS = {"rg", "RG", "g", "G", "k", "K", "sc", "SC", "scn", "SCN", "cs", "CS"}


def job_for(catalog, templates, slogan_id=9, template="bang-ron", size=None, bleed_mm=None):
    s = catalog.find(slogan_id)
    t = templates.get(template)
    return Job(text=s.text, template=t, size=parse_size(size) if size else t.default_size,
               slogan_id=s.id, slug=s.slug, keep=s.keep, lines=s.lines, office=catalog.office,
               bleed_mm=bleed_mm)


def page_of(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages[0]


def box(page, name) -> list[float]:
    return [float(v) for v in page[name]]


def colour_operators(stream: bytes) -> list[tuple[str, list[str]]]:
    """(operator, operands) for every colour operator, outside text strings."""
    stream = re.sub(rb"\((?:\\.|[^\\)])*\)", b"()", stream)  # drop literal strings
    ops, operands = [], []
    for token in stream.split():
        word = token.decode("latin-1")
        if re.fullmatch(r"[A-Za-z*']+", word):
            if word in COLOUR_OPS:
                ops.append((word, operands))
            operands = []
        else:
            operands = [*operands, word]
    return ops


@pytest.fixture(scope="module")
def banner(catalog, templates):
    return compose(job_for(catalog, templates, 9, "bang-ron", "500x80cm", bleed_mm=20))


# --- boxes and bleed -------------------------------------------------------------------------

def test_trim_and_bleed_boxes(banner):
    page = page_of(render_pdf(banner))
    b = 20 * PT_PER_MM
    w, h = 5000 * PT_PER_MM, 800 * PT_PER_MM
    assert box(page, "/TrimBox") == pytest.approx([b, b, b + w, b + h], abs=0.01)
    assert box(page, "/BleedBox") == pytest.approx([0, 0, w + 2 * b, h + 2 * b], abs=0.01)
    assert box(page, "/MediaBox") == pytest.approx([0, 0, w + 2 * b, h + 2 * b], abs=0.01)


def test_background_fills_the_bleed(banner):
    """Rasterise the whole MediaBox: the red runs to every edge of the bleed, no white."""
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(render_pdf(banner))[0].render(scale=4 / 72).to_pil().convert("RGB")
    w, h = image.size
    for xy in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (w // 2, 0), (0, h // 2)]:
        r, g, b = image.getpixel(xy)
        assert r > 200 and g < 60 and b < 60, (xy, (r, g, b))


def test_template_default_bleed_and_override(catalog, templates):
    assert compose(job_for(catalog, templates)).bleed == pytest.approx(20 * PT_PER_MM)
    assert compose(job_for(catalog, templates, bleed_mm=0)).bleed == 0
    page = page_of(render_pdf(compose(job_for(catalog, templates, bleed_mm=0))))
    assert "/BleedBox" not in page
    assert box(page, "/TrimBox") == box(page, "/MediaBox")


# --- marks -----------------------------------------------------------------------------------

def test_marks_lie_outside_the_bleed_and_media_grows(banner):
    import pypdfium2 as pdfium

    pdf = render_pdf(banner, PdfOptions(marks=True, date="2020-05-19"))
    page = page_of(pdf)
    media, bleed, trim = box(page, "/MediaBox"), box(page, "/BleedBox"), box(page, "/TrimBox")
    assert media[2] - media[0] > bleed[2] - bleed[0] + 20  # room for the marks
    assert trim[2] - trim[0] == pytest.approx(5000 * PT_PER_MM, abs=0.01)
    dpi = 20
    image = pdfium.PdfDocument(pdf)[0].render(scale=dpi / 72).to_pil().convert("L")
    px = dpi / 72
    H = image.height
    bx0, by1 = int(bleed[0] * px), H - int(bleed[1] * px)  # bleed box left, bottom (image y)
    # Bottom-left margin below the bleed: dark pixels of the crop marks and slug line.
    margin = image.crop((0, by1 + 1, image.width, H))
    assert margin.getextrema()[0] < 60
    # Left margin beside the bleed: the horizontal crop marks.
    assert image.crop((0, 0, bx0 - 1, H)).getextrema()[0] < 60
    # Inside the trim there is no registration black: only red and yellow art.
    inside = image.crop((int(trim[0] * px) + 2, H - int(trim[3] * px) + 2,
                         int(trim[2] * px) - 2, H - int(trim[1] * px) - 2))
    assert inside.getextrema()[0] > 60
    # The slug says what, how big, at which scale and when.
    text = " ".join(page.extract_text().split())
    for needle in ("slogan 9", "500x80cm", "scale 1:1", "2020-05-19"):
        assert needle in text


def test_marks_in_cmyk_are_registration_all(banner):
    pdf = render_pdf(banner, PdfOptions(marks=True, cmyk=True))
    page = page_of(pdf)
    spaces = page["/Resources"]["/ColorSpace"]
    [space] = [spaces[n].get_object() for n in spaces]
    assert space[0] == "/Separation" and space[1] == "/All" and space[2] == "/DeviceCMYK"


def test_grommet_marks_in_the_hem(catalog, templates):
    scene = compose(job_for(catalog, templates, 9, "bang-ron", "500x80cm", bleed_mm=0))
    hem = 30 * PT_PER_MM
    assert scene.hem == pytest.approx(hem)
    xs = sorted({round(x, 3) for x, _ in scene.grommets})
    ys = sorted({round(y, 3) for _, y in scene.grommets})
    inset = 15 * PT_PER_MM
    # corners included, centred in the hem
    for corner in [(inset, inset), (scene.width - inset, inset), (inset, scene.height - inset),
                   (scene.width - inset, scene.height - inset)]:
        assert any(abs(x - corner[0]) < 1e-6 and abs(y - corner[1]) < 1e-6
                   for x, y in scene.grommets)
    gaps = [b - a for a, b in zip(xs, xs[1:])]
    assert max(gaps) <= 500 * PT_PER_MM + 0.01 and max(gaps) - min(gaps) < 0.01
    assert len(xs) == 11 and len(ys) == 3  # 497 cm / 50 cm → 10 gaps; 77 cm → 2 gaps
    assert len(scene.grommets) == 2 * 11 + 2 * 1
    # text keeps out of the hem
    for run in scene.glyph_runs():
        assert scene.trim_box.inset(hem).contains(run.ink)
    sheet = impose(scene, grommet_marks=True)
    assert len(sheet.marks) == len(scene.grommets)
    assert not impose(scene).marks


# --- CMYK ------------------------------------------------------------------------------------

@pytest.mark.parametrize("template", ["bang-ron", "bang-ron-doc", "ap-phich", "pano"])
def test_cmyk_uses_only_cmyk_operators(catalog, templates, template):
    scene = compose(job_for(catalog, templates, 1, template))
    pdf = render_pdf(scene, PdfOptions(cmyk=True, marks=True, grommet_marks=True))
    streams = content_streams(pdf)
    found = set()
    for stream in streams:
        for op, operands in colour_operators(stream):
            found.add(op)
            if op in ("cs", "CS"):  # only the registration Separation
                assert operands[-1].startswith("/")
    assert found <= {"k", "K", "cs", "CS", "scn", "SCN"}, found
    assert {"k"} <= found
    # The template's CMYK values, as written in the YAML (red 0/83/87/15), not converted RGB.
    text = b"\n".join(streams)
    assert b"0 .83 .87 .15 k" in text
    assert b"DeviceRGB" not in pdf and b" rg" not in text
    # RGB mode is the other way round
    rgb = b"\n".join(content_streams(render_pdf(scene)))
    assert {op for op, _ in colour_operators(rgb)} <= {"rg", "RG"}


def test_cmyk_tiff_via_cli(cli, tmp_path):
    from PIL import Image

    out = tmp_path / "b.tiff"
    result = cli("render", "9", "--size", "100x20cm", "--dpi", "20", "--cmyk", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.mode == "CMYK" and image.size == (787, 157)  # 100x20cm at 20 DPI
    bad = cli("render", "9", "--size", "100x20cm", "--cmyk", "-f", "png", "-o", str(tmp_path / "b.png"))
    assert bad.returncode == 2 and "TIFF" in bad.stderr


# --- outlines --------------------------------------------------------------------------------

def _all_objects(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    for num in range(1, int(reader.trailer["/Size"])):
        obj = reader.get_object(num)
        if obj is not None:
            yield obj


@pytest.mark.smoke
@pytest.mark.parametrize("options", [PdfOptions(outline_text=True),
                                     PdfOptions(outline_text=True, marks=True, cmyk=True)])
def test_outline_text_has_no_font_and_looks_the_same(banner, options, tmp_path):
    from PIL import ImageChops, ImageFilter

    pdf = render_pdf(banner, options)
    page = page_of(pdf)
    assert "/Font" not in page["/Resources"]
    for obj in _all_objects(pdf):
        if hasattr(obj, "get"):
            assert obj.get("/Type") not in ("/Font", "/FontDescriptor")
            assert "/FontFile2" not in obj
    assert b"/FontFile" not in pdf and b"Helvetica" not in pdf
    assert page.extract_text().strip() == ""
    for stream in content_streams(pdf):
        assert b" Tf" not in stream and b"BT" not in stream
    text_pdf = render_pdf(banner, PdfOptions(marks=options.marks, cmyk=options.cmyk))
    a, b = _pdfium(pdf), _pdfium(text_pdf)
    assert a.size == b.size
    # Same shapes at the same places: glyph edges may differ by an anti-aliasing step, so a 3x3
    # minimum filter (which removes one-pixel lines) must leave no difference at all.
    diff = ImageChops.difference(a, b).convert("L")
    assert sum(diff.histogram()[64:]) < 0.002 * a.width * a.height
    assert diff.filter(ImageFilter.MinFilter(3)).getextrema()[1] <= 64


def _pdfium(pdf: bytes):
    """Rasterise with PDFium at 30 DPI, as the raster output does. Text and curves land on the
    same pixels because the PDF's /Widths are whole numbers (see pdf._reportlab_font)."""
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(pdf)[0].render(scale=30 / 72).to_pil().convert("RGB")


def test_text_pdf_embeds_fonts_and_no_helvetica(banner):
    pdf = render_pdf(banner, PdfOptions(marks=True))
    fonts = page_of(pdf)["/Resources"]["/Font"]
    assert fonts and b"Helvetica" not in pdf
    for name in fonts:
        assert "/FontFile2" in fonts[name].get_object()["/FontDescriptor"]


# --- huge pages: UserUnit and scale ----------------------------------------------------------

def test_user_unit_for_a_six_metre_banner(catalog, templates):
    scene = compose(job_for(catalog, templates, 9, "bang-ron", "600x80cm", bleed_mm=20))
    for marks in (False, True):
        pdf = render_pdf(scene, PdfOptions(marks=marks))
        assert pdf.startswith(b"%PDF-1.6")
        page = page_of(pdf)
        unit = float(re.search(rb"/UserUnit ([\d.]+)", pdf).group(1))
        assert unit == pytest.approx(PT_PER_MM, rel=1e-10)  # one unit = one millimetre
        for name in ("/MediaBox", "/TrimBox", "/BleedBox"):
            assert all(abs(v) <= MAX_PAGE_UNITS for v in box(page, name)), name
        trim = box(page, "/TrimBox")
        assert (trim[2] - trim[0]) * unit == pytest.approx(6000 * PT_PER_MM, abs=1e-6)
        assert (trim[3] - trim[1]) * unit == pytest.approx(800 * PT_PER_MM, abs=1e-6)
        assert trim[2] - trim[0] == 6000  # the box reads in millimetres


@pytest.mark.parametrize("args, largest", [
    # a 20 m banner on a 10 mm /UserUnit page: its art in the page's units, as its boxes are
    (["--size", "2000x100cm"], MAX_PAGE_UNITS + 100),
    (["--size", "600x80cm", "--marks", "--grommet-marks"], MAX_PAGE_UNITS),
    # 1:10, plain (PDF 1.4) and PDF/X-1a: the reduced page's own numbers, not the banner's points
    (["--size", "2000x100cm", "--scale", "1:10"], PDF_14_LARGEST_REAL),
    (["--size", "3000x100cm", "--scale", "1:10", "--pdfx", "1a"], PDF_14_LARGEST_REAL),
])
def test_the_art_is_written_in_the_page_units(cli, tmp_path, args, largest):
    out = tmp_path / "b.pdf"
    result = cli("render", "9", *args, "-o", str(out))
    assert result.returncode == 0, result.stderr
    pdf = out.read_bytes()
    [stream] = content_streams(pdf)
    numbers = numbers_of(stream)
    assert max(map(abs, numbers)) <= largest
    if b"/UserUnit" in pdf:  # the background fills the bleed box: whole units on this page
        page = page_of(pdf)
        bleed = box(page, "/BleedBox")
        re_ops = re.findall(rb"([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re f", stream)
        widths = [float(w) for _, _, w, _ in re_ops]
        assert bleed[2] - bleed[0] in widths


def test_no_user_unit_up_to_200_inches(catalog, templates):
    pdf = render_pdf(compose(job_for(catalog, templates, 9, "bang-ron", "500x80cm")))
    assert b"/UserUnit" not in pdf and pdf.startswith(b"%PDF-1.4")


def test_user_unit_png_has_the_full_physical_size(cli, tmp_path):
    """PDFium ignores /UserUnit: the raster path multiplies by it (DESIGN.md)."""
    from PIL import Image

    out = tmp_path / "b.png"
    result = cli("render", "9", "--size", "600x80cm", "--dpi", "10", "--marks", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.size == (2362, 315)  # 600 cm × 80 cm at 10 DPI


def test_cli_prints_the_user_unit_note(cli, tmp_path):
    result = cli("render", "9", "--size", "600x80cm", "-o", str(tmp_path / "b.pdf"))
    assert result.returncode == 0, result.stderr
    assert "UserUnit" in result.stdout and "1:10" in result.stdout
    small = cli("render", "9", "--size", "500x80cm", "-o", str(tmp_path / "c.pdf"))
    assert "UserUnit" not in small.stdout


def test_scale_one_to_ten(cli, tmp_path):
    result = cli("render", "9", "--size", "600x80cm", "--scale", "1:10", "--marks",
                 cwd=tmp_path, env={"SOURCE_DATE_EPOCH": "1589846400", "BANNERGEN_TODAY": ""})
    assert result.returncode == 0, result.stderr
    [path] = tmp_path.glob("*.pdf")
    assert path.name == "09-dang-quang-vinh_bang-ron_600x80cm_1-10.pdf"
    pdf = path.read_bytes()
    assert b"/UserUnit" not in pdf
    page = page_of(pdf)
    trim = box(page, "/TrimBox")
    assert trim[2] - trim[0] == pytest.approx(600 * PT_PER_MM, abs=0.01)  # 60 cm
    assert trim[3] - trim[1] == pytest.approx(80 * PT_PER_MM, abs=0.01)  # 8 cm
    bleed = box(page, "/BleedBox")
    assert trim[0] - bleed[0] == pytest.approx(2 * PT_PER_MM, abs=0.01)  # 20 mm / 10
    text = " ".join(page.extract_text().split())
    assert "scale 1:10" in text and "2020-05-19" in text
    assert "UserUnit" not in result.stdout
    bad = cli("render", "9", "--scale", "10", cwd=tmp_path)
    assert bad.returncode == 2 and "1:N" in bad.stderr


# --- determinism -----------------------------------------------------------------------------

@pytest.mark.parametrize("cmyk, outline, marks, grommets, scale", [
    combo for combo in itertools.product([False, True], [False, True], [False, True],
                                         [False, True], [1, 10])])
def test_same_input_same_bytes(catalog, templates, cmyk, outline, marks, grommets, scale):
    options = PdfOptions(cmyk=cmyk, outline_text=outline, marks=marks, grommet_marks=grommets,
                         scale=scale, date="2020-05-19")
    first = render_pdf(compose(job_for(catalog, templates, 2, "bang-ron", "600x80cm")), options)
    second = render_pdf(compose(job_for(catalog, templates, 2, "bang-ron", "600x80cm")), options)
    assert first == second
    assert len(first) < 100_000


@pytest.mark.smoke
def test_cli_bytes_are_reproducible(cli, tmp_path):
    env = {"SOURCE_DATE_EPOCH": "1589846400", "BANNERGEN_TODAY": ""}
    args = ("render", "9", "--marks", "--cmyk", "--outline-text", "--grommet-marks", "--bleed", "10")
    one, two = tmp_path / "1.pdf", tmp_path / "2.pdf"
    assert cli(*args, "-o", str(one), env=env).returncode == 0
    assert cli(*args, "-o", str(two), env=env).returncode == 0
    assert one.read_bytes() == two.read_bytes()


def test_bad_bleed_is_a_user_error(cli, tmp_path):
    result = cli("render", "9", "--bleed", "500", "-o", str(tmp_path / "b.pdf"))
    assert result.returncode == 2 and "500" in result.stderr


# --- memory ----------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/status")
def test_png_of_a_long_banner_streams_in_bounded_memory(tmp_path):
    """A 600x80cm PNG at 100 DPI is 23,622 × 3,150 px: 213 MB as one RGB bitmap. Rendered in a
    fresh process, the peak RSS stays well under the bitmap plus the interpreter's baseline."""
    out = tmp_path / "b.png"
    script = textwrap.dedent(f"""
        from bannergen.cli import main
        try:
            main(["render", "9", "--size", "600x80cm", "--dpi", "100", "-o", {str(out)!r}])
        except SystemExit as exc:
            assert not exc.code, exc.code
        # VmHWM is this program's own peak: ru_maxrss would carry over the peak of the (large)
        # pytest process this one was forked from, since Linux keeps it across execve.
        with open("/proc/self/status") as status:
            print(next(int(l.split()[1]) for l in status if l.startswith("VmHWM")))
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    peak_mb = int(result.stdout.split()[-1]) / 1024
    bitmap_mb = 23622 * 3150 * 3 / 2**20
    assert peak_mb < 0.5 * bitmap_mb + 60, peak_mb  # baseline ~60 MB + strips, not the bitmap
    from PIL import Image
    with Image.open(out) as image:
        assert image.size == (23622, 3150)
