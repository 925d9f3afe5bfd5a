"""`bannergen batch`: many files in parallel, a manifest, up-to-date skips, failures kept apart."""

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from conftest import write
from pypdf import PdfReader

ORDER = """\
organization: Sở Tài chính tỉnh Kon Tum
items:
  - slogan: [9, 4]
    template: bang-ron
    size: 100x16cm
    quantity: 2
    formats: [pdf, png]
    dpi: 20
  - slogan: 11
    template: ap-phich
    size: A5
    quantity: 3
"""


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.smoke
def test_batch_writes_files_and_manifest(cli, tmp_path):
    order = write(tmp_path / "don.yaml", ORDER)
    out = tmp_path / "out"
    result = cli("batch", str(order), "-o", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "04-day-manh-doi-moi_bang-ron_100x16cm.pdf", "04-day-manh-doi-moi_bang-ron_100x16cm_20dpi.png",
        "09-dang-quang-vinh_bang-ron_100x16cm.pdf", "09-dang-quang-vinh_bang-ron_100x16cm_20dpi.png",
        "11-chu-tich-ho-chi-minh_ap-phich_A5.pdf", "manifest.csv", "manifest.json"]
    assert "5 written, 0 skipped" in result.stdout
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["organization"] == "Sở Tài chính tỉnh Kon Tum" and manifest["failed"] == []
    files = {f["file"]: f for f in manifest["files"]}
    assert len(files) == 5
    for name, entry in files.items():
        assert entry["sha256"] == sha256(out / name)
    nine = files["09-dang-quang-vinh_bang-ron_100x16cm.pdf"]
    assert nine["slogan_id"] == 9 and nine["text"] == "Đảng Cộng sản Việt Nam quang vinh muôn năm!"
    assert (nine["template"], nine["size"], nine["format"], nine["quantity"]) == (
        "bang-ron", "100x16cm", "pdf", 2)
    assert files["11-chu-tich-ho-chi-minh_ap-phich_A5.pdf"]["quantity"] == 3
    assert files["09-dang-quang-vinh_bang-ron_100x16cm_20dpi.png"]["dpi"] == 20
    # The files are the real products: the right page size and text.
    page = PdfReader(out / "09-dang-quang-vinh_bang-ron_100x16cm.pdf").pages[0]
    assert round(float(page.trimbox.width) * 25.4 / 72) == 1000
    assert "QUANG VINH" in page.extract_text()
    from PIL import Image
    with Image.open(out / "04-day-manh-doi-moi_bang-ron_100x16cm_20dpi.png") as image:
        assert image.size == (787, 126)
    with open(out / "manifest.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["file"] for r in rows] == [f["file"] for f in manifest["files"]]
    assert rows[0]["text"].startswith("Đảng Cộng sản") and rows[0]["sha256"] == nine["sha256"]


def test_rerun_skips_up_to_date_files_and_force_renders_again(cli, tmp_path):
    order = write(tmp_path / "don.yaml", "items:\n  - slogan: [4, 9]\n    size: 100x16cm\n")
    out = tmp_path / "out"
    assert cli("batch", str(order), "-o", str(out), "--jobs", "1").returncode == 0
    pdf = out / "04-day-manh-doi-moi_bang-ron_100x16cm.pdf"
    first = pdf.stat().st_mtime_ns
    again = cli("batch", str(order), "-o", str(out), "--jobs", "1")
    assert again.returncode == 0
    assert "0 written, 2 skipped as up to date" in again.stdout
    assert "Skipped 04-day-manh-doi-moi_bang-ron_100x16cm.pdf (up to date)" in again.stdout
    assert pdf.stat().st_mtime_ns == first
    # A changed input (the order's organisation goes on posters, not banners: change the size)
    # or a damaged file is rendered again; the rest is skipped.
    (out / "09-dang-quang-vinh_bang-ron_100x16cm.pdf").write_bytes(b"%PDF-1.4 damaged")
    partial = cli("batch", str(order), "-o", str(out), "--jobs", "1")
    assert "1 written, 1 skipped" in partial.stdout
    forced = cli("batch", str(order), "-o", str(out), "--jobs", "1", "--force")
    assert forced.returncode == 0 and "2 written, 0 skipped" in forced.stdout
    assert pdf.stat().st_mtime_ns != first


def test_rerun_with_nothing_to_do_leaves_the_manifests_alone(cli, tmp_path):
    """Same data: not rewritten (same bytes as a rewrite would give); else rewritten."""
    order = write(tmp_path / "don.yaml", "items:\n  - slogan: [4, 9]\n    size: 100x16cm\n")
    out = tmp_path / "out"
    assert cli("batch", str(order), "-o", str(out), "--jobs", "1").returncode == 0
    manifest, table = out / "manifest.json", out / "manifest.csv"
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes()) for p in (manifest, table)}
    assert cli("batch", str(order), "-o", str(out), "--jobs", "1").returncode == 0
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns, p.read_bytes())
            for p in (manifest, table)} == before
    table.unlink()  # one of the pair missing: both written again, as before
    assert cli("batch", str(order), "-o", str(out), "--jobs", "1").returncode == 0
    assert table.read_bytes() == before[table][2] and manifest.read_bytes() == before[manifest][2]
    manifest.write_text(manifest.read_text(encoding="utf-8").replace('"size"', '"sizes"', 1),
                        encoding="utf-8")  # edited by hand: no longer what the run says
    assert cli("batch", str(order), "-o", str(out), "--jobs", "1").returncode == 0
    assert manifest.read_bytes() == before[manifest][2]


def test_one_failing_item_does_not_lose_the_others(cli, tmp_path):
    order = write(tmp_path / "don.yaml", (
        "items:\n"
        "  - slogan: 9\n    size: 100x16cm\n"
        "  - slogan: 1\n    template: ap-phich\n    size: 3x3cm\n"
        "  - slogan: 4\n    size: 100x16cm\n"))
    out = tmp_path / "out"
    result = cli("batch", str(order), "-o", str(out), "--jobs", "2")
    assert result.returncode == 2
    assert "2 written, 0 skipped" in result.stdout and "1 failed" in result.stdout
    assert f"{order}:4" in result.stderr and "cannot fit" in result.stderr
    assert (out / "09-dang-quang-vinh_bang-ron_100x16cm.pdf").is_file()
    assert (out / "04-day-manh-doi-moi_bang-ron_100x16cm.pdf").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 2
    assert manifest["failed"][0]["file"] == "01-chao-mung-dai-hoi-xiii_ap-phich_3x3cm.pdf"


def test_invalid_order_renders_nothing(cli, tmp_path):
    order = write(tmp_path / "don.yaml", "items:\n  - slogan: 9\n  - slogan: 42\n")
    out = tmp_path / "out"
    result = cli("batch", str(order), "-o", str(out))
    assert result.returncode == 2
    assert f"{order}:3: Field 'items[2].slogan'" in result.stderr and "no slogan '42'" in result.stderr
    assert not out.exists()


@pytest.mark.slow
def test_demo_without_order_and_zip(cli, tmp_path):
    result = cli("batch", "--jobs", "2", "--zip", cwd=tmp_path,
                 env={"BANNERGEN_TODAY": "2026-11-26"})
    assert result.returncode == 0, result.stderr
    out = tmp_path / "bannergen-out"
    documents = ["phieu-in.pdf", "phieu-duyet.pdf"]  # the job ticket and the proof
    pdfs = sorted(p for p in out.glob("*.pdf") if p.name not in documents)
    assert len(pdfs) == 22
    assert {p.name.split("_")[1] for p in pdfs} == {"bang-ron", "ap-phich"}
    # The expired seed catalogue warns once, on one line, whatever the number of files.
    assert result.stderr.count("validity period") == 1
    archive = out / "bannergen-demo.zip"
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        assert names == documents + sorted(p.name for p in pdfs) + ["manifest.json", "manifest.csv"]
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in z.infolist())
        assert z.read(pdfs[0].name) == pdfs[0].read_bytes()
    first = archive.read_bytes()
    # deterministic: the same day (the proof and the ticket are dated) gives the same bytes
    assert cli("batch", "--jobs", "2", "--zip", cwd=tmp_path,
               env={"BANNERGEN_TODAY": "2026-11-26"}).returncode == 0
    assert archive.read_bytes() == first


def _finals(out):
    return [p for p in out.glob("*") if not p.name.startswith(".")] if out.exists() else []


@pytest.mark.slow
def test_interrupted_batch_leaves_no_truncated_file(tmp_path):
    """SIGKILL in the middle of a run: every file under its final name is a whole PDF."""
    items = "".join(f"  - slogan: {n}\n    template: ap-phich\n    size: A4\n    formats: [pdf, png]\n"
                    "    dpi: 60\n" for n in range(1, 12))
    order = write(tmp_path / "don.yaml", "items:\n" + items)
    out = tmp_path / "out"
    env = {**os.environ, "BANNERGEN_LANG": "en"}
    proc = subprocess.Popen([sys.executable, "-m", "bannergen", "batch", str(order), "-o", str(out),
                             "--jobs", "2"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_finals(out)) < 3:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)  # the pool's workers too
    proc.wait()
    finals = _finals(out)
    assert 3 <= len(finals) < 22
    from PIL import Image
    for path in finals:
        if path.suffix == ".pdf":
            assert len(PdfReader(path).pages) == 1
        else:
            with Image.open(path) as image:
                image.load()  # a truncated PNG raises here
    assert not (out / "manifest.json").exists()
    # The next run completes the job and tidies any temporary file the kill left behind.
    result = subprocess.run([sys.executable, "-m", "bannergen", "batch", str(order), "-o",
                             str(out), "--jobs", "2"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [p for p in (f["file"] for f in json.loads((out / "manifest.json").read_text())["files"])]
        + ["manifest.csv", "manifest.json"])


def test_another_campaigns_catalogue_in_every_command(cli, tmp_path):
    other = write(tmp_path / "khau-hieu-2026.yaml", (
        "title: Khẩu hiệu chào mừng năm 2026\n"
        "office: UBND xã Hòa Bình\n"
        "valid_from: 2026-01-01\nvalid_to: 2026-12-31\n"
        "documents:\n  - id: 12-HD/BTG\n    title: Hướng dẫn số 12-HD/BTG\n"
        "slogans:\n"
        "  - id: 1\n    slug: mung-xuan\n    text: Mừng Đảng, mừng Xuân!\n    approved_by: [12-HD/BTG]\n"))
    order = write(tmp_path / "don.yaml", "items:\n  - slogan: mung-xuan\n    size: 100x16cm\n")
    env = {"BANNERGEN_CATALOG": str(other), "BANNERGEN_TODAY": "2026-02-01"}
    out = tmp_path / "out"
    result = cli("batch", str(order), "-o", str(out), "--jobs", "1", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # a current catalogue: no warning
    assert (out / "01-mung-xuan_bang-ron_100x16cm.pdf").is_file()
    proof = tmp_path / "p.pdf"
    assert cli("proof", str(order), "-o", str(proof), "--catalog", str(other)).returncode == 0
    assert "Hướng dẫn số 12-HD/BTG" in PdfReader(proof).pages[0].extract_text()
    tile = tmp_path / "t.pdf"
    assert cli("tile", "mung-xuan", "--size", "60x20cm", "-o", str(tile), env=env).returncode == 0
    assert "MỪNG ĐẢNG, MỪNG XUÂN!" in PdfReader(tile).pages[1].extract_text() or \
        "MỪNG" in PdfReader(tile).pages[0].extract_text()


def test_order_occasion_and_logo_reach_the_posters(cli, tmp_path):
    from PIL import Image
    from pypdf import PdfReader

    Image.new("RGB", (120, 80), (20, 60, 160)).save(tmp_path / "logo.png")
    order = tmp_path / "order.yaml"
    order.write_text(
        "organization: UBND xã Đắk Hà\n"
        "occasion: Mừng Đảng, mừng Xuân Tân Sửu 2021\n"
        "logo: logo.png\n"
        "items:\n"
        "  - slogan: 9\n"
        "    template: ap-phich\n"
        "    size: A4\n"
        "  - slogan: 10\n"
        "    template: ap-phich\n"
        "    size: A4\n"
        "    occasion: Kỷ niệm 76 năm Quốc khánh\n", encoding="utf-8")
    result = cli("batch", str(order), "-o", str(tmp_path / "out"), "--jobs", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    texts = {}
    for pdf in (tmp_path / "out").glob("*.pdf"):
        page = PdfReader(pdf).pages[0]
        texts[pdf.name[:2]] = " ".join(page.extract_text().split())
        images = [x for x in page["/Resources"]["/XObject"].values()
                  if x.get_object()["/Subtype"] == "/Image"]
        assert images, pdf.name
    assert "MỪNG ĐẢNG, MỪNG XUÂN TÂN SỬU 2021" in texts["09"]
    assert "KỶ NIỆM 76 NĂM QUỐC KHÁNH" in texts["10"]
    assert "UBND XÃ ĐẮK HÀ" in texts["09"]


def test_order_logo_that_is_not_an_image(cli, tmp_path):
    (tmp_path / "logo.png").write_text("not an image")
    order = tmp_path / "order.yaml"
    order.write_text("logo: logo.png\nitems:\n  - slogan: 9\n", encoding="utf-8")
    result = cli("batch", str(order), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 2
    assert "order.yaml:1" in result.stderr and "logo" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))
