"""PDF/X-4 and PDF/X-1a:2003 as a shop's preflight reads them: output intent, metadata, document
information, colour spaces, transparency, versions; and what each level refuses."""

from __future__ import annotations

import io
import os
import re

import pytest
from pypdf import PdfReader

from bannergen.inputs.job import Job
from bannergen.inputs.units import parse_size
from bannergen.layout.compose import compose
from bannergen.inputs.printing import icc_kind
from bannergen.output.colour import FOGRA39_PROFILE, SRGB_PROFILE
from bannergen.output.pdf import PdfOptions, render_pdf

DATE = "2020-06-01"


def job_for(catalog, templates, slogan=9, template="bang-ron", size=None, **extra):
    t = templates.get(template)
    return Job.for_slogan(catalog.find(slogan), t, parse_size(size) if size else None, **extra)


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def objects(pdf: bytes):
    r = reader(pdf)
    for num in range(1, int(r.trailer["/Size"])):
        obj = r.get_object(num)
        if obj is not None:
            yield obj


def run(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    """The command line in this process: exit code, stdout, stderr."""
    from bannergen.cli import main

    monkeypatch.setenv("BANNERGEN_LANG", "en")
    monkeypatch.setenv("BANNERGEN_TODAY", DATE)
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    out, err = capsys.readouterr()
    return exit_info.value.code, out, err


@pytest.fixture(scope="module")
def banner(catalog, templates):
    return compose(job_for(catalog, templates, 9, "bang-ron", "300x60cm"))


@pytest.fixture(scope="module")
def draft(catalog, templates):
    return compose(job_for(catalog, templates, 4, "bang-ron", "300x60cm", draft=True))


def _intent(r: PdfReader):
    [intent] = r.trailer["/Root"]["/OutputIntents"]
    return intent.get_object()


@pytest.mark.parametrize("level, version, pdf_version", [("4", "PDF/X-4", b"%PDF-1.6"),
                                                         ("1a", "PDF/X-1:2003", b"%PDF-1.4")])
def test_output_intent_info_and_xmp(banner, level, version, pdf_version):
    pdf = render_pdf(banner, PdfOptions(pdfx=level, date=DATE))
    assert pdf.startswith(pdf_version)
    r = reader(pdf)
    intent = _intent(r)
    assert intent["/S"] == "/GTS_PDFX" and intent["/Type"] == "/OutputIntent"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    assert intent["/RegistryName"] == "http://www.color.org"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    data = profile.get_data()
    assert data == FOGRA39_PROFILE.read_bytes() and icc_kind(data) == ("prtr", "CMYK")
    info = r.metadata
    assert info["/GTS_PDFXVersion"] == version
    assert info["/Trapped"] == "/False"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20200601000000+00'00'"
    assert info["/Title"].startswith("ĐẢNG CỘNG SẢN")
    if level == "1a":
        assert info["/GTS_PDFXConformance"] == "PDF/X-1a:2003"
    xmp = r.trailer["/Root"]["/Metadata"].get_object()
    assert xmp["/Subtype"] == "/XML" and "/Filter" not in xmp  # readable as text
    text = xmp.get_data().decode("utf-8")
    assert f"<pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>" in text
    assert "<pdf:Trapped>False</pdf:Trapped>" in text
    assert "<xmp:CreateDate>2020-06-01T00:00:00+00:00</xmp:CreateDate>" in text
    assert "<xmp:ModifyDate>2020-06-01T00:00:00+00:00</xmp:ModifyDate>" in text
    assert "ĐẢNG CỘNG SẢN" in text and "<pdf:Producer>bannergen</pdf:Producer>" in text
    assert re.search(r"<xmpMM:DocumentID>uuid:[0-9a-f-]{36}</xmpMM:DocumentID>", text)
    page = r.pages[0]
    assert "/TrimBox" in page and "/BleedBox" in page
    # The same input gives the same bytes, PDF/X included.
    assert render_pdf(banner, PdfOptions(pdfx=level, date=DATE)) == pdf


def test_x4_rgb_is_icc_based_srgb(banner):
    r = reader(render_pdf(banner, PdfOptions(pdfx="4", date=DATE)))
    spaces = r.pages[0]["/Resources"]["/ColorSpace"]
    name, stream = spaces["/DefaultRGB"][0], spaces["/DefaultRGB"][1].get_object()
    assert name == "/ICCBased" and stream["/N"] == 3
    assert stream.get_data() == SRGB_PROFILE.read_bytes()
    assert icc_kind(stream.get_data())[1] == "RGB"
    # a plain RGB file has none
    plain = reader(render_pdf(banner, PdfOptions()))
    assert "/ColorSpace" not in plain.pages[0]["/Resources"]


def test_x4_cmyk_needs_no_default_rgb(banner):
    pdf = render_pdf(banner, PdfOptions(pdfx="4", cmyk=True, date=DATE))
    assert b"/DefaultRGB" not in pdf and b" rg" not in b"".join(_contents(pdf))


def _contents(pdf: bytes) -> list[bytes]:
    r = reader(pdf)
    streams = [page.get_contents().get_data() for page in r.pages]
    for obj in objects(pdf):
        if hasattr(obj, "get") and obj.get("/Subtype") == "/Form":
            streams.append(obj.get_data())
    return streams


def _dictionaries(pdf: bytes):
    """Every dictionary of the file, direct ones inside others included (ExtGStates are)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    def walk(value):
        if isinstance(value, IndirectObject):
            return
        if isinstance(value, DictionaryObject):
            yield value
            for item in value.values():
                yield from walk(item)
        elif isinstance(value, ArrayObject):
            for item in value:
                yield from walk(item)

    for obj in objects(pdf):
        yield from walk(obj)


def _transparency(pdf: bytes) -> list[str]:
    """Everything PDF/X-1a forbids as transparency: soft masks, constant alpha below 1, blend
    modes other than Normal, transparency groups."""
    found = []
    for obj in _dictionaries(pdf):
        if "/SMask" in obj and obj["/SMask"] != "/None":
            found.append("SMask")
        for key in ("/ca", "/CA"):
            if key in obj and float(obj[key]) < 1:
                found.append(f"{key}={obj[key]}")
        if obj.get("/BM") not in (None, "/Normal", "/Compatible"):
            found.append(f"BM={obj['/BM']}")
        if obj.get("/S") == "/Transparency":
            found.append("group")
    return found


def test_x1a_is_cmyk_only_without_transparency(catalog, templates, tmp_path):
    from PIL import Image

    logo = tmp_path / "logo.png"
    image = Image.new("RGBA", (60, 60), (0, 0, 0, 0))
    image.paste((20, 60, 160, 255), (10, 10, 50, 50))
    image.save(logo)
    from bannergen.inputs.images import read_logo

    scene = compose(job_for(catalog, templates, 9, "ap-phich", "A3", logo=read_logo(logo)))
    pdf = render_pdf(scene, PdfOptions(pdfx="1a", marks=True, grommet_marks=True, date=DATE))
    assert pdf.startswith(b"%PDF-1.4") and b"/UserUnit" not in pdf
    ops = set(re.findall(rb"(?<=\s)(rg|RG|g|G|k|K|sc|scn|SC|SCN|cs|CS)(?=\s)",
                         b"\n".join(_contents(pdf))))
    assert ops and ops <= {b"k", b"K", b"cs", b"CS", b"scn", b"SCN"}, ops
    assert b"/DeviceRGB" not in pdf and b"/DefaultRGB" not in pdf
    assert _transparency(pdf) == []
    images = [o for o in objects(pdf) if hasattr(o, "get") and o.get("/Subtype") == "/Image"]
    assert images and all(o["/ColorSpace"] == "/DeviceCMYK" for o in images)


def test_x4_keeps_the_draft_transparency(draft):
    pdf = render_pdf(draft, PdfOptions(pdfx="4", cmyk=True, date=DATE))
    assert any(found.startswith("/ca=") for found in _transparency(pdf))


def test_refusals_write_nothing(capsys, monkeypatch, tmp_path):
    cases = [
        (["render", "4", "--draft", "--pdfx", "1a"], "transparency"),
        (["render", "9", "--size", "700x90cm", "--pdfx", "1a"], "--scale"),
        (["render", "9", "--pdfx", "3"], "'3'"),
        (["render", "9", "--pdfx", "4", "-f", "png"], "PDF/X"),
        (["tile", "9", "--size", "120x30cm", "--draft", "--pdfx", "x-1a"], "transparency"),
    ]
    for args, needle in cases:
        out = tmp_path / "out.pdf"
        code, _, err = run(capsys, monkeypatch, *args, "-o", str(out))
        assert code == 2, (args, err)
        assert needle in err and len(err.strip().splitlines()) <= 2 and "Traceback" not in err
        assert not out.exists() and list(tmp_path.iterdir()) == []


def test_reduced_x1a_of_a_long_banner_is_accepted(capsys, monkeypatch, tmp_path):
    out = tmp_path / "b.pdf"
    code, _, err = run(capsys, monkeypatch, "render", "9", "--size", "700x90cm", "--scale",
                       "1:10", "--pdfx", "1a", "-o", str(out))
    assert code == 0, err
    r = reader(out.read_bytes())
    assert r.metadata["/GTS_PDFXConformance"] == "PDF/X-1a:2003"
    assert "1:10" in r.metadata["/Title"] and "scale=1:10" in r.metadata["/Subject"]


@pytest.mark.parametrize("level", ["4", "1a"])
def test_tiles_as_pdfx(capsys, monkeypatch, tmp_path, level):
    out = tmp_path / "t.pdf"
    code, _, err = run(capsys, monkeypatch, "tile", "9", "--size", "120x30cm", "--pdfx", level,
                       "-o", str(out))
    assert code == 0, err
    pdf = out.read_bytes()
    r = reader(pdf)
    assert _intent(r)["/OutputConditionIdentifier"] == "FOGRA39"
    assert len(r.pages) > 2
    for page in r.pages:
        assert "/TrimBox" in page or "/MediaBox" in page
    forms = [o for o in objects(pdf) if hasattr(o, "get") and o.get("/Subtype") == "/Form"]
    assert forms
    if level == "1a":
        ops = set(re.findall(rb"(?<=\s)(rg|RG|g|G)(?=\s)", b"\n".join(_contents(pdf))))
        assert not ops and b"/DeviceRGB" not in pdf
    else:
        for page in r.pages:
            assert "/DefaultRGB" in page["/Resources"]["/ColorSpace"]
        for form in forms:
            assert "/DefaultRGB" in form["/Resources"]["/ColorSpace"]


def test_subset_tags_follow_the_content(catalog, templates):
    def tags(pdf: bytes) -> list[str]:
        return sorted(re.findall(r"/BaseFont /([A-Z]{6})\+", pdf.decode("latin-1")))

    nine = render_pdf(compose(job_for(catalog, templates, 9)), PdfOptions(marks=True))
    four = render_pdf(compose(job_for(catalog, templates, 4)), PdfOptions(marks=True))
    assert len(tags(nine)) == 2 and "AAAAAA" not in tags(nine)
    assert not set(tags(nine)) & set(tags(four))
    assert tags(render_pdf(compose(job_for(catalog, templates, 9)), PdfOptions(marks=True))) \
        == tags(nine)


def test_another_output_condition(catalog, templates, tmp_path):
    import shutil

    from bannergen.errors import UserError
    from bannergen.output.colour import load_condition

    mine = tmp_path / "MyPress.icc"
    shutil.copy(FOGRA39_PROFILE, mine)
    condition = load_condition(mine, "MyPress 2024", "Coated, our press")
    pdf = render_pdf(compose(job_for(catalog, templates, 9)),
                     PdfOptions(pdfx="4", condition=condition, date=DATE))
    intent = _intent(reader(pdf))
    assert intent["/OutputConditionIdentifier"] == "MyPress 2024"
    assert intent["/Info"] == "Coated, our press"
    with pytest.raises(UserError) as missing:
        load_condition(tmp_path / "nope.icc", field="print.profile", file="don.yaml", line=7)
    assert missing.value.exit_code == 2
    assert "nope.icc" in missing.value.render("en") and "don.yaml:7" in missing.value.render("en")
    with pytest.raises(UserError) as rgb:
        load_condition(SRGB_PROFILE)
    assert "RGB" in rgb.value.render("en")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_profile_that_is_a_pipe_or_a_folder_is_refused_without_waiting(tmp_path):
    """A profile is read as a regular file only: a FIFO would block the run forever."""
    from bannergen.errors import UserError
    from bannergen.output.colour import load_condition

    os.mkfifo(tmp_path / "pipe.icc")
    for name, said in (("pipe.icc", "pipe"), (".", "directory")):
        with pytest.raises(UserError) as refused:
            load_condition(tmp_path / name, field="print.profile", file="don.yaml", line=3)
        assert refused.value.key == "profile_unreadable"
        assert said in refused.value.render("en") and "don.yaml:3" in refused.value.render("en")
