"""The product: PDFs of every slogan on every template, opened with pypdf and checked."""

import io
import itertools

import pytest
from pypdf import PdfReader

from bannergen.inputs.job import Job
from bannergen.inputs.units import PT_PER_MM, parse_size
from bannergen.layout.compose import compose
from bannergen.layout.text import set_case
from bannergen.output.pdf import render_pdf

TEMPLATES = ["bang-ron", "bang-ron-doc", "ap-phich", "pano"]
SLOGANS = list(range(1, 12))


def job_for(catalog, templates, slogan_id, template, size=None):
    s = catalog.find(slogan_id)
    t = templates.get(template)
    return Job(text=s.text, template=t, size=parse_size(size) if size else t.default_size,
               slogan_id=s.id, slug=s.slug, keep=s.keep, lines=s.lines, office=catalog.office)


@pytest.fixture(scope="module")
def products(catalog, templates):
    """Every slogan on every template at its default size: (scene, pdf bytes)."""
    out = {}
    for slogan_id, template in itertools.product(SLOGANS, TEMPLATES):
        scene = compose(job_for(catalog, templates, slogan_id, template))
        out[slogan_id, template] = (scene, render_pdf(scene))
    return out


def _fonts(page):
    fonts = page["/Resources"]["/Font"]
    return [fonts[name].get_object() for name in fonts]


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("slogan_id", SLOGANS)
def test_pdf_page_fonts_and_text(products, catalog, templates, slogan_id, template):
    scene, pdf = products[slogan_id, template]
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    size = templates.get(template).default_size
    bleed = scene.bleed
    # exact physical size: the TrimBox is the ordered size, the MediaBox adds the bleed
    trim = [float(v) for v in page.trimbox]
    assert trim[2] - trim[0] == pytest.approx(size.width_mm * PT_PER_MM, abs=0.01)
    assert trim[3] - trim[1] == pytest.approx(size.height_mm * PT_PER_MM, abs=0.01)
    assert float(page.mediabox.width) == pytest.approx(size.width_pt + 2 * bleed, abs=0.01)
    # every font embedded and subset; no base-14 reference
    fonts = _fonts(page)
    assert fonts
    for font in fonts:
        assert font["/Subtype"] == "/TrueType"
        assert "+" in font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"]
    # text stays text: extracting gives the slogan in capitals, line by line
    text = " ".join(page.extract_text().split())
    assert text.startswith(set_case(catalog.find(slogan_id).text, "upper"))


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("slogan_id", SLOGANS)
def test_ink_inside_safe_area_and_lines_apart(products, slogan_id, template):
    scene, _ = products[slogan_id, template]
    runs = scene.glyph_runs()
    for run in runs:
        assert scene.safe_area.contains(run.ink), (run.text, run.ink, scene.safe_area)
    for a, b in itertools.combinations(runs, 2):
        assert not a.ink.overlaps(b.ink), (a.text, b.text)


def test_deterministic_bytes(catalog, templates):
    job = job_for(catalog, templates, 1, "bang-ron")
    assert render_pdf(compose(job)) == render_pdf(compose(job))


@pytest.mark.parametrize("size", ["300x100cm", "1000x200cm", "120x40cm", "60x200cm", "A4", "A0-landscape", "50x50cm"])
def test_any_size_adapts(catalog, templates, size):
    from bannergen.errors import UserError

    for template in TEMPLATES:
        try:
            scene = compose(job_for(catalog, templates, 7, template, size))
        except UserError as exc:
            # Below the template's legibility floor (a street banner at A4): refused, not
            # shrunk (docs/typesetting.md, principle 7).
            floor = templates.get(template).text.min_cap_height_mm
            assert exc.key == "text_does_not_fit" and float(exc.params["cap_height"]) < floor
            assert parse_size(size).width_mm * parse_size(size).height_mm < 1e6  # under 1 m²
            continue
        assert scene.width == pytest.approx(parse_size(size).width_pt)
        for run in scene.glyph_runs():
            assert scene.safe_area.contains(run.ink)


def test_text_is_larger_on_a_larger_banner(catalog, templates):
    small = compose(job_for(catalog, templates, 9, "bang-ron", "300x60cm")).glyph_runs()[0].size
    large = compose(job_for(catalog, templates, 9, "bang-ron", "600x120cm")).glyph_runs()[0].size
    assert large == pytest.approx(2 * small, rel=0.02)


def test_background_and_text_colours(catalog, templates):
    import pypdfium2 as pdfium

    scene = compose(job_for(catalog, templates, 9, "bang-ron", "100x20cm"))
    pdf = pdfium.PdfDocument(render_pdf(scene))
    image = pdf[0].render(scale=50 / 72 * 25.4 / 25.4).to_pil().convert("RGB")
    w, h = image.size
    assert image.getpixel((2, 2)) == pytest.approx((218, 37, 29), abs=2)
    colours = image.getcolors(maxcolors=w * h)
    yellow = sum(n for n, c in colours if c[0] > 240 and c[1] > 240 and c[2] < 20)
    assert 0.03 < yellow / (w * h) < 0.5


@pytest.mark.parametrize("scale", [1, 2, 10])
def test_dpi_hints_follow_the_scale(templates, scale):
    """The hint names the highest --dpi that fits: for a 1:N file, N times the full-size one."""
    from bannergen.errors import UserError
    from bannergen.inputs.job import Job
    from bannergen.inputs.units import parse_size
    from bannergen.workflow.render import check_raster

    huge = Job(text="X", template=templates.get("pano"), size=parse_size("30x30m"))
    with pytest.raises(UserError) as budget:
        check_raster(huge, 1200, scale=scale)
    assert budget.value.key == "pixel_budget"
    best = budget.value.params["max_dpi"]
    check_raster(huge, best, scale=scale)  # the hint itself is accepted …
    with pytest.raises(UserError):
        check_raster(huge, best + 1, scale=scale)  # … and is the highest that is
    # 60 m long: JPEG's 65,535 px side is reached long before the pixel budget
    long = Job(text="X", template=templates.get("bang-ron"), size=parse_size("60x0.5m"))
    with pytest.raises(UserError) as jpeg:
        check_raster(long, 60 * scale, scale=scale, fmt="jpg")
    assert jpeg.value.key == "jpeg_too_large"
    best = jpeg.value.params["max_dpi"]
    check_raster(long, best, scale=scale, fmt="jpg")
    with pytest.raises(UserError):
        check_raster(long, best + 1, scale=scale, fmt="jpg")


def _pixels(pdf: bytes):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(pdf)[0].render(scale=0.05).to_pil().convert("RGB")


@pytest.mark.parametrize("size, huge", [("500x80cm", True), ("100x20cm", False)])
def test_huge_text_is_drawn_as_outlines_and_kept_as_text(templates, size, huge):
    """Poppler draws no glyph over ~1,430 pt: a larger run is painted as curves with the text
    invisible over it, so every viewer shows it and the extracted text is still the text."""
    from PIL import ImageChops

    from bannergen.output.pdf import LARGEST_TEXT_PT, PdfOptions

    scene = compose(Job(text="Đảng", template=templates.get("bang-ron"), size=parse_size(size),
                        draft=True))
    (run,) = [r for r in scene.glyph_runs() if r.text == "ĐẢNG"]
    assert (run.size > LARGEST_TEXT_PT) is huge
    pdf = render_pdf(scene)
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    content = page.get_contents().get_data()
    assert (b" 3 Tr " in content) is huge
    assert "ĐẢNG" in page.extract_text()
    if huge:  # what shows is exactly the outlined file's pixels
        outlined = render_pdf(scene, PdfOptions(outline_text=True))
        assert ImageChops.difference(_pixels(pdf), _pixels(outlined)).getbbox() is None


def test_huge_text_shows_in_poppler(templates, tmp_path):
    import shutil
    import subprocess

    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("Poppler's pdftoppm is not installed (apt-get install poppler-utils)")
    scene = compose(Job(text="AB", template=templates.get("bang-ron"),
                        size=parse_size("500x80cm"), draft=True))
    (tmp_path / "ab.pdf").write_bytes(render_pdf(scene))
    subprocess.run(["pdftoppm", "-png", "-r", "3", "-singlefile", str(tmp_path / "ab.pdf"),
                    str(tmp_path / "ab")], check=True, capture_output=True, timeout=60)
    image = Image.open(tmp_path / "ab.png").convert("RGB")
    text_side = image.crop((int(image.width * 0.4), 0, image.width, image.height))  # no flags
    yellow = sum(n for n, (r, g, b) in text_side.getcolors(text_side.width * text_side.height)
                 if r > 200 and g > 200 and b < 120)
    assert yellow > 0.05 * text_side.width * text_side.height  # before: 0, nothing drawn
