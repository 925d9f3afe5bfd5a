"""The print shop's package through orders: print options order-wide and per line, one print
master per product, the manifest's facts, the job ticket and the proof in the zip."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import write
from pypdf import PdfReader

from bannergen.errors import BannergenError
from bannergen.inputs.order import load_order
from bannergen.output.colour import FOGRA39_PROFILE
from bannergen.workflow.batch import plan, run

ORDER = """\
organization: Phòng Văn hóa huyện Đắk Hà
title: Băng rôn mừng Xuân
date: 2021-01-20
contact: Anh Minh, 0905 111 222
due: 5/2/2021
print: {cmyk: true, marks: true}
items:
  - slogan: 8
    size: 400x70cm
    quantity: 4
    formats: [jpg, pdf]
    note: Bạt hiflex, hàn mép, 20 khoen
    material: Bạt hiflex 440 g/m²
    finishing: Hàn mép 3 cm, đóng khoen
    print: {pdfx: 1a, grommet_marks: true, bleed: 15}
  - slogan: [10, 11]
    template: ap-phich
    size: A4
    quantity: 7
    formats: [png, tiff]
    dpi: 50
    print: {cmyk: false}
  - slogan: 10
    template: ap-phich
    size: A4
    quantity: 2
    formats: [pdf]
    print: {pdfx: 4}
"""


@pytest.fixture
def order(tmp_path, catalog, templates):
    return load_order(write(tmp_path / "don.yaml", ORDER), catalog, templates)


def test_line_options_over_order_options(order):
    first, second, third = (order.print_for(item) for item in order.items)
    assert (first.cmyk, first.marks, first.pdfx, first.bleed, first.grommet_marks) == \
        (True, True, "1a", 15, True)
    assert (second.cmyk, second.marks, second.pdfx) == (False, True, None)
    assert (third.cmyk, third.pdfx) == (True, "4")
    assert order.contact == "Anh Minh, 0905 111 222" and order.due.isoformat() == "2021-02-05"


def test_one_print_master_per_product(order):
    tasks = plan(order)
    by_name = {t.name: t for t in tasks}
    masters = [t for t in tasks if t.print_master]
    # line 1: the PDF (not the JPEG listed first); line 2: the TIFF of each slogan; line 3: PDF
    assert sorted(t.output.fmt for t in masters) == ["pdf", "pdf", "tiff", "tiff"]
    assert sum(t.quantity for t in tasks) == 4 + 7 + 7 + 2  # previews count zero
    previews = [t for t in tasks if not t.print_master]
    assert sorted(t.output.fmt for t in previews) == ["jpg", "png", "png"]
    assert all(t.quantity == 0 for t in previews)
    banner = next(t for t in masters if t.job.slogan_id == 8)
    assert banner.name.endswith("_pdfx1a.pdf") and banner.output.pdf.pdfx == "1a"
    assert banner.output.pdf.marks and banner.output.pdf.grommet_marks
    assert banner.job.bleed == 15 and banner.grommets > 4 and banner.grommet_spacing_mm <= 500
    jpg = next(t for t in previews if t.output.fmt == "jpg")
    assert not jpg.output.pdf.cmyk and jpg.output.pdf.pdfx is None  # JPEG is RGB, never PDF/X
    # The same slogan, template and size under other print options is another file.
    posters = [n for n in by_name if n.startswith("10-") and n.endswith(".pdf")]
    assert posters == ["10-nuoc-cong-hoa-muon-nam_ap-phich_A4_pdfx4.pdf"]


def test_quantity_in_the_file_name(tmp_path, catalog, templates):
    text = ORDER.replace("items:\n", "quantity_in_name: true\nitems:\n")
    tasks = plan(load_order(write(tmp_path / "don.yaml", text), catalog, templates))
    masters = sorted(t.name for t in tasks if t.print_master)
    assert any(name.endswith("_pdfx1a_SL04.pdf") for name in masters)
    assert any(name.endswith("_SL07.tiff") for name in masters)
    assert not any("_SL" in t.name for t in tasks if not t.print_master)


@pytest.mark.parametrize("line, field, needle", [
    ("print: {pdfx: 3}", "print.pdfx", "'3'"),
    ("print: {scale: '1:0'}", "print.scale", "1:N"),
    ("print: {cmyk: 'yes'}", "print.cmyk", "true/false"),
    ("print: {bleed: 300}", "print.bleed", "300"),
    ("print: {output_condition: {profile: thieu.icc}}", "print.output_condition.profile",
     "thieu.icc"),
    ("print: {colour: cmyk}", "print", "colour"),
])
def test_bad_print_options_name_file_line_field(tmp_path, catalog, templates, line, field, needle):
    path = write(tmp_path / "don.yaml", f"items:\n  - slogan: 9\n    {line}\n")
    with pytest.raises(BannergenError) as exc:
        load_order(path, catalog, templates)
    text = exc.value.render("en")
    assert exc.value.exit_code == 2
    assert f"{path}:3" in text and f"items[1].{field}" in text and needle in text


def test_a_non_cmyk_profile_is_refused(tmp_path, catalog, templates):
    from bannergen.output.colour import SRGB_PROFILE

    shutil.copy(SRGB_PROFILE, tmp_path / "rgb.icc")
    path = write(tmp_path / "don.yaml",
                 "print: {output_condition: {profile: rgb.icc}}\nitems:\n  - slogan: 9\n")
    with pytest.raises(BannergenError) as exc:
        load_order(path, catalog, templates)
    assert "rgb.icc" in exc.value.render("en") and "CMYK" in exc.value.render("en")


@pytest.fixture
def batch_run(tmp_path, catalog, templates):
    shutil.copy(FOGRA39_PROFILE, tmp_path / "press.icc")
    text = ORDER.replace("print: {cmyk: true, marks: true}",
                         "print: {cmyk: true, marks: true, output_condition: "
                         "{profile: press.icc, identifier: Press-2021, info: Bạt hiflex}}")
    order = load_order(write(tmp_path / "don.yaml", text), catalog, templates)
    from bannergen.workflow.batch import order_facts, shop_documents

    out = tmp_path / "out"
    day = order.date
    report = run(plan(order), out, jobs=1, zip_name="don.zip", meta=order_facts(order),
                 documents=shop_documents(order, catalog, day))
    return order, out, report


def test_manifest_carries_the_shop_facts(batch_run):
    _, out, report = batch_run
    assert not report.failed
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert data["order_title"] == "Băng rôn mừng Xuân" and data["due"] == "2021-02-05"
    assert data["contact"] == "Anh Minh, 0905 111 222"
    assert data["organization"] == "Phòng Văn hóa huyện Đắk Hà"
    [banner] = [f for f in data["files"] if f["slogan_id"] == 8 and f["format"] == "pdf"]
    assert banner["print_master"] is True and banner["quantity"] == 4
    assert banner["note"] == "Bạt hiflex, hàn mép, 20 khoen"
    assert banner["material"] == "Bạt hiflex 440 g/m²" and banner["finishing"].startswith("Hàn")
    assert (banner["width_mm"], banner["height_mm"], banner["bleed_mm"]) == (4000, 700, 15)
    assert banner["hem_mm"] == 30 and banner["grommets"] > 4
    assert banner["colour"] == "CMYK" and banner["pdfx"] == "PDF/X-1a:2003"
    [jpg] = [f for f in data["files"] if f["format"] == "jpg"]
    assert jpg["print_master"] is False and jpg["quantity"] is None and jpg["colour"] == "RGB"
    rows = list(csv.DictReader(io.StringIO(
        (out / "manifest.csv").read_text(encoding="utf-8-sig"))))
    assert sum(int(r["quantity"] or 0) for r in rows) == 20  # the pieces the shop prints
    assert {r["due"] for r in rows} == {"2021-02-05"}
    assert {r["contact"] for r in rows} == {"Anh Minh, 0905 111 222"}
    # The files are what the manifest says: PDF/X-1a with the order's own output condition.
    reader = PdfReader(out / banner["file"])
    assert reader.metadata["/GTS_PDFXConformance"] == "PDF/X-1a:2003"
    [intent] = reader.trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/OutputConditionIdentifier"] == "Press-2021"
    [tiff] = [f for f in data["files"] if f["format"] == "tiff"][:1]
    assert tiff["colour"] == "RGB"  # line 2 says cmyk: false over the order's cmyk: true


def test_zip_holds_the_ticket_and_the_proof(batch_run):
    _, out, report = batch_run
    with zipfile.ZipFile(report.archive) as z:
        names = z.namelist()
        assert names[:2] == ["phieu-in.pdf", "phieu-duyet.pdf"]
        ticket = PdfReader(io.BytesIO(z.read("phieu-in.pdf")))
        proof = PdfReader(io.BytesIO(z.read("phieu-duyet.pdf")))
    text = " ".join(" ".join(page.extract_text() for page in ticket.pages).split())
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    masters = [f for f in data["files"] if f["print_master"]]
    assert "PHIẾU IN" in text and "Anh Minh, 0905 111 222" in text and "05/02/2021" in text
    assert "Bạt hiflex, hàn mép, 20 khoen" in text and "Bạt hiflex 440 g/m²" in text
    assert "400 × 70 cm" in text and "1,5 cm" in text  # finished size, bleed
    assert "tổng số lượng 20" in text
    for entry in masters:
        digest = hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest()
        assert digest == entry["sha256"]
        assert digest[:32] in text.replace(" ", "") and digest[32:] in text.replace(" ", "")
    for entry in data["files"]:
        if not entry["print_master"]:
            assert entry["sha256"][:32] not in text.replace(" ", "")
    proof_text = " ".join(" ".join(p.extract_text() for p in proof.pages).split())
    assert "PHIẾU DUYỆT MAKET" in proof_text and "PDF/X-1a:2003" in proof_text
    assert "PDF/X-4" in proof_text and "tràn lề 15 mm" in proof_text


def test_template_output_condition(tmp_path, catalog):
    from bannergen.inputs.templates import load_template
    from bannergen.workflow.render import Output, render_job

    folder = tmp_path / "templates"
    folder.mkdir()
    source = Path(__file__).resolve().parents[1] / "templates" / "bang-ron.yaml"
    shutil.copy(FOGRA39_PROFILE, folder / "hiflex.icc")
    text = source.read_text(encoding="utf-8") + \
        "output_condition: {profile: hiflex.icc, identifier: Hiflex-440}\n"
    template = load_template(write(folder / "bang-ron.yaml", text))
    from bannergen.inputs.job import Job
    from bannergen.output.pdf import PdfOptions

    job = Job.for_slogan(catalog.find(9), template)
    out = render_job(job, Output(pdf=PdfOptions(pdfx="4")), tmp_path / "b.pdf")
    [intent] = PdfReader(out).trailer["/Root"]["/OutputIntents"]
    assert intent.get_object()["/OutputConditionIdentifier"] == "Hiflex-440"
    broken = write(folder / "bang-ron.yaml", source.read_text(encoding="utf-8")
                   + "output_condition: {profile: missing.icc}\n")
    with pytest.raises(BannergenError) as exc:
        load_template(broken)
    assert "missing.icc" in exc.value.render("en") and "output_condition.profile" in \
        exc.value.render("en")


def test_a_coarse_logo_is_a_warning_naming_file_and_ppi(tmp_path, cli):
    from PIL import Image

    Image.new("RGB", (40, 40), (200, 0, 0)).save(tmp_path / "dau.png")
    write(tmp_path / "don.yaml", "logo: dau.png\nitems:\n  - slogan: 9\n    size: 200x40cm\n")
    result = cli("batch", "don.yaml", "-o", "out", "-j", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "dau.png" in result.stderr and "pixels per inch" in result.stderr
    assert result.stderr.count("dau.png") == 1
    render = cli("render", "9", "-t", "ap-phich", "--size", "A3", "--logo", "dau.png",
                 cwd=tmp_path)
    assert render.returncode == 0 and "dau.png" in render.stderr and "150" in render.stderr
    big = tmp_path / "lon.png"
    Image.new("RGB", (2000, 2000), (200, 0, 0)).save(big)
    fine = cli("render", "9", "-t", "ap-phich", "--size", "A3", "--logo", "lon.png",
               cwd=tmp_path)
    assert fine.returncode == 0 and "lon.png" not in fine.stderr


def test_a_level_an_order_line_cannot_have_renders_nothing(tmp_path, catalog, templates):
    path = write(tmp_path / "don.yaml", "print: {pdfx: 1a}\nitems:\n  - slogan: 9\n"
                 "    size: 300x60cm\n  - slogan: 4\n    size: 650x90cm\n"
                 "  - slogan: 7\n    size: 650x90cm\n    print: {scale: 1:10}\n")
    order = load_order(path, catalog, templates)
    with pytest.raises(BannergenError) as exc:
        plan(order)
    text = exc.value.render("en")
    assert exc.value.exit_code == 2
    assert f"{path}:5" in text and "items[2].print.pdfx" in text and "6500 mm" in text
    assert "items[3]" not in text  # reduced 1:10, the third line fits PDF/X-1a


def test_one_name_for_two_different_files_is_an_error(tmp_path, catalog, templates):
    path = write(tmp_path / "don.yaml", "items:\n  - slogan: 9\n    quantity: 2\n"
                 "  - slogan: 9\n    print: {marks: true}\n  - slogan: 9\n    quantity: 3\n")
    with pytest.raises(BannergenError) as exc:
        plan(load_order(path, catalog, templates))
    assert exc.value.key == "order_same_file_options" and exc.value.line == 4
    assert "line 2" in exc.value.render("en") and "print options" in exc.value.render("en")
    same = write(tmp_path / "same.yaml", "items:\n  - slogan: 9\n    quantity: 2\n"
                 "  - slogan: 9\n    quantity: 3\n    note: Treo ở cổng\n")
    [task] = plan(load_order(same, catalog, templates))
    assert task.quantity == 5 and task.note == "Treo ở cổng"


MATERIALS = """\
title: Băng rôn hai chất liệu
date: 2020-06-01
items:
  - slogan: 1
    quantity: 2
    material: Vải lụa đỏ
    note: Treo ở cổng
  - slogan: 1
    quantity: 3
    material: Bạt hiflex
  - slogan: 1
    quantity: 4
    material: Vải lụa đỏ
    note: Treo ở hội trường
"""


def test_one_file_on_two_materials_is_two_products(tmp_path, catalog, templates):
    """Two lines of one file on other materials were merged: quantity 5 on the first line's
    material, the second material on neither the manifest nor the job ticket."""
    from bannergen.workflow.batch import order_facts, shop_documents

    order = load_order(write(tmp_path / "don.yaml", MATERIALS), catalog, templates)
    out = tmp_path / "out"
    report = run(plan(order), out, jobs=1, zip_name="don.zip", meta=order_facts(order),
                 documents=shop_documents(order, catalog, order.date))
    assert not report.failed
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = {f["material"]: f for f in data["files"]}
    assert sorted(files) == ["Bạt hiflex", "Vải lụa đỏ"] and len(data["files"]) == 2
    silk, hiflex = files["Vải lụa đỏ"], files["Bạt hiflex"]
    # Lines on the same material still add up, their notes joined; the other is apart.
    assert (silk["quantity"], silk["note"]) == (6, "Treo ở cổng; Treo ở hội trường")
    assert (hiflex["quantity"], hiflex["note"]) == (3, None)
    assert silk["print_master"] and hiflex["print_master"]
    assert silk["file"].endswith("_vai-lua-do.pdf") and hiflex["file"].endswith("_bat-hiflex.pdf")
    assert silk["sha256"] == hiflex["sha256"]  # the same drawing, printed on two materials
    rows = list(csv.DictReader(io.StringIO(
        (out / "manifest.csv").read_text(encoding="utf-8-sig"))))
    assert {(r["material"], r["quantity"]) for r in rows} == {("Vải lụa đỏ", "6"),
                                                              ("Bạt hiflex", "3")}
    with zipfile.ZipFile(report.archive) as z:
        assert {silk["file"], hiflex["file"]} <= set(z.namelist())
        ticket = PdfReader(io.BytesIO(z.read("phieu-in.pdf")))
    text = " ".join(" ".join(page.extract_text() for page in ticket.pages).split())
    # Each material beside its own quantity (the "SL" column), each file named.
    assert "Vải lụa đỏ 6 RGB" in text and "Bạt hiflex 3 RGB" in text
    assert "2 tệp — tổng số lượng 9" in text
    assert silk["file"] in text.replace(" ", "") and hiflex["file"] in text.replace(" ", "")


def test_another_finishing_is_another_product_and_agreeing_lines_keep_one_name(
        tmp_path, catalog, templates):
    text = ("quantity_in_name: true\nitems:\n"
            "  - slogan: 9\n    quantity: 2\n    material: Bạt hiflex\n    finishing: Đóng khoen\n"
            "  - slogan: 9\n    quantity: 3\n    material: Bạt hiflex\n    finishing: May túi luồn\n"
            "  - slogan: 4\n    quantity: 1\n    material: Bạt hiflex\n"
            "  - slogan: 4\n    quantity: 1\n    material: Bạt hiflex\n")
    tasks = plan(load_order(write(tmp_path / "don.yaml", text), catalog, templates))
    named = {(t.job.slogan_id, t.finishing): t for t in tasks}
    assert len(tasks) == 3
    assert named[9, "Đóng khoen"].name.endswith("_bat-hiflex-dong-khoen_SL02.pdf")
    assert named[9, "May túi luồn"].name.endswith("_bat-hiflex-may-tui-luon_SL03.pdf")
    # Lines that agree are one product under the plain name, as before.
    assert named[4, None].quantity == 2 and named[4, None].name.endswith("_500x80cm_SL02.pdf")
