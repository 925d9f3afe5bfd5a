"""Marks for the shop's workflow: grommets on their own spot colour, the real-size notice of big
and reduced pages, marks and slug reduced with the page, the draft mark's transparency in CMYK."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from bannergen.inputs.job import Job
from bannergen.inputs.units import PT_PER_MM, parse_size
from bannergen.layout.compose import WATERMARK_OPACITY, compose
from bannergen.output.pdf import PdfOptions, render_pdf
from bannergen.output.prepress import impose


def scene_for(catalog, templates, slogan=9, template="bang-ron", size=None, **extra):
    t = templates.get(template)
    return compose(Job.for_slogan(catalog.find(slogan), t, parse_size(size) if size else None,
                                  **extra))


def page_of(pdf: bytes):
    return PdfReader(io.BytesIO(pdf)).pages[0]


def separations(page) -> dict[str, str]:
    """Colour space resource name → the Separation's colourant name."""
    spaces = page["/Resources"].get("/ColorSpace", {})
    found = {}
    for name in spaces:
        space = spaces[name].get_object()
        if isinstance(space, list) and space[0] == "/Separation":
            found[name] = str(space[1])
    return found


def painted_with(stream: bytes, operator: bytes) -> list[tuple[str | None, tuple[str, ...]]]:
    """For each path painted by `operator` (S for strokes, f for fills): the stroke colour
    space and the ExtGStates set so far (ReportLab writes one per parameter), following q/Q."""
    state = {"CS": None, "gs": ()}
    stack = []
    result = []
    tokens = re.findall(rb"/[^\s/\[\]()<>]+|[^\s/\[\]()<>]+", re.sub(rb"\((?:\\.|[^\\)])*\)", b"", stream))
    for i, token in enumerate(tokens):
        if token == b"q":
            stack.append(dict(state))
        elif token == b"Q":
            state = stack.pop()
        elif token == b"CS":
            state["CS"] = tokens[i - 1].decode()
        elif token == b"gs":
            state["gs"] = (*state["gs"], tokens[i - 1].decode())
        elif token in (b"K", b"RG"):
            state["CS"] = token.decode()
        elif token == operator:
            result.append((state["CS"], state["gs"]))
    return result


def test_grommet_marks_are_a_spot_colour_in_overprint(catalog, templates):
    scene = scene_for(catalog, templates, 9, "bang-ron", "300x60cm")
    for cmyk in (False, True):
        pdf = render_pdf(scene, PdfOptions(grommet_marks=True, cmyk=cmyk))
        page = page_of(pdf)
        spots = separations(page)
        assert set(spots.values()) == {"/Grommet"}  # never registration (/All) inside the trim
        [space] = spots
        states = page["/Resources"]["/ExtGState"]
        strokes = painted_with(page.get_contents().get_data(), b"S")
        grommet_strokes = [s for s in strokes if s[0] == space]
        assert len(grommet_strokes) == len(scene.grommets)
        for _, names in grommet_strokes:
            state = {k: v for name in names for k, v in states[name].items()}
            assert bool(state["/OP"]) and state["/OPM"] == 1
        others = [names for s, names in strokes if s != space]
        assert all("/OP" not in states[n] for names in others for n in names)


def test_marks_stay_registration_outside_the_trim(catalog, templates):
    scene = scene_for(catalog, templates, 9, "bang-ron", "300x60cm")
    page = page_of(render_pdf(scene, PdfOptions(marks=True, grommet_marks=True, cmyk=True)))
    assert set(separations(page).values()) == {"/All", "/Grommet"}


def test_the_draft_mark_is_translucent_in_cmyk(catalog, templates):
    scene = scene_for(catalog, templates, 4, "bang-ron", "300x60cm", draft=True)
    for cmyk in (False, True):
        page = page_of(render_pdf(scene, PdfOptions(cmyk=cmyk)))
        states = page["/Resources"]["/ExtGState"]
        fills = painted_with(page.get_contents().get_data(), b"f")
        alphas = set()
        for _, names in fills:
            state = {k: v for name in names for k, v in states[name].items()}
            alphas.add(float(state.get("/ca", 1)))
        assert WATERMARK_OPACITY in alphas, (cmyk, alphas)


def _chars(pdf: bytes):
    """(text, [(left, bottom, right, top) per character]) of page 1 in PDF units (PDFium)."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(pdf)[0]
    text = page.get_textpage()
    count = text.count_chars()
    return text.get_text_range(0, count), [text.get_charbox(i) for i in range(count)]


def test_a_page_over_200_inches_says_its_real_size_outside_the_trim(catalog, templates):
    scene = scene_for(catalog, templates, 9, "bang-ron", "600x80cm")
    for marks in (False, True):
        pdf = render_pdf(scene, PdfOptions(marks=marks, outline_text=False))
        page = page_of(pdf)
        text, boxes = _chars(pdf)
        notice = "6000 × 800 mm — UserUnit 1 mm"
        assert notice in text
        start = text.index(notice)
        bleed_top = float(page["/BleedBox"][3])
        media_top = float(page["/MediaBox"][3])
        for left, bottom, right, top in boxes[start:start + len(notice)]:
            if right > left:  # spaces have no ink
                assert bleed_top < bottom and top < media_top


def test_a_page_within_200_inches_has_no_notice(catalog, templates):
    pdf = render_pdf(scene_for(catalog, templates, 9, "bang-ron", "500x80cm"))
    text, _ = _chars(pdf)
    assert "UserUnit" not in text and b"/UserUnit" not in pdf


def test_a_reduced_file_states_its_scale_and_reduces_its_marks(catalog, templates):
    scene = scene_for(catalog, templates, 9, "bang-ron", "600x80cm")
    full = impose(scene, marks=True)
    tenth = impose(scene, marks=True, scale=10)
    strokes = [m for m in full.marks if hasattr(m, "width")]
    small = [m for m in tenth.marks if hasattr(m, "width")]
    assert [s.width / 10 for s in strokes] == pytest.approx([s.width for s in small])
    slug = [m for m in full.marks if hasattr(m, "size") and "slogan" in m.text]
    slug10 = [m for m in tenth.marks if hasattr(m, "size") and "slogan" in m.text]
    assert slug10 and all(s.size == pytest.approx(slug[0].size / 10) for s in slug10)
    pdf = render_pdf(scene, PdfOptions(marks=True, scale=10, date="2020-06-01"))
    reader = PdfReader(io.BytesIO(pdf))
    info = reader.metadata
    assert "1:10" in info["/Title"] and "scale=1:10" in info["/Subject"]
    text, boxes = _chars(pdf)
    assert "TỈ LỆ 1:10" in text and "6000 × 800 mm" in text
    # The notice is readable on the file itself: 8 pt, not 0.8 pt.
    start = text.index("TỈ LỆ")
    heights = [top - bottom for left, bottom, right, top in boxes[start:start + 5]
               if right > left]
    assert max(heights) > 4


@pytest.mark.parametrize("size, scale", [("A5", 10), ("A4", 1), ("60x200cm", 5)])
def test_the_slug_fits_any_page(catalog, templates, size, scale):
    scene = scene_for(catalog, templates, 1, "ap-phich", size)
    pdf = render_pdf(scene, PdfOptions(marks=True, scale=scale, date="2020-06-01"))
    page = page_of(pdf)
    media = [float(v) for v in page["/MediaBox"]]
    trim = [float(v) for v in page["/TrimBox"]]
    text, boxes = _chars(pdf)
    assert "2020-06-01" in text.replace("\r\n", " ") or "…" in text
    for left, bottom, right, top in boxes:
        if right > left:
            assert media[0] <= left and right <= media[2] and media[1] <= bottom
            assert top <= media[3]
    # nothing of the slug inside the trim
    slug_start = text.index("bannergen")
    for left, bottom, right, top in boxes[slug_start:]:
        if right > left and top < trim[1]:
            continue
        if right > left:
            assert bottom >= trim[3] or top <= trim[1]


def test_marks_scale_with_a_reduced_sheet_physically(catalog, templates):
    scene = scene_for(catalog, templates, 9, "bang-ron", "400x80cm")
    full, tenth = impose(scene, marks=True), impose(scene, marks=True, scale=10)
    # the gap between bleed and media (the marks' band) is 1/10 at 1:10, plus the notice band
    band_full = full.bleed_box.x0 - full.media_box.x0
    band_tenth = tenth.bleed_box.x0 - tenth.media_box.x0
    from bannergen.output.prepress import NOTICE_BAND

    assert band_tenth - NOTICE_BAND == pytest.approx(band_full / 10)
    assert full.trim_box.width / PT_PER_MM == pytest.approx(4000)
