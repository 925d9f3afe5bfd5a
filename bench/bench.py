"""Benchmark bannergen against its peers and its floor; write docs/benchmark.md (and README).

Run from the repository: `python bench/bench.py [--runs N] [--quick] [--install] [--readme]`.

Every target is a ratio against a reference measured in the same run, so that a busy machine
moves both sides alike; ratios are taken pair by pair (A, B, A, B …) and their median is
reported. Every figure is a whole process (start-up included) unless the row says otherwise.

- Raster, 600 x 80 cm at 150 DPI, from one PDF: bannergen's raster stage (a process that
  rasterises the PDF) against "the floor" — PDFium rendering strips into one reused buffer and
  zlib level 1 on the raw rows, one thread, in Python: the least any PDFium-based PNG writer can
  do — and against MuPDF (mutool draw, whole page and banded), Ghostscript (png16m, jpeg,
  tiff24nc), Poppler (pdftoppm, pdftocairo) and Inkscape. Peak memory is each process's own
  high-water mark, read by GNU time (a small parent, so the figure is not the bench's own).
- Start-up: `bannergen --help` against `python -c "import typer"`.
- One banner PDF as a whole process against Inkscape writing the same artwork as PDF (its SVG
  made by pdftocairo from bannergen's PDF).
- Layout: a 60-word text on the vertical banner against a 9-word one.
- Per PDF: compose + paint in one warm process, PDFs per second of CPU.
- Batch: bench/batch_bench.py's scaling (200 PDFs, --jobs 2 against --jobs 1, as a share of
  the capacity two CPU-bound processes show) and re-run (over 2,000 up-to-date files).

Peers are Debian packages (inkscape, mupdf-tools, ghostscript, poppler-utils, time); a missing
one is reported as missing, and `--install` installs them with apt-get first (as root).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
sys.path.insert(0, str(ROOT / "bench"))
PEERS = {"inkscape": "inkscape", "mutool": "mupdf-tools", "gs": "ghostscript",
         "pdftoppm": "poppler-utils", "pdftocairo": "poppler-utils", "time": "time"}
GNU_TIME = "/usr/bin/time"
SIZE, DPI, QUALITY = "600x80cm", 150, 95  # JPEG quality: bannergen's (raster/jpeg.py)
SLOW = 30.0  # seconds: a command slower than this is run once
NINE_WORDS = "Đảng Cộng sản Việt Nam quang vinh muôn năm!"
# 60 words, none of them from the catalogue's long slogans: a long text the layout must break.
SIXTY_WORDS = (
    "Phát huy truyền thống cách mạng vẻ vang, toàn thể cán bộ, công chức, viên chức và người "
    "lao động trong ngành tài chính đoàn kết một lòng, đổi mới sáng tạo, siết chặt kỷ luật, "
    "kỷ cương, thực hành tiết kiệm, chống lãng phí, quản lý chặt chẽ ngân sách nhà nước, "
    "phục vụ nhân dân ngày càng tốt hơn, góp phần xây dựng quê hương giàu mạnh, văn minh!"
)

# The floor: PDFium strips into one reused buffer, zlib level 1 on the raw rows, one thread.
FLOOR = textwrap.dedent("""
    import ctypes, sys, zlib
    import pypdfium2 as pdfium, pypdfium2.raw as c
    path, dpi, unit, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
    page = pdfium.PdfDocument(path)[0]
    left, bottom, right, top = page.get_bbox()
    x0, y0, x1, y1 = page.get_trimbox()
    w, h = round((x1 - x0) * unit * dpi / 72), round((y1 - y0) * unit * dpi / 72)
    sx, sy = w / (x1 - x0), h / (y1 - y0)
    stride = w * 3
    rows = max(1, (8 << 20) // stride)
    buf = (ctypes.c_ubyte * (stride * rows))()
    packer = zlib.compressobj(1)
    with open(out, "wb") as f:
        for first in range(0, h, rows):
            n = min(rows, h - first)
            bitmap = c.FPDFBitmap_CreateEx(w, n, c.FPDFBitmap_BGR, buf, stride)
            c.FPDFBitmap_FillRect(bitmap, 0, 0, w, n, 0xFFFFFFFF)
            matrix = c.FS_MATRIX(sx, 0, 0, sy, -(x0 - left) * sx, -(top - y1) * sy - first)
            c.FPDF_RenderPageBitmapWithMatrix(bitmap, page.raw, matrix, c.FS_RECTF(0, 0, w, n),
                                              c.FPDF_REVERSE_BYTE_ORDER)
            c.FPDFBitmap_Destroy(bitmap)
            f.write(packer.compress(memoryview(buf)[: n * stride]))
        f.write(packer.flush())
""")

# bannergen's raster stage alone, as a process: the PDF file in, the image out.
RASTER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from bannergen.output.raster import rasterise
    pdf, fmt, dpi, unit, out = sys.argv[1:6]
    rasterise(Path(pdf), Path(out), fmt, float(dpi), user_unit=float(unit))
""")

# Compose + paint in one warm process: PDFs per second of CPU time.
PER_PDF = textwrap.dedent("""
    import time
    from bannergen.inputs.catalog import load_catalog
    from bannergen.inputs.job import Job
    from bannergen.inputs.templates import load_templates
    from bannergen.inputs.units import parse_size
    from bannergen.layout.compose import compose
    from bannergen.output.pdf import render_pdf
    from bannergen.resources import default_catalog
    catalog, templates = load_catalog(default_catalog()), load_templates()
    template = templates.get("bang-ron")
    # Every slogan at four sizes: distinct files, as a batch makes them.
    jobs = [Job.for_slogan(s, template, parse_size(f"{300 + 50 * k}x{60 + 10 * k}cm"))
            for k in range(4) for s in catalog.slogans]
    for job in jobs[:22]:
        render_pdf(compose(job))  # warm: fonts, modules, caches
    start = time.process_time()
    scenes = [compose(job) for job in jobs]
    composed = time.process_time()
    for scene in scenes:
        render_pdf(scene)
    painted = time.process_time()
    print(len(jobs) / (painted - start), len(jobs) / (painted - composed))
""")


@dataclass
class Sample:
    wall: float
    cpu: float
    peak_mb: float | None


@dataclass
class Result:
    name: str
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None
    output: Path | None = None
    cpu_ratio: float | None = None  # against the paired reference, CPU seconds

    @property
    def wall(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def cpu(self) -> float:
        return statistics.median(s.cpu for s in self.samples)

    @property
    def peak(self) -> float | None:
        peaks = [s.peak_mb for s in self.samples if s.peak_mb is not None]
        return max(peaks) if peaks else None


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(SRC), "BANNERGEN_LANG": "en",
            "BANNERGEN_TODAY": "2020-06-01", "SOURCE_DATE_EPOCH": "1589846400"}


def run(cmd: list[str], cwd: Path, timeout: float) -> Sample:
    """One whole process: wall seconds, CPU seconds (user + system) and peak RSS in MB."""
    stats = cwd / ".time"
    wrapped = [GNU_TIME, "-f", "%e %U %S %M", "-o", str(stats), *cmd] \
        if shutil.which(GNU_TIME) else cmd
    start = time.perf_counter()
    proc = subprocess.Popen(wrapped, env=env(), cwd=cwd, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise RuntimeError(f"timed out after {timeout:.0f} s") from None
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(err.decode(errors="replace").strip()[-300:] or f"exit {proc.returncode}")
    if wrapped is cmd:
        return Sample(elapsed, float("nan"), None)
    _, user, system, peak_kb = stats.read_text().split()[-4:]
    return Sample(elapsed, float(user) + float(system), int(peak_kb) / 1024)


def measure(name: str, cmd: list[str], cwd: Path, runs: int, timeout: float = 300,
            output: Path | None = None) -> Result:
    result = Result(name, output=output)
    try:
        first = run(cmd, cwd, timeout)  # warm-up: caches, font lists, first-run set-up
        if first.wall > SLOW:  # a peer this slow is measured once: its warm-up run
            result.samples.append(first)
            return result
        for _ in range(runs):
            result.samples.append(run(cmd, cwd, timeout))
    except (RuntimeError, OSError) as exc:
        result.error = str(exc).splitlines()[-1] if str(exc) else type(exc).__name__
    return result


def paired(a: list[str], b: list[str], cwd: Path, runs: int,
           timeout: float = 300) -> tuple[Result, Result, float | None]:
    """A and B in turn (A B A B …): medians of each and the median of the pair-by-pair ratio."""
    ra, rb = Result("a"), Result("b")
    ratios, cpu_ratios = [], []
    try:
        run(a, cwd, timeout)
        run(b, cwd, timeout)
        for _ in range(runs):
            sa, sb = run(a, cwd, timeout), run(b, cwd, timeout)
            ra.samples.append(sa)
            rb.samples.append(sb)
            ratios.append(sa.wall / sb.wall)
            cpu_ratios.append(sa.cpu / sb.cpu if sb.cpu else float("nan"))
    except (RuntimeError, OSError) as exc:
        ra.error = rb.error = str(exc).splitlines()[-1]
        return ra, rb, None
    ra.cpu_ratio = statistics.median(cpu_ratios)
    return ra, rb, statistics.median(ratios)


def bannergen(*args: str) -> list[str]:
    return [sys.executable, "-m", "bannergen", *args]


def pixel_size(path: Path | None) -> str:
    if path is None or not path.exists():
        return "—"
    head = path.read_bytes()[:32] if path.suffix == ".png" else b""
    if head[:8] == b"\x89PNG\r\n\x1a\n":
        w, h = struct.unpack(">II", head[16:24])
        return f"{w:,} × {h:,}"
    try:
        from PIL import Image
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(path) as image:
            return f"{image.size[0]:,} × {image.size[1]:,}"
    except Exception:  # a peer's format Pillow cannot read: the size is only informative
        return "?"


def install_peers(missing: list[str]) -> None:
    packages = sorted({PEERS[tool] for tool in missing})
    if not packages or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    subprocess.run(["apt-get", "update", "-qq"], check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=False,
                   env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def user_unit(pdf: Path) -> float:
    found = re.search(rb"/UserUnit\s+([\d.]+)", pdf.read_bytes())
    return float(found.group(1)) if found else 1.0


def bench_raster(work: Path, runs: int, have: set[str]) -> tuple[list[Result], dict]:
    pdf = work / "b600.pdf"
    run(bannergen("render", "9", "--size", SIZE, "-o", str(pdf)), work, 120)
    unit = str(user_unit(pdf))
    floor_py = work / "floor.py"
    floor_py.write_text(FLOOR, encoding="utf-8")
    raster_py = work / "raster.py"
    raster_py.write_text(RASTER, encoding="utf-8")
    py = sys.executable
    floor_cmd = [py, str(floor_py), str(pdf), str(DPI), unit, str(work / "floor.zlib")]

    def ours(fmt: str) -> list[str]:
        return [py, str(raster_py), str(pdf), fmt, str(DPI), unit, str(work / f"ours.{fmt}")]

    targets = {}
    for fmt in ("png", "tiff"):
        a, b, ratio = paired(ours(fmt), floor_cmd, work, runs)
        a.name, a.output = f"bannergen {fmt.upper()} (raster stage)", work / f"ours.{fmt}"
        targets[fmt] = (a, b, ratio)
    floor = targets["png"][1]
    floor.name, floor.output = "the floor: PDFium strips + zlib level 1, one thread", None
    rows = [targets["png"][0], targets["tiff"][0], floor]
    jpeg = measure("bannergen JPEG (raster stage)", ours("jpg"), work, runs,
                   output=work / "ours.jpg")
    rows.append(jpeg)
    cli = measure(f"bannergen render {SIZE} --dpi {DPI} -f png (whole CLI: layout, PDF, PNG)",
                  bannergen("--quiet", "render", "9", "--size", SIZE, "--dpi", str(DPI), "-o",
                            str(work / "cli.png")), work, runs, output=work / "cli.png")
    rows.append(cli)
    w, h = (int(v.replace(",", "")) for v in pixel_size(work / "ours.png").split(" × "))
    gs_common = ["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dUseTrimBox", f"-r{DPI}"]
    peers = [
        ("mutool", "MuPDF mutool draw (whole page)",
         ["mutool", "draw", "-q", "-r", str(DPI), "-o", "mu.png", str(pdf)], "mu.png"),
        ("mutool", "MuPDF mutool draw -B 256 (banded)",
         ["mutool", "draw", "-q", "-B", "256", "-r", str(DPI), "-o", "mub.png", str(pdf)],
         "mub.png"),
        ("gs", "Ghostscript png16m", [*gs_common, "-sDEVICE=png16m", "-o", "gs.png", str(pdf)],
         "gs.png"),
        ("gs", f"Ghostscript jpeg (JPEGQ={QUALITY}, 4:2:0)",
         [*gs_common, "-sDEVICE=jpeg", f"-dJPEGQ={QUALITY}", "-o", "gs.jpg", str(pdf)], "gs.jpg"),
        ("gs", "Ghostscript tiff24nc (LZW)",
         [*gs_common, "-sDEVICE=tiff24nc", "-sCompression=lzw", "-o", "gs.tif", str(pdf)],
         "gs.tif"),
        # Poppler ignores /UserUnit: told the pixel size instead (the page with its bleed).
        ("pdftoppm", "Poppler pdftoppm -png",
         ["pdftoppm", "-png", "-singlefile", "-scale-to-x", str(w), "-scale-to-y", str(h),
          str(pdf), "pp"], "pp.png"),
        ("pdftocairo", "Poppler pdftocairo -png",
         ["pdftocairo", "-png", "-singlefile", "-scale-to-x", str(w), "-scale-to-y", str(h),
          str(pdf), "pc"], "pc.png"),
        ("inkscape", "Inkscape --export-type=png",
         ["inkscape", str(pdf), "--export-type=png", f"--export-width={w}",
          "--export-filename=ink.png"], "ink.png"),
    ]
    for tool, name, cmd, out in peers:
        if tool in have:
            # Peers are slower: one warm-up and at most 3 runs, 3 minutes each at most.
            result = measure(name, cmd, work, min(runs, 3), timeout=180, output=work / out)
            if result.error and tool == "pdftocairo":
                result.error += " (cairo's image surfaces stop at 32,767 px a side)"
            rows.append(result)
    gs_jpeg = next((r for r in rows if r.name.startswith("Ghostscript jpeg")), None)
    return rows, {"png": targets["png"][2], "tiff": targets["tiff"][2], "floor": floor,
                  "jpeg": jpeg, "gs_jpeg": gs_jpeg, "cli": cli}


def bench_startup(work: Path, runs: int) -> tuple[Result, Result, float | None]:
    return paired(bannergen("--help"), [sys.executable, "-c", "import typer"], work, runs * 2)


def bench_framework(work: Path, runs: int,
                    have: set[str]) -> tuple[Result, Result, Result | None, float | None]:
    """What the declared stack costs before it does anything. Any Typer command that takes
    options imports Python, Typer and the pydantic Typer (>= 0.29) converts every parameter
    with; the one PDF painter (ReportLab) comes on top. The second is paired with Inkscape's
    export of the same artwork: the floor under target 1."""
    framework = measure("Python + Typer + pydantic", [sys.executable, "-c", "import typer._adapters"],
                        work, runs)
    stack = [sys.executable, "-c", "import typer._adapters, reportlab.pdfgen.canvas"]
    if not {"inkscape", "pdftocairo"} <= have or not (work / "one.svg").exists():
        return (framework, measure("Python + Typer + pydantic + ReportLab", stack, work, runs),
                None, None)
    inkscape = ["inkscape", str(work / "one.svg"), "--export-type=pdf",
                f"--export-filename={work / 'ink.pdf'}"]
    stack_result, inkscape_result, ratio = paired(stack, inkscape, work, runs)
    return framework, stack_result, inkscape_result, ratio


def bench_pdf(work: Path, runs: int, have: set[str]) -> tuple[Result, Result | None, float | None]:
    ours = bannergen("--quiet", "render", "9", "-o", str(work / "one.pdf"))
    if not {"inkscape", "pdftocairo"} <= have:
        return measure("bannergen", ours, work, runs), None, None
    run(ours, work, 60)
    subprocess.run(["pdftocairo", "-svg", str(work / "one.pdf"), str(work / "one.svg")],
                   check=True, capture_output=True)
    inkscape = ["inkscape", str(work / "one.svg"), "--export-type=pdf",
                f"--export-filename={work / 'ink.pdf'}"]
    return paired(ours, inkscape, work, runs)


def bench_layout(work: Path, runs: int) -> tuple[Result, Result, float | None]:
    def text(words: str, name: str) -> list[str]:
        return bannergen("--quiet", "render", "--draft", "--text", words, "-t", "bang-ron-doc",
                         "-o", str(work / name))

    return paired(text(SIXTY_WORDS, "long.pdf"), text(NINE_WORDS, "short.pdf"), work, runs,
                  timeout=600)


# Typesetting's in-process view of the layout (compose alone, CPU time): a 60-word text of the
# catalogue's vocabulary on the vertical banner, and the slowest seed slogan × template.
LONG_TEXT = ("Toàn Đảng, toàn dân và toàn quân đoàn kết, phát huy truyền thống cách mạng, "
             "quyết tâm thực hiện thắng lợi Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của "
             "Đảng, xây dựng và bảo vệ Tổ quốc Việt Nam xã hội chủ nghĩa, vì mục tiêu dân giàu, "
             "nước mạnh, dân chủ, công bằng, văn minh!")


def bench_layout_in_process(runs: int) -> list[tuple[str, str]]:
    """compose() (lexicon, line breaking, fitting, glyph runs) in this process, CPU time."""
    sys.path.insert(0, str(SRC))
    from bannergen.inputs.catalog import load_catalog
    from bannergen.inputs.job import Job
    from bannergen.inputs.templates import load_templates
    from bannergen.layout.compose import compose
    from bannergen.resources import default_catalog

    def timed_compose(job: Job) -> float:
        compose(job)  # warm: fonts, word lists, token shapes
        samples = []
        for _ in range(max(runs, 5)):
            start = time.process_time()
            compose(job)
            samples.append(time.process_time() - start)
        return statistics.median(samples)

    templates = load_templates()
    vertical = templates.get("bang-ron-doc")
    words = len(LONG_TEXT.split())
    long_time = timed_compose(Job(text=LONG_TEXT, template=vertical, size=vertical.default_size))
    catalog = load_catalog(default_catalog())
    worst, where = 0.0, ""
    from bannergen.errors import UserError

    for slogan in catalog.slogans:
        for template in templates.templates:
            try:
                elapsed = timed_compose(Job.for_slogan(slogan, template, office=catalog.office))
            except UserError:  # a template that takes no slogan alone (a hall backdrop)
                continue
            if elapsed > worst:
                worst, where = elapsed, f"slogan {slogan.id} on {template.name}"
    count = len(catalog.slogans) * len(templates.templates)
    return [(f"{words}-word text on bang-ron-doc, compose alone", f"{long_time * 1000:.1f} ms"),
            (f"slowest of the {count} seed slogan × template compositions",
             f"{worst * 1000:.1f} ms ({where})")]


def bench_per_pdf(work: Path, runs: int) -> tuple[float, float]:
    """PDFs per second of CPU: compose + paint, and the painting alone."""
    script = work / "per_pdf.py"
    script.write_text(PER_PDF, encoding="utf-8")
    both, paint = [], []
    for _ in range(runs):
        out = subprocess.run([sys.executable, str(script)], env=env(), cwd=work,
                             capture_output=True, text=True, check=True)
        whole, painting = map(float, out.stdout.split()[-2:])
        both.append(whole)
        paint.append(painting)
    return statistics.median(both), statistics.median(paint)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info
                       if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cpu}, {cpus} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def versions(have: set[str]) -> str:
    probes = {"inkscape": ["inkscape", "--version"], "mutool": ["mutool", "-v"],
              "gs": ["gs", "--version"], "pdftoppm": ["pdftoppm", "-v"]}
    found = []
    for tool, cmd in probes.items():
        if tool in have:
            out = subprocess.run(cmd, capture_output=True, text=True)
            text = (out.stdout or out.stderr).strip().splitlines()
            found.append(text[0] if text else tool)
    return "; ".join(found)


def png_filter() -> str:
    found = subprocess.run([sys.executable, "-c", "import numpy"], capture_output=True)
    return ("numpy, in place (the `fast` extra)" if found.returncode == 0
            else "Pillow (numpy not installed: `pip install bannergen[fast]`)")


def fmt_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def verdict(value: float | None, limit: float, higher_is_better: bool = False) -> str:
    if value is None:
        return "not measured"
    ok = value >= limit if higher_is_better else value <= limit
    return "met" if ok else "**not met**"


def floor_note(stack: Result, ratio: float | None, inkscape: Result | None) -> list[str]:
    """What the stack's imports leave of Inkscape's time for the work itself."""
    if ratio is None or inkscape is None or stack.error or inkscape.error:
        return []
    left = (1 - ratio) * inkscape.wall * 1000
    return [
        f"Python, Typer with its pydantic, and ReportLab, imported and doing nothing, take "
        f"{ratio:.2f}× Inkscape's whole export of the same artwork (paired with it: "
        f"{stack.wall:.2f} s against {inkscape.wall:.2f} s); "
        + (f"that leaves {left:.0f} ms" if left > 0 else "that leaves nothing")
        + " for reading the catalogue and templates, shaping, layout, the font subset and "
        "writing the file, under target 1's ≤ 1×.", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="paired runs per measurement")
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs, a 40-file batch and a 200-file re-run")
    parser.add_argument("--install", action="store_true",
                        help="apt-get install missing peers first (as root)")
    parser.add_argument("--readme", action="store_true",
                        help="also put the targets table into README.md's Benchmark section")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmark.md")
    args = parser.parse_args()
    runs = 2 if args.quick else max(1, args.runs)
    missing = [tool for tool in PEERS if not shutil.which(tool)]
    if missing and args.install:
        install_peers(missing)
        missing = [tool for tool in PEERS if not shutil.which(tool)]
    have = set(PEERS) - set(missing)
    import batch_bench

    with tempfile.TemporaryDirectory(prefix="bannergen-bench-") as tmp:
        work = Path(tmp)
        # Measure what an installed bannergen does: pip compiles its modules to bytecode, so
        # the bench lets Python cache them too (outside the repository), whatever the
        # environment says; without it every process compiles ~40 modules from source.
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
        print("raster …", file=sys.stderr)
        raster_rows, raster = bench_raster(work, runs, have)
        sizes = {r.name: (pixel_size(r.output), r.output.stat().st_size
                          if r.output and r.output.exists() else None) for r in raster_rows}
        print("start-up …", file=sys.stderr)
        help_, typer_, help_ratio = bench_startup(work, runs)
        print("one PDF …", file=sys.stderr)
        pdf, inkscape_pdf, pdf_ratio = bench_pdf(work, runs, have)
        framework, stack, stack_inkscape, stack_ratio = bench_framework(work, runs, have)
        print("layout …", file=sys.stderr)
        long_, short, layout_ratio = bench_layout(work, runs)
        print("layout in process …", file=sys.stderr)
        try:
            layout_rows = bench_layout_in_process(runs)
        except Exception as exc:  # one section failing must not lose the others' figures
            layout_rows = [("compose", f"failed: {exc}")]
        print("per PDF …", file=sys.stderr)
        per_pdf = bench_per_pdf(work, 3)
        print("batch …", file=sys.stderr)
        scale = batch_bench.scaling(work, 40 if args.quick else 200, 1 if args.quick else 3)
        again = batch_bench.rerun(work, 200 if args.quick else 2000, 1 if args.quick else 3)

    # the bytecode cache it named is gone with the work folder: later processes (the screens'
    # renders, the numpy probe) would make it again, and leave it behind in the temporary folder
    os.environ.pop("PYTHONPYCACHEPREFIX", None)
    floor = raster["floor"]
    gs_jpeg = raster["gs_jpeg"]
    jpeg_ratio = (raster["jpeg"].wall / gs_jpeg.wall
                  if gs_jpeg is not None and not gs_jpeg.error and not raster["jpeg"].error
                  else None)
    cli = raster["cli"]
    def with_cpu(ratio: float | None, result: Result) -> str:
        cpu = result.cpu_ratio
        return fmt_ratio(ratio) + (f" (CPU {cpu:.2f}×)" if cpu and cpu == cpu else "")

    targets = [
        (f"PNG {SIZE} @ {DPI} DPI, raster stage", f"{raster_rows[0].wall:.2f} s",
         f"the floor {floor.wall:.2f} s", with_cpu(raster["png"], raster_rows[0]), "≤ 1.2×",
         verdict(raster["png"], 1.2)),
        (f"PNG {SIZE} @ {DPI} DPI, whole CLI (layout, PDF, PNG): peak memory",
         f"{cli.peak:.0f} MB" if cli.peak else "—", "—", "—", "≤ 110 MB",
         verdict(cli.peak, 110)),
        (f"TIFF {SIZE} @ {DPI} DPI, raster stage", f"{raster_rows[1].wall:.2f} s",
         f"the floor {floor.wall:.2f} s", with_cpu(raster["tiff"], raster_rows[1]), "≤ 2×",
         verdict(raster["tiff"], 2.0)),
        (f"JPEG {SIZE} @ {DPI} DPI (q{QUALITY}, 4:2:0), raster stage",
         f"{raster['jpeg'].wall:.2f} s",
         f"Ghostscript jpeg {gs_jpeg.wall:.2f} s" if jpeg_ratio else "Ghostscript missing",
         fmt_ratio(jpeg_ratio) + (f" (CPU {raster['jpeg'].cpu / gs_jpeg.cpu:.2f}×)"
                                  if jpeg_ratio else ""), "≤ 1.5×", verdict(jpeg_ratio, 1.5)),
        ("`bannergen --help`", f"{help_.wall:.2f} s",
         f"`python -c \"import typer\"` {typer_.wall:.2f} s", with_cpu(help_ratio, help_),
         "≤ 1.5×",
         verdict(help_ratio, 1.5)),
        ("one banner PDF (500×80 cm), whole process", f"{pdf.wall:.2f} s",
         f"Inkscape SVG → PDF {inkscape_pdf.wall:.2f} s" if inkscape_pdf else "Inkscape missing",
         with_cpu(pdf_ratio, pdf), "≤ 1× (moonshot 0.6×)", verdict(pdf_ratio, 1.0)),
        ("60-word text on the vertical banner, whole process", f"{long_.wall:.2f} s",
         f"a 9-word text {short.wall:.2f} s", with_cpu(layout_ratio, long_), "≤ 1.2×",
         verdict(layout_ratio, 1.2)),
        ("PDFs per second of CPU, steady state (one process; 11 slogans × 4 sizes)",
         f"{per_pdf[0]:.0f} /s with the layout, {per_pdf[1]:.0f} /s painting alone", "—", "—",
         "≥ 150 /s", verdict(per_pdf[0], 150, True)),
        (f"batch of {scale['files']} PDFs, `--jobs 2` against `--jobs 1`",
         f"{scale['jobs2']:.2f} s against {scale['jobs1']:.2f} s "
         f"(×{scale['jobs1'] / scale['jobs2']:.2f})",
         f"two CPU-bound processes ×{scale['capacity']:.2f}",
         f"{scale['share']:.0%} of capacity", "≥ 75 %", verdict(scale["share"], 0.75, True)),
        (f"re-run over {again['files']:,} up-to-date files", f"{again['again']:.2f} s",
         f"first run {again['first']:.2f} s", f"{again['share']:.1%}", "≤ 10 %",
         verdict(again["share"], 0.10)),
    ]
    errors = [(r.name, r.error) for r in [*raster_rows, help_, pdf, long_] if r.error]
    lines = [
        "# bannergen benchmark", "",
        f"Measured {dt.date.today().isoformat()} on {machine()}, by `python bench/bench.py` "
        f"({runs} paired runs, medians; whole processes, with their bytecode cached as an "
        "installed package has it; the machine may be shared, so read the ratios, which are "
        "taken pair by pair in the same run).", "",
        f"PNG filter: {png_filter()}. Peers: {versions(have) or 'none found'}."
        + (f" Missing: {', '.join(sorted({PEERS[t] for t in missing}))} "
           "(`python bench/bench.py --install` installs them)." if missing else ""), "",
        "## Targets", "",
        "Ratios are of wall time, as the targets are; the CPU-time ratio beside them shows "
        "what the machine did to them. bannergen's raster stage overlaps rendering and "
        "compression on every core, so on an idle machine its wall time is well under its CPU "
        "time; in this run two CPU-bound processes side by side got "
        f"×{scale['capacity']:.2f} the work of one (2.00 on two free cores).", "",
        "| measure | bannergen | reference in the same run | ratio | target | |",
        "|---|---|---|---|---|---|",
        *(f"| {' | '.join(row)} |" for row in targets), "",
        "## One banner PDF: what the declared stack takes before any work", "",
        "| process | wall | CPU |", "|---|---|---|",
        *(f"| {name} | {r.wall:.2f} s | {r.cpu:.2f} s |" for name, r in (
            ("bannergen render (one 500×80 cm PDF)", pdf),
            ("`python -c \"import typer._adapters\"`: Python, Typer and the pydantic it "
             "converts options with, before any work", framework),
            ("`python -c \"import typer._adapters, reportlab.pdfgen.canvas\"`: the same and "
             "the PDF painter, before any work"
             + (f" ({stack_ratio:.2f}× Inkscape, paired)" if stack_ratio else ""), stack),
            *((("Inkscape SVG → PDF", inkscape_pdf),) if inkscape_pdf else ()))
          if not r.error and r.samples), "",
        *floor_note(stack, stack_ratio, stack_inkscape),
        "## Layout in process (CPU time of compose alone)", "",
        "| measure | time |", "|---|---|",
        *(f"| {name} | {value} |" for name, value in layout_rows), "",
        f"## Raster: one {SIZE} banner at {DPI} DPI, every peer", "",
        "From the same PDF (6 m: /UserUnit 1 mm). bannergen and Ghostscript show the trim "
        "(-dUseTrimBox); MuPDF the page with its 20 mm bleed; Poppler and Inkscape, which "
        "ignore /UserUnit, are told the pixel size. Peak: the process's own high-water mark.", "",
        "| tool | wall | CPU | peak | pixels | file | vs the floor |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in raster_rows:
        if r.error:
            lines.append(f"| {r.name} | {r.error} | | | | | |")
            continue
        pixels, size = sizes[r.name]
        lines.append(
            f"| {r.name} | {r.wall:.2f} s | {r.cpu:.2f} s | "
            f"{f'{r.peak:.0f} MB' if r.peak else '—'} | {pixels} | "
            f"{f'{size / 1e6:.2f} MB' if size else '—'} | {r.wall / floor.wall:.2f}× |")
    lines += ["", *(f"- {name}: {error}" for name, error in errors)]
    table = "\n".join(lines).rstrip() + "\n"
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    import screens_bench  # beside this script: the web header's file sizes (issue 11)

    with tempfile.TemporaryDirectory(prefix="bannergen-screens-") as tmp:
        found = screens_bench.rows(Path(tmp))
    with args.out.open("a", encoding="utf-8") as handle:
        handle.write("\n## Screens\n\n| Measurement | Result |\n|---|---|\n")
    screens_bench.update_table(args.out, found)
    if args.readme:
        write_readme(lines)


def write_readme(lines: list[str]) -> None:
    """README's Benchmark section keeps its prose and gets the targets table of this run."""
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start = text.index("## Benchmark")
    end = text.find("\n## ", start + 1)
    end = len(text) if end == -1 else end + 1
    # the Targets section alone (its prose and table), and the floor under target 1 in a sentence
    first = lines.index("## Targets") + 2
    last = next(i for i in range(first, len(lines)) if lines[i].startswith("## "))
    targets = "\n".join(lines[first:last]).strip()
    floor = [line for line in lines if line.startswith("Python, Typer with its pydantic")]
    section = "\n".join([
        "## Benchmark", "",
        "`python bench/bench.py [--runs N] [--install]` measures bannergen against its peers",
        "(Inkscape, MuPDF, Ghostscript, Poppler) and against the floor of its own raster path,",
        "every target as a ratio taken in the same run, and writes",
        "[docs/benchmark.md](docs/benchmark.md) (with the table of every peer). Latest:", "",
        lines[2], "", targets, "", *(part for line in floor for part in (line, "")), ""])
    readme.write_text(text[:start] + section + text[end:], encoding="utf-8")


if __name__ == "__main__":
    main()
