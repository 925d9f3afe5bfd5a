"""Benchmark bannergen's print paths and write the table to docs/benchmark.md.

Run from the repository: `python bench/bench.py [--runs N] [--im-timeout S] [--quick]`.
Reports medians of N runs: start-up, one PDF (in-process and as a whole CLI process), PNG at
100 and 150 DPI for 500x80 cm and 600x80 cm banners (wall time, peak memory, file size), the
naive path (Pillow draws the full-size RGB image and saves it) and ImageMagick `convert caption:`.
Peak memory is each child process's own high-water mark (VmHWM; ru_maxrss on Linux carries over
the parent's peak across fork+exec, so it would measure this script instead).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
FONT = ROOT / "fonts" / "RobotoCondensed-Bold.ttf"
SLOGAN = 9
TEXT = "ĐẢNG CỘNG SẢN VIỆT NAM QUANG VINH MUÔN NĂM!"
RED, YELLOW = "#DA251D", "#FFFF00"

# Runs a snippet in a fresh interpreter and prints its own peak RSS (kB) last.
PEAK = textwrap.dedent("""
    def _peak_kb():
        try:
            with open("/proc/self/status") as status:
                return next(int(l.split()[1]) for l in status if l.startswith("VmHWM"))
        except OSError:
            import resource
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
""")


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(SRC), "BANNERGEN_LANG": "en",
            "SOURCE_DATE_EPOCH": "1589846400"}


def timed(cmd: list[str], timeout: float | None = None, cwd: Path | None = None):
    start = time.perf_counter()
    result = subprocess.run(cmd, env=env(), capture_output=True, text=True, timeout=timeout,
                            cwd=cwd)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError(f"{cmd[:4]}… failed: {result.stderr.strip()[-300:]}")
    return elapsed, result.stdout


def python_peak(code: str, timeout: float | None = None) -> tuple[float, float]:
    """(wall seconds, peak MB) of `code` run in a fresh interpreter."""
    script = PEAK + code + "\nprint(_peak_kb())\n"
    elapsed, out = timed([sys.executable, "-c", script], timeout)
    return elapsed, int(out.split()[-1]) / 1024


def median(values) -> float:
    return statistics.median(values)


def bench_startup(runs: int) -> float:
    return median(timed([sys.executable, "-m", "bannergen", "--help"])[0] for _ in range(runs))


def bench_pdf(runs: int, work: Path) -> dict:
    sys.path.insert(0, str(SRC))
    from bannergen.inputs.catalog import load_catalog
    from bannergen.inputs.job import Job
    from bannergen.inputs.templates import load_templates
    from bannergen.layout.compose import compose
    from bannergen.output.pdf import render_pdf
    from bannergen.resources import default_catalog

    slogan = load_catalog(default_catalog()).find(SLOGAN)
    template = load_templates().get("bang-ron")
    job = Job(text=slogan.text, template=template, size=template.default_size,
              slogan_id=slogan.id, slug=slogan.slug)
    render_pdf(compose(job))  # warm: fonts parsed, modules imported
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        pdf = render_pdf(compose(job))
        times.append(time.perf_counter() - start)
    out = work / "b.pdf"
    cli = median(timed([sys.executable, "-m", "bannergen", "render", str(SLOGAN), "-o", str(out)])[0]
                 for _ in range(runs))
    marks = work / "m.pdf"
    timed([sys.executable, "-m", "bannergen", "render", str(SLOGAN), "--marks", "--cmyk",
           "--outline-text", "-o", str(marks)])
    return {"in_process": median(times), "cli": cli, "size": len(pdf),
            "size_print": marks.stat().st_size}


def bench_png(size: str, dpi: int, runs: int, work: Path) -> dict:
    out = work / f"b-{size}-{dpi}.png"
    code = (f"from bannergen.cli import main\ntry:\n    main(['render', '{SLOGAN}', '--size', "
            f"'{size}', '--dpi', '{dpi}', '-o', {str(out)!r}])\nexcept SystemExit:\n    pass\n")
    samples = [python_peak(code) for _ in range(runs)]
    from PIL import Image
    Image.MAX_IMAGE_PIXELS = None  # our own output, read for its size only
    with Image.open(out) as image:
        pixels = image.size
    return {"time": median(s[0] for s in samples), "peak": max(s[1] for s in samples),
            "size": out.stat().st_size, "pixels": pixels}


def bench_naive(size: str, dpi: int, runs: int, work: Path) -> dict:
    """Pillow draws the whole banner as one RGB image (text fitted to 80 % of the width)."""
    w_cm, h_cm = (float(v) for v in size.rstrip("cm").split("x"))
    w, h = round(w_cm / 2.54 * dpi), round(h_cm / 2.54 * dpi)
    out = work / f"naive-{size}-{dpi}.png"
    code = textwrap.dedent(f"""
        from PIL import Image, ImageDraw, ImageFont
        image = Image.new("RGB", ({w}, {h}), "{RED}")
        font = ImageFont.truetype({str(FONT)!r}, {h} // 4)
        draw = ImageDraw.Draw(image)
        text = {TEXT!r}
        scale = 0.8 * {w} / draw.textlength(text, font=font)
        font = ImageFont.truetype({str(FONT)!r}, int({h} // 4 * min(scale, 2.5)))
        draw.text(({w} // 2, {h} // 2), text, font=font, fill="{YELLOW}", anchor="mm")
        image.info["dpi"] = ({dpi}, {dpi})
        image.save({str(out)!r}, dpi=({dpi}, {dpi}))
    """)
    samples = [python_peak(code) for _ in range(runs)]
    return {"time": median(s[0] for s in samples), "peak": max(s[1] for s in samples),
            "size": out.stat().st_size}


def bench_imagemagick(size: str, dpi: int, timeout: float, work: Path) -> str:
    convert = shutil.which("convert")
    if not convert:
        return "not installed"
    w_cm, h_cm = (float(v) for v in size.rstrip("cm").split("x"))
    w, h = round(w_cm / 2.54 * dpi), round(h_cm / 2.54 * dpi)
    out = work / f"im-{size}-{dpi}.png"
    cmd = [convert, "-size", f"{w}x{h}", "-background", RED, "-fill", "yellow", "-font",
           str(FONT), "-gravity", "center", f"caption:{TEXT}", str(out)]
    start = time.perf_counter()
    try:
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"timed out after {timeout:.0f} s"
    elapsed = time.perf_counter() - start
    if result.returncode:
        reason = "refused (policy: width/height limit)" if "limit" in result.stderr.lower() \
            or "exceeds" in result.stderr.lower() else "failed"
        where = result.stderr.strip().splitlines()[0].rsplit("@", 1)[-1].strip()
        return f"{reason} after {elapsed:.1f} s ({where})"
    return f"{elapsed:.1f} s, {out.stat().st_size / 1e6:.1f} MB"


# A 60-word slogan for the layout benchmark (bench_layout): long, many clauses, names, numbers.
LONG_TEXT = ("Toàn Đảng, toàn dân và toàn quân đoàn kết, phát huy truyền thống cách mạng, "
             "quyết tâm thực hiện thắng lợi Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của "
             "Đảng, xây dựng và bảo vệ Tổ quốc Việt Nam xã hội chủ nghĩa, vì mục tiêu dân giàu, "
             "nước mạnh, dân chủ, công bằng, văn minh!")


def bench_layout(runs: int) -> list[tuple[str, str]]:
    """Typesetting alone, in-process: compose() (lexicon, line breaking, fitting, glyph runs) for
    a 60-word text on the vertical banner, and the slowest seed slogan on any template. Timed in
    the process's CPU time, which a busy machine inflates less than wall time."""
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
        return median(samples)

    templates = load_templates()
    vertical = templates.get("bang-ron-doc")
    words = len(LONG_TEXT.split())
    long_time = timed_compose(Job(text=LONG_TEXT, template=vertical, size=vertical.default_size))
    catalog = load_catalog(default_catalog())
    worst, where = 0.0, ""
    for slogan in catalog.slogans:
        for template in templates.templates:
            elapsed = timed_compose(Job.for_slogan(slogan, template, office=catalog.office))
            if elapsed > worst:
                worst, where = elapsed, f"slogan {slogan.id} on {template.name}"
    count = len(catalog.slogans) * len(templates.templates)
    return [(f"Layout: {words}-word text on bang-ron-doc 80x240 cm, in-process (compose)",
             f"{long_time * 1000:.1f} ms"),
            (f"Layout: slowest of the {count} seed slogan × template compositions",
             f"{worst * 1000:.1f} ms ({where})")]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(l.split(":", 1)[1].strip() for l in info if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return (f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--im-timeout", type=float, default=120, help="ImageMagick timeout, s")
    parser.add_argument("--quick", action="store_true", help="100 DPI only, no ImageMagick")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmark.md")
    args = parser.parse_args()
    runs = max(1, args.runs)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        rows.append(("`bannergen --help` (process)", f"{bench_startup(runs):.2f} s"))
        rows.extend(bench_layout(runs))
        pdf = bench_pdf(runs, work)
        rows.append(("PDF 500x80 cm, in-process (compose + paint)", f"{pdf['in_process'] * 1000:.0f} ms"))
        rows.append(("PDF 500x80 cm, whole CLI process", f"{pdf['cli']:.2f} s"))
        rows.append(("PDF size (default: 20 mm bleed)", f"{pdf['size'] / 1024:.0f} KB"))
        rows.append(("PDF size with --marks --cmyk --outline-text", f"{pdf['size_print'] / 1024:.0f} KB"))
        dpis = (100,) if args.quick else (100, 150)
        for size in ("500x80cm", "600x80cm"):
            for dpi in dpis:
                png = bench_png(size, dpi, runs, work)
                naive = bench_naive(size, dpi, runs, work)
                w, h = png["pixels"]
                rows.append((f"PNG {size} @ {dpi} DPI ({w:,} × {h:,} px), bannergen",
                             f"{png['time']:.1f} s, peak {png['peak']:.0f} MB, "
                             f"{png['size'] / 1e6:.2f} MB"))
                rows.append((f"PNG {size} @ {dpi} DPI, naive Pillow full bitmap",
                             f"{naive['time']:.1f} s, peak {naive['peak']:.0f} MB, "
                             f"{naive['size'] / 1e6:.2f} MB (bannergen: "
                             f"{png['time'] / naive['time']:.2f}× the time)"))
        if not args.quick:
            for size, dpi in (("500x80cm", 100), ("500x80cm", 50)):
                rows.append((f"ImageMagick `convert caption:` {size} @ {dpi} DPI",
                             bench_imagemagick(size, dpi, args.im_timeout, work)))
    today = dt.date.today().isoformat()
    lines = ["# bannergen benchmark", "",
             f"Measured {today} on {machine()}; median of {runs} run(s); "
             "peak memory is the child process's own VmHWM. Regenerate with "
             "`python bench/bench.py`.", "",
             "| Measurement | Result |", "|---|---|"]
    lines += [f"| {name} | {value} |" for name, value in rows]
    table = "\n".join(lines) + "\n"
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")


if __name__ == "__main__":
    main()
