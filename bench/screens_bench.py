"""File sizes of screen images: a 1920×400 px website header as WebP and PNG (issue 11's budget
for the web: under 250 KB as WebP, under 400 KB as PNG).

Every slogan of the seed catalogue is rendered on the screen template at 1920x400px, as
`bannergen render N --size dau-trang-web -f webp|png` writes it; the largest file of each format
is reported (the budget holds for every slogan, not for an average one). `bench/bench.py` adds
these rows to docs/benchmark.md; run alone, `python bench/screens_bench.py` prints them and
updates those rows of docs/benchmark.md in place.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = "1920x400px"
#: format → the most bytes a 1920×400 header may take (issue 11).
BUDGET = {"webp": 250_000, "png": 400_000}


def web_header_sizes(work: Path) -> dict[str, tuple[int, int, int]]:
    """format → (largest file in bytes, the slogan that made it, median bytes over all)."""
    sys.path.insert(0, str(ROOT / "src"))
    from bannergen.inputs.catalog import load_catalog
    from bannergen.inputs.job import Job
    from bannergen.inputs.templates import load_templates
    from bannergen.inputs.units import parse_size
    from bannergen.resources import default_catalog
    from bannergen.workflow.render import Output, render_job

    catalogue = load_catalog(default_catalog())
    screen = load_templates().get("man-hinh")
    size = parse_size(SIZE)
    out = {}
    for fmt in BUDGET:
        found = []
        for slogan in catalogue.slogans:
            job = Job.for_slogan(slogan, screen, size, office=catalogue.office)
            path = render_job(job, Output(fmt=fmt), work / f"{slogan.id}.{fmt}")
            found.append((path.stat().st_size, slogan.id))
        found.sort()
        out[fmt] = (*found[-1], found[len(found) // 2][0])
    return out


def rows(work: Path) -> list[tuple[str, str, str, str]]:
    """(measure, result, target, verdict) for each format."""
    rows = []
    for fmt, (largest, slogan, median) in web_header_sizes(work).items():
        budget = BUDGET[fmt]
        measure = f"{fmt.upper()} {SIZE} (dau-trang-web, man-hinh), largest of the seed slogans"
        result = f"{largest / 1000:.0f} KB (slogan {slogan}; median {median / 1000:.0f} KB)"
        rows.append((measure, result, f"< {budget // 1000} KB",
                     "met" if largest < budget else "NOT met"))
    return rows


def update_table(path: Path, found: list[tuple[str, str, str, str]]) -> None:
    """Put the rows into the markdown table of `path`: a row of the same measure is replaced,
    a new one appended after the table's last row."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for measure, result, target, verdict in found:
        row = f"| {measure} | {result} (target {target}: {verdict}) |"
        same = [i for i, line in enumerate(lines) if line.startswith(f"| {measure} |")]
        if same:
            lines[same[0]] = row
        else:
            last = max(i for i, line in enumerate(lines) if line.startswith("|"))
            lines.insert(last + 1, row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bannergen-screens-") as tmp:
        found = rows(Path(tmp))
    for row in found:
        print(" | ".join(row))
    update_table(ROOT / "docs" / "benchmark.md", found)


if __name__ == "__main__":
    main()
