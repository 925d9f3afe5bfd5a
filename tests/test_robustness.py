"""Hostile files and hostile moments: devices, pipes, deep YAML, huge texts, huge logos, logos
outside the order's folder, two batches into one folder, Ctrl-C and SIGTERM mid-batch.

Each case ends in a clean message (exit 2, one or two lines, both languages) or a clean stop
(exit 130/143 with one line), never a traceback, a hang or a half-written file. Hangs are caught
by the subprocess timeout, not by timing anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
import unicodedata
from pathlib import Path

import pytest
from conftest import run_cli, write

from bannergen.errors import UserError

HANG = 60  # seconds: far beyond any of these runs; only a hang reaches it

SLOGAN = "title: X\nslogans:\n  - id: 1\n    slug: a\n    text: {text}\n"


def _clean_exit_2(result: subprocess.CompletedProcess, *needles: str) -> str:
    message = result.stderr.strip()
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in message.splitlines() if not line.startswith("Warning")]
    assert 1 <= len(lines) <= 2, message
    for needle in needles:
        assert needle.lower() in message.lower(), (needle, message)
    return message


# ---------------------------------------------------------------------------------------------
# Special files

@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_as_catalogue_is_refused_without_reading_it(tmp_path: Path, device: str) -> None:
    result = run_cli("render", "1", "--catalog", device, cwd=tmp_path, timeout=HANG)
    _clean_exit_2(result, device, "device")
    assert list(tmp_path.iterdir()) == []


def test_a_device_behind_a_link_is_refused_too(tmp_path: Path) -> None:
    (tmp_path / "c.yaml").symlink_to("/dev/zero")
    result = run_cli("list", "--catalog", str(tmp_path / "c.yaml"), cwd=tmp_path, timeout=HANG)
    _clean_exit_2(result, "c.yaml", "device")


def test_a_fifo_as_order_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "don.yaml")  # nobody will ever write into it
    result = run_cli("batch", str(tmp_path / "don.yaml"), "-o", str(tmp_path / "out"),
                     cwd=tmp_path, timeout=HANG)
    _clean_exit_2(result, "don.yaml", "pipe")
    assert not (tmp_path / "out").exists()


def test_a_fifo_as_catalogue_in_vietnamese(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "c.yaml")
    result = run_cli("list", "--catalog", str(tmp_path / "c.yaml"), cwd=tmp_path,
                     env={"BANNERGEN_LANG": "vi"}, timeout=HANG)
    _clean_exit_2(result, "c.yaml", "đường ống")


def test_a_device_or_fifo_as_logo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "logo.png")
    for logo in ("/dev/zero", str(tmp_path / "logo.png")):
        result = run_cli("render", "9", "--size", "100x16cm", "--logo", logo, "-o",
                         str(tmp_path / "b.pdf"), cwd=tmp_path, timeout=HANG)
        _clean_exit_2(result, logo)
    assert not (tmp_path / "b.pdf").exists()


def test_a_fifo_settings_file_does_not_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "bannergen.toml")
    result = run_cli("render", "9", "--size", "100x16cm", "-o", "b.pdf", cwd=tmp_path,
                     env={"XDG_CONFIG_HOME": str(tmp_path / "config")}, timeout=HANG)
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 2)


def test_read_regular_reads_at_most_the_limit(tmp_path: Path) -> None:
    from bannergen.inputs.files import read_regular

    path = tmp_path / "f"
    path.write_bytes(b"x" * 100)
    assert read_regular(path, 100) == b"x" * 100
    with pytest.raises(UserError) as caught:
        read_regular(path, 99)
    assert caught.value.key == "file_too_large"
    with pytest.raises(UserError) as caught:
        read_regular(tmp_path, 99)
    assert "directory" in caught.value.render("en")
    with pytest.raises(UserError) as caught:
        read_regular(Path("/dev/zero"), 10)
    assert "device" in caught.value.render("en")


# ---------------------------------------------------------------------------------------------
# YAML structure

@pytest.mark.parametrize("shape", ["block", "flow", "mapping"])
def test_yaml_nested_a_thousand_deep(tmp_path: Path, shape: str) -> None:
    depth = 1000
    body = {
        "block": "".join("  " * i + "-\n" for i in range(depth)),
        "flow": "x: " + "[" * depth + "]" * depth + "\n",
        "mapping": "".join("  " * i + f"k{i}:\n" for i in range(depth)),
    }[shape]
    path = write(tmp_path / "c.yaml", body)
    result = run_cli("render", "1", "--catalog", str(path), cwd=tmp_path, timeout=HANG)
    _clean_exit_2(result, "c.yaml", "too complex")
    assert "RecursionError" not in result.stderr


def test_yaml_deep_nesting_in_process_is_our_error(tmp_path: Path) -> None:
    """Our limit, not Python's recursion limit (which a caller may have raised or lowered)."""
    from bannergen.inputs.yamlio import load_yaml

    path = write(tmp_path / "o.yaml", "items: " + "[" * 5000 + "]" * 5000 + "\n")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)
    try:
        with pytest.raises(UserError) as caught:
            load_yaml(path)
    finally:
        sys.setrecursionlimit(limit)
    assert caught.value.key == "yaml_too_complex" and caught.value.line == 1


def test_yaml_too_many_aliases(tmp_path: Path) -> None:
    from bannergen.inputs.yamlio import load_yaml

    path = write(tmp_path / "o.yaml", "a: &a x\nb: [" + ", ".join(["*a"] * 5000) + "]\n")
    with pytest.raises(UserError) as caught:
        load_yaml(path)
    assert caught.value.key == "yaml_too_complex"
    fine = write(tmp_path / "ok.yaml", "a: &a x\nb: [*a, *a, *a]\n")
    assert load_yaml(fine)["b"] == ["x", "x", "x"]


# ---------------------------------------------------------------------------------------------
# Long texts

def test_a_ten_thousand_word_slogan_is_refused_with_its_count(tmp_path: Path) -> None:
    words = " ".join(["Đảng", "quang", "vinh", "muôn", "năm"] * 2000)
    path = write(tmp_path / "c.yaml", SLOGAN.format(text=words))
    for command in (["check", "--catalog", str(path)], ["render", "1", "--catalog", str(path)]):
        result = run_cli(*command, cwd=tmp_path, timeout=HANG)
        message = _clean_exit_2(result, "c.yaml:5", "10000 words", "180")
        assert "slogans[1].text" in message or "slogan" in message
    vi = run_cli("render", "1", "--catalog", str(path), cwd=tmp_path,
                 env={"BANNERGEN_LANG": "vi"}, timeout=HANG)
    _clean_exit_2(vi, "10000 từ", "180")
    assert list(tmp_path.glob("*.pdf")) == []


def test_a_huge_word_is_refused(tmp_path: Path) -> None:
    result = run_cli("render", "--text", "Đ" * 60_000, "--draft", cwd=tmp_path, timeout=HANG)
    _clean_exit_2(result, "60000 characters", "75")
    result = run_cli("render", "--text", "chào " * 5000, "--draft", cwd=tmp_path, timeout=HANG)
    _clean_exit_2(result, "5000 words", "180")


def test_the_limit_follows_from_the_templates(tmp_path: Path, templates) -> None:
    """An office's template set with at most two lines allows 30 words; `check` says so."""
    from bannergen.inputs.catalog import LINE_WORDS, max_words

    assert max_words(templates.templates) == max(t.text.max_lines for t in templates.templates) \
        * LINE_WORDS
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    source = Path(templates.get("bang-ron").path).read_text(encoding="utf-8")
    text = "\n".join(line.split(":")[0] + ": 2" if line.strip().startswith("max_lines") else line
                     for line in source.splitlines()) + "\n"
    write(tpl / "bang-ron.yaml", text)
    slogan = " ".join(["chào", "mừng"] * 20)  # 40 words: fine for the schema, not for 2 lines
    catalogue = write(tmp_path / "c.yaml", SLOGAN.format(text=slogan))
    result = run_cli("check", "--catalog", str(catalogue), "--templates", str(tpl),
                     cwd=tmp_path, timeout=HANG)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "40 words" in result.stderr and "30" in result.stderr


# ---------------------------------------------------------------------------------------------
# Logos: memory and place

def _png_16bit(path: Path, width: int, height: int) -> Path:
    """A 16-bit RGB PNG of one flat colour, written row by row (a few hundred kilobytes)."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    row = b"\x00" + b"\xda\x25\x1d\x00\x25\x1d" * width
    deflate = zlib.compressobj(9)
    idat = b"".join(deflate.compress(row) for _ in range(height)) + deflate.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n"
                     + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, 2, 0, 0, 0))
                     + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


PEAK = textwrap.dedent("""
    import json, resource, sys
    from pathlib import Path
    from bannergen.errors import UserError
    from bannergen.inputs.images import read_logo
    import PIL.Image, PIL.JpegImagePlugin, PIL.PngImagePlugin

    def status(key):
        with open("/proc/self/status") as handle:
            return next(int(line.split()[1]) for line in handle if line.startswith(key))

    try:  # Linux: reset the high-water mark, so that it measures the logo alone
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        base, peak = status("VmRSS:"), lambda: status("VmHWM:")
    except OSError:
        base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        logo = read_logo(Path(sys.argv[1]))
        outcome = [logo.width_px, logo.height_px, len(logo.data)]
    except UserError as exc:
        outcome = exc.render("en")
    print(json.dumps({"outcome": outcome, "grew_mb": (peak() - base) / 1024}))
""")


def _logo_peak(path: Path) -> dict:
    import bannergen

    env = {**os.environ, "PYTHONPATH": str(Path(bannergen.__file__).resolve().parents[1])}
    result = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True,
                            text=True, timeout=HANG, env=env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_16_bit_8000_square_png_logo_stays_within_the_budget(tmp_path: Path) -> None:
    path = _png_16bit(tmp_path / "logo.png", 8000, 8000)
    assert path.stat().st_size < 1_000_000
    measured = _logo_peak(path)
    assert isinstance(measured["outcome"], str)
    assert "8000×8000" in measured["outcome"] and "2048 px" in measured["outcome"]
    assert measured["grew_mb"] < 64, measured  # decoded, it would take 256 MB


def test_a_large_jpeg_logo_is_decoded_reduced(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "logo.jpg"
    Image.new("RGB", (6000, 4000), (218, 37, 29)).save(path, quality=80)
    measured = _logo_peak(path)
    assert measured["outcome"][:2] == [2048, 1365]
    assert measured["grew_mb"] < 80, measured  # at full size the decoded pixels alone are 96 MB


def test_a_large_png_logo_is_reduced_once(tmp_path: Path) -> None:
    from PIL import Image

    from bannergen.inputs.images import LOGO_MAX_SIDE, read_logo

    Image.new("RGBA", (3000, 1500), (218, 37, 29, 255)).save(tmp_path / "logo.png")
    logo = read_logo(tmp_path / "logo.png")
    assert (logo.width_px, logo.height_px) == (LOGO_MAX_SIDE, LOGO_MAX_SIDE // 2)
    with Image.open(__import__("io").BytesIO(logo.data)) as image:
        assert image.size == (LOGO_MAX_SIDE, LOGO_MAX_SIDE // 2)
        assert image.convert("RGB").getpixel((10, 10)) == (218, 37, 29)


@pytest.mark.parametrize("where", ["parent", "absolute", "link"])
def test_a_logo_outside_the_order_folder_is_refused(tmp_path: Path, where: str) -> None:
    from PIL import Image

    secret = tmp_path / "elsewhere" / "secret.png"
    secret.parent.mkdir()
    Image.new("RGB", (40, 20), (0, 0, 0)).save(secret)
    folder = tmp_path / "orders" / "sent"
    folder.mkdir(parents=True)
    logo = {"parent": "../../elsewhere/secret.png", "absolute": str(secret), "link": "logo.png"}[where]
    if where == "link":
        (folder / "logo.png").symlink_to(secret)
    order = write(folder / "don.yaml", f"logo: {logo}\nitems:\n  - slogan: 9\n    size: 100x16cm\n")
    result = run_cli("batch", str(order), "-o", str(tmp_path / "out"), cwd=tmp_path, timeout=HANG)
    message = _clean_exit_2(result, "don.yaml:1", "outside", str(folder))
    assert "secret" in message or "logo.png" in message
    assert not (tmp_path / "out").exists()  # the order is refused before anything is rendered


def test_a_logo_inside_a_subfolder_is_fine(tmp_path: Path) -> None:
    from PIL import Image

    (tmp_path / "img").mkdir()
    Image.new("RGB", (40, 20), (20, 60, 160)).save(tmp_path / "img" / "logo.png")
    order = write(tmp_path / "don.yaml", "logo: img/logo.png\nitems:\n  - slogan: 9\n"
                                         "    template: ap-phich\n    size: A5\n")
    result = run_cli("batch", str(order), "-o", str(tmp_path / "out"), cwd=tmp_path, timeout=HANG)
    assert result.returncode == 0, result.stderr


def test_a_settings_logo_outside_its_folder_is_refused(tmp_path: Path) -> None:
    from bannergen.inputs.settings import read_settings_file

    path = write(tmp_path / "bannergen.toml", 'logo = "/etc/hostname"\n')
    with pytest.raises(UserError) as caught:
        read_settings_file(path)
    assert caught.value.key == "logo_outside_folder"
    assert str(tmp_path) in caught.value.render("en")


# ---------------------------------------------------------------------------------------------
# Batches: one writer per folder, signals, resume

ORDER_ITEMS = "".join(f"  - slogan: {n}\n    template: ap-phich\n    size: A4\n"
                      "    formats: [pdf, png]\n    dpi: 60\n" for n in range(1, 12))


def _env() -> dict:
    import bannergen

    here = str(Path(bannergen.__file__).resolve().parents[1])
    return {**os.environ, "BANNERGEN_LANG": "en", "BANNERGEN_TODAY": "2020-06-01",
            "PYTHONPATH": here}


def _start_batch(order: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bannergen", "batch", str(order), "-o",
                             str(out), "--jobs", "2", *extra], env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _finals(out: Path) -> list[Path]:
    return [p for p in out.glob("*") if not p.name.startswith(".")] if out.exists() else []


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + HANG
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.01)


def _tree(pid: int) -> list[int]:
    """Processes whose parent is `pid` or whose process group is `pid` (the batch's session)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == pid:
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z" and (int(fields[1]) == pid or int(fields[2]) == pid):
            found.append(int(entry.name))
    return found


def _check_manifest(out: Path) -> list[dict]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
    return manifest["files"]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
@pytest.mark.slow
def test_a_signal_stops_a_parallel_batch_and_keeps_what_finished(tmp_path: Path, signum: int,
                                                                code: int) -> None:
    order = write(tmp_path / "don.yaml", "items:\n" + ORDER_ITEMS)
    out = tmp_path / "out"
    proc = _start_batch(order, out)
    _wait_for(lambda: len(_finals(out)) >= 3, "three finished files")
    assert _tree(proc.pid), "the batch has workers"
    os.kill(proc.pid, signum)  # the main process only, as `kill` or a service manager does
    _, stderr = proc.communicate(timeout=HANG)
    assert proc.returncode == code, stderr
    assert "Traceback" not in stderr
    stopped = [line for line in stderr.splitlines() if line.startswith("Stopped")]
    assert len(stopped) == 1 and "finished files kept" in stopped[0], stderr
    time.sleep(0.2)
    assert _tree(proc.pid) == []  # no worker left running
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]  # nothing half-written
    listed = _check_manifest(out)
    kept = int(stopped[0].split(":")[1].split()[0])
    assert len(listed) == kept >= 1 and kept < 22
    # The next run skips everything listed and completes the rest.
    again = subprocess.run([sys.executable, "-m", "bannergen", "batch", str(order), "-o", str(out),
                            "--jobs", "2"], env=_env(), capture_output=True, text=True,
                           timeout=HANG * 3)
    assert again.returncode == 0, again.stderr
    assert f"{kept} skipped" in again.stdout
    assert len(_check_manifest(out)) == 22


@pytest.mark.slow
def test_sigterm_during_render_leaves_no_part_file(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "bannergen", "render", "9", "--size",
                             "600x80cm", "-f", "png", "--dpi", "150", "-o", str(tmp_path / "b.png")],
                            env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(lambda: list(tmp_path.glob(".*.part")) or proc.poll() is not None, "a .part file")
    if proc.poll() is not None:
        pytest.skip("the render finished before the signal could be sent")
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=HANG)
    assert proc.returncode == 143 and "Traceback" not in stderr
    assert len(stderr.strip().splitlines()) <= 2 and "no half-written file" in stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_two_batches_into_one_folder(tmp_path: Path) -> None:
    # A3 posters at 300 DPI: long enough (several seconds) for the second batch to meet the first.
    heavy = ORDER_ITEMS.replace("size: A4", "size: A3").replace("dpi: 60", "dpi: 300")
    order = write(tmp_path / "don.yaml", "items:\n" + heavy)
    other = write(tmp_path / "khac.yaml", "items:\n  - slogan: [4, 9]\n    size: 100x16cm\n")
    out = tmp_path / "out"
    first = _start_batch(order, out)
    _wait_for(lambda: (out / ".bannergen.lock").exists() and _finals(out), "the first batch")
    refused = run_cli("batch", str(other), "-o", str(out), cwd=tmp_path, timeout=HANG)
    message = _clean_exit_2(refused, f"process {first.pid}", "--wait")
    assert "another batch" in message.lower()
    waited = run_cli("batch", str(other), "-o", str(out), "--wait", cwd=tmp_path, timeout=HANG * 3)
    assert waited.returncode == 0, waited.stderr
    assert f"process {first.pid}" in waited.stderr  # it said whom it waited for
    first.communicate(timeout=HANG * 3)
    assert first.returncode == 0
    # Neither run dropped the other's files from the manifest, nor deleted its temporaries.
    listed = {entry["file"] for entry in _check_manifest(out)}
    assert len(listed) == 24 and "09-dang-quang-vinh_bang-ron_100x16cm.pdf" in listed
    assert not (out / ".bannergen.lock").exists()


def test_the_lock_names_its_holder_and_a_dead_holder_is_taken_over(tmp_path: Path) -> None:
    from bannergen.workflow.lock import LOCK_NAME, FolderLock

    with FolderLock(tmp_path):
        assert (tmp_path / LOCK_NAME).read_text().strip() == str(os.getpid())
        with pytest.raises(UserError) as caught:
            FolderLock(tmp_path).acquire()
        assert caught.value.key == "batch_locked" and caught.value.params["pid"] == os.getpid()
    assert not (tmp_path / LOCK_NAME).exists()
    # A lock file a killed run left behind: its process is gone, the lock is free.
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    write(tmp_path / LOCK_NAME, dead + "\n")
    order = write(tmp_path / "don.yaml", "items:\n  - slogan: 9\n    size: 100x16cm\n")
    result = run_cli("batch", str(order), "-o", str(tmp_path), cwd=tmp_path, timeout=HANG)
    assert result.returncode == 0, result.stderr


def test_temporaries_belong_to_their_run(tmp_path: Path) -> None:
    """A batch tidies a dead run's temporary files, never a live process's."""
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        out = tmp_path / "out"
        out.mkdir()
        dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True).stdout.strip()
        live = out / f".09-dang-quang-vinh_bang-ron_100x16cm.pdf.{sleeper.pid}.0a1b2c3d.part"
        stale = out / f".09-dang-quang-vinh_bang-ron_100x16cm.pdf.{dead}.0a1b2c3d.part"
        live.write_bytes(b"%PDF- being written")
        stale.write_bytes(b"%PDF- cut short")
        order = write(tmp_path / "don.yaml", "items:\n  - slogan: 9\n    size: 100x16cm\n")
        result = run_cli("batch", str(order), "-o", str(out), cwd=tmp_path, timeout=HANG)
        assert result.returncode == 0, result.stderr
        assert live.exists() and not stale.exists()
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.parametrize("kind", ["fifo", "zero", "garbage"])
def test_a_hostile_manifest_neither_hangs_nor_crashes_the_next_batch(tmp_path: Path,
                                                                     kind: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    manifest = out / "manifest.json"
    if kind == "fifo":
        os.mkfifo(manifest)
        os.mkfifo(out / ".bannergen-journal.jsonl")
    elif kind == "zero":
        manifest.symlink_to("/dev/zero")
    else:
        manifest.write_bytes(b"\xff\xfe{ not json")
    order = write(tmp_path / "don.yaml", "items:\n  - slogan: [4, 9]\n    size: 100x16cm\n")
    result = run_cli("batch", str(order), "-o", str(out), cwd=tmp_path, timeout=HANG)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    if kind != "garbage":
        assert "Warning: ignored" in result.stderr
    assert manifest.is_file() and not manifest.is_symlink()
    assert len(_check_manifest(out)) == 2


def test_a_manifest_folder_is_refused_before_rendering(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "manifest.json").mkdir(parents=True)
    order = write(tmp_path / "don.yaml", "items:\n  - slogan: 9\n    size: 100x16cm\n")
    result = run_cli("batch", str(order), "-o", str(out), cwd=tmp_path, timeout=HANG)
    _clean_exit_2(result, "manifest.json", "directory")
    assert not list(out.glob("*.pdf"))


def test_batch_into_an_unwritable_folder(tmp_path: Path) -> None:
    order = write(tmp_path / "don.yaml", "items:\n  - slogan: 9\n    size: 100x16cm\n")
    result = run_cli("batch", str(order), "-o", "/proc/bannergen-out", cwd=tmp_path, timeout=HANG)
    _clean_exit_2(result, "/proc/bannergen-out", "cannot write")


@pytest.mark.slow
def test_a_crashed_runs_journal_is_folded_in(tmp_path: Path) -> None:
    """After SIGKILL (no chance to write the manifest) the next run reads the journal: what
    finished is skipped, and its entries' hashes still hold."""
    order = write(tmp_path / "don.yaml", "items:\n" + ORDER_ITEMS)
    out = tmp_path / "out"
    proc = _start_batch(order, out)
    _wait_for(lambda: (out / ".bannergen-journal.jsonl").exists()
              and (out / ".bannergen-journal.jsonl").stat().st_size > 0, "a journal entry")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    journal = [json.loads(line) for line in
               (out / ".bannergen-journal.jsonl").read_text(encoding="utf-8").splitlines()
               if line.endswith("}")]
    for entry in journal:
        assert hashlib.sha256((out / entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
    again = subprocess.run([sys.executable, "-m", "bannergen", "batch", str(order), "-o", str(out),
                            "--jobs", "1"], env=_env(), capture_output=True, text=True,
                           timeout=HANG * 3)
    assert again.returncode == 0, again.stderr
    skipped = int(again.stdout.split(" written, ")[1].split(" skipped")[0])
    assert skipped >= len(journal) >= 1
    assert len(_check_manifest(out)) == 22 and not (out / ".bannergen-journal.jsonl").exists()


def test_jobs_are_capped_and_small_orders_stay_in_one_process(catalog, templates) -> None:
    from bannergen.inputs.order import demo_order
    from bannergen.workflow.batch import plan, usable_cpus, worker_count

    tasks = plan(demo_order(catalog, templates))
    assert worker_count(64, tasks) <= usable_cpus()
    assert worker_count(64, tasks[:2]) == 1
    assert worker_count(1, tasks) == 1


def test_a_non_utf8_order_name_keeps_the_manifest(tmp_path: Path) -> None:
    name = os.fsencode(tmp_path) + b"/don-\xff.yaml"
    with open(name, "wb") as handle:
        handle.write(b"items:\n  - slogan: 9\n    size: 100x16cm\n")
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "bannergen", "batch", name, "-o", str(out)],
                            env=_env(), capture_output=True, timeout=HANG)
    assert result.returncode == 0, result.stderr
    assert len(_check_manifest(out)) == 1


# ---------------------------------------------------------------------------------------------
# Text drawn from decomposed (NFD) input

def test_the_proof_of_an_nfd_order_reads_like_the_nfc_one(tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from PIL import ImageChops
    from pypdf import PdfReader

    catalogue = ("title: Khẩu hiệu chào mừng Đại hội\noffice: Sở Tài chính tỉnh Kon Tum\n"
                 "documents:\n  - id: 2808-CV/BTGTU\n    title: Công văn số 2808-CV/BTGTU của "
                 "Ban Tuyên giáo Tỉnh ủy\nslogans:\n  - id: 1\n    slug: dang-quang-vinh\n"
                 "    text: Đảng Cộng sản Việt Nam quang vinh muôn năm!\n"
                 "    approved_by: [2808-CV/BTGTU]\n")
    order = ("organization: Sở Tài chính tỉnh Kon Tum\ntitle: Băng rôn chào mừng Đại hội\n"
             "prepared_by: Nguyễn Thị Hường\ndate: 2020-09-15\nitems:\n  - slogan: 1\n"
             "    template: ap-phich\n    size: A4\n    note: Treo ở sảnh chính\n")
    pages, texts = {}, {}
    for form in ("NFC", "NFD"):
        folder = tmp_path / form
        folder.mkdir()
        write(folder / "c.yaml", unicodedata.normalize(form, catalogue))
        write(folder / "don.yaml", unicodedata.normalize(form, order))
        out = folder / "phieu.pdf"
        result = run_cli("proof", str(folder / "don.yaml"), "--catalog", str(folder / "c.yaml"),
                         "-o", str(out), cwd=folder, timeout=HANG)
        assert result.returncode == 0, result.stderr
        texts[form] = PdfReader(out).pages[0].extract_text()
        pages[form] = pdfium.PdfDocument(str(out))[0].render(scale=1.5).to_pil().convert("RGB")
    assert "SỞ TÀI CHÍNH TỈNH KON TUM" in texts["NFD"] and "Nguyễn Thị Hường" in texts["NFD"]
    assert texts["NFD"] == texts["NFC"]
    assert ImageChops.difference(pages["NFC"], pages["NFD"]).getbbox() is None


def test_a_letter_that_is_a_pipe_or_a_zip_bomb(tmp_path: Path) -> None:
    import zipfile

    from bannergen.workflow.letter import MAX_DOCX_UNPACKED, read_letter

    os.mkfifo(tmp_path / "cong-van.txt")
    with pytest.raises(UserError) as caught:
        read_letter(tmp_path / "cong-van.txt")
    assert "pipe" in caught.value.render("en")
    bomb = tmp_path / "cong-van.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:  # 60 MB of spaces, ~60 KB packed
            for _ in range(60):
                member.write(b" " * 1_000_000)
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(UserError) as caught:
        read_letter(bomb)
    assert caught.value.key == "file_too_large"
    assert caught.value.params["limit"] == MAX_DOCX_UNPACKED
