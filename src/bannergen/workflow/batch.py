"""An order → many files, rendered in parallel processes, with a manifest and up-to-date checks."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from bannergen import __version__
from bannergen.errors import BannergenError, UserError
from bannergen.inputs.job import Job
from bannergen.inputs.order import Order
from bannergen.output.atomic import stale_temporaries
from bannergen.workflow.render import Output, default_name, render_job, write_atomic

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
CSV_COLUMNS = ("file", "slogan_id", "slug", "text", "template", "size", "width_mm", "height_mm",
               "format", "dpi", "quantity", "sha256")
# Zip entries carry this date so that the same outputs always give the same zip bytes.
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Task:
    """One file to write: a job, its output options, its file name and the fingerprint of its inputs."""

    job: Job
    output: Output
    name: str
    quantity: int
    fingerprint: str
    source: tuple[str | None, int] = (None, 0)  # the order file and line that asked for it


@dataclass
class Result:
    task: Task
    status: str  # "rendered", "skipped" or "failed"
    sha256: str | None = None
    error: BannergenError | None = None


@dataclass
class Report:
    """What a batch run did, in plan order."""

    results: list[Result] = field(default_factory=list)
    manifest: Path | None = None
    archive: Path | None = None

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def failed(self) -> list[Result]:
        return [r for r in self.results if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        if not self.failed:
            return 0
        # Bad input (a text that cannot fit a size) is exit 2, as for `render`; anything else 1.
        return 2 if all(r.error is not None and r.error.exit_code == 2 for r in self.failed) else 1


def plan(order: Order, office: str | None = None) -> list[Task]:
    """Every file the order asks for, once each: the same file asked twice adds up quantities."""
    tasks: dict[str, Task] = {}
    for item, slogan in order.products():
        job = order.job(item, slogan, office)
        for fmt in item.formats:
            dpi = None if fmt == "pdf" else float(item.dpi or item.template.dpi)
            output = Output(fmt=fmt, dpi=dpi)
            name = default_name(job, fmt)
            if fmt != "pdf" and dpi != item.template.dpi:
                name = name.rsplit(".", 1)[0] + f"_{dpi:g}dpi.{fmt}"
            task = Task(job=job, output=output, name=name, quantity=item.quantity,
                        fingerprint=fingerprint(job, output),
                        source=(str(order.path) if order.path else None, item.line))
            if name in tasks:
                tasks[name] = replace(tasks[name], quantity=tasks[name].quantity + item.quantity)
            else:
                tasks[name] = task
    return list(tasks.values())


def fingerprint(job: Job, output: Output) -> str:
    """A hash of everything the file's bytes depend on: text, template file, size, format, DPI,
    fonts, and bannergen's version (a new layout engine re-renders everything)."""
    template = job.template
    data = {
        "version": __version__,
        "text": job.text, "keep": list(job.keep), "lines": list(job.lines),
        "office": job.office, "occasion": job.occasion, "draft": job.draft,
        "logo": hashlib.sha256(job.logo.data).hexdigest() if job.logo else None,
        "slogan": job.slogan_id, "slug": job.slug,
        "template": template.name, "template_file": _file_hash(template.path),
        "size": [round(job.size.width_mm, 4), round(job.size.height_mm, 4), job.size.label],
        "bleed": job.bleed_mm, "format": output.fmt, "dpi": output.dpi,
        "cmyk": output.pdf.cmyk, "outline": output.pdf.outline_text,
        "fonts": _fonts_hash(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _file_hash(path: Path) -> str:
    return _hash_cached(Path(path), Path(path).stat().st_mtime_ns)


@cache
def _hash_cached(path: Path, mtime: int) -> str:
    return sha256_file(path)


@cache
def _fonts_hash() -> str:
    from bannergen.layout.fonts import bundled_fonts

    digest = hashlib.sha256()
    for path in bundled_fonts():
        digest.update(path.name.encode() + b"\0" + sha256_file(path).encode())
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _render_task(task: Task, directory: Path) -> tuple:
    """Worker: render one file. Errors come back as data (exceptions with keyword-only
    constructors do not survive pickling between processes)."""
    try:
        path = render_job(task.job, task.output, directory / task.name)
        return ("ok", sha256_file(path))
    except BannergenError as exc:
        return ("error", type(exc).__name__, exc.key, exc.file, exc.line, exc.field, exc.value,
                exc.params)
    except Exception as exc:  # one broken item must not lose the others
        return ("error", "BannergenError", "item_failed", None, None, None, None,
                {"reason": f"{type(exc).__name__}: {exc}"})


def _error_from(data: tuple) -> BannergenError:
    _, kind, key, file, line, fieldname, value, params = data
    cls = UserError if kind in ("UserError", "ErrorList") else BannergenError
    return cls(key, file=file, line=line, field=fieldname, value=value, **params)


def run(tasks: list[Task], directory: Path, *, jobs: int | None = None, force: bool = False,
        progress: Callable[[Result, int, int], None] | None = None,
        zip_name: str | None = None, meta: dict | None = None) -> Report:
    """Render `tasks` into `directory`; skip the files that are up to date unless `force`.

    Every file and the manifest are written atomically. The manifest lists the files that exist
    and are good after the run; failures are listed apart and do not stop the other items.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed

    directory.mkdir(parents=True, exist_ok=True)
    previous = _read_manifest(directory)
    results: dict[str, Result] = {}
    todo: list[Task] = []
    total = len(tasks)
    done = 0
    for task in tasks:
        _remove_stale_temporaries(directory, task.name)
        old = previous.get(task.name)
        target = directory / task.name
        if (not force and old and old.get("fingerprint") == task.fingerprint and target.is_file()
                and sha256_file(target) == old.get("sha256")):
            results[task.name] = Result(task, "skipped", sha256=old["sha256"])
            done += 1
            if progress:
                progress(results[task.name], done, total)
        else:
            todo.append(task)

    def finish(task: Task, data: tuple) -> None:
        nonlocal done
        if data[0] == "ok":
            results[task.name] = Result(task, "rendered", sha256=data[1])
        else:
            error = _error_from(data)
            if error.file is None and task.source[0]:
                # Point at the order line that asked for this file.
                error.file, error.line = task.source
            results[task.name] = Result(task, "failed", error=error)
        done += 1
        if progress:
            progress(results[task.name], done, total)

    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    if workers == 1:
        for task in todo:
            finish(task, _render_task(task, directory))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {pool.submit(_render_task, task, directory): task for task in todo}
            for future in as_completed(futures):
                finish(futures[future], future.result())
    report = Report(results=[results[t.name] for t in tasks])
    report.manifest = write_manifest(directory, report, meta or {})
    if zip_name:
        report.archive = write_zip(directory, report, zip_name)
    return report


def _remove_stale_temporaries(directory: Path, name: str) -> None:
    """An interrupted run leaves its temporary files (never a truncated final file): tidy them."""
    for stale in stale_temporaries(directory, name):
        try:
            stale.unlink()
        except OSError:
            pass


def _read_manifest(directory: Path) -> dict[str, dict]:
    try:
        data = json.loads((directory / MANIFEST_JSON).read_text(encoding="utf-8"))
        return {entry["file"]: entry for entry in data.get("files", [])
                if isinstance(entry, dict) and "file" in entry}
    except (OSError, ValueError, AttributeError, TypeError):
        return {}


def manifest_entry(result: Result) -> dict:
    task = result.task
    job = task.job
    return {
        "file": task.name, "slogan_id": job.slogan_id, "slug": job.slug, "text": job.text,
        "template": job.template.name, "size": job.size.label,
        "width_mm": round(job.size.width_mm, 2), "height_mm": round(job.size.height_mm, 2),
        "format": task.output.fmt, "dpi": task.output.dpi, "quantity": task.quantity,
        "sha256": result.sha256, "fingerprint": task.fingerprint,
    }


def write_manifest(directory: Path, report: Report, meta: dict) -> Path:
    """manifest.json (everything) and manifest.csv (one row per file, for a spreadsheet)."""
    files = [manifest_entry(r) for r in report.results if r.status != "failed"]
    failed = [{"file": r.task.name, "slogan_id": r.task.job.slogan_id,
               "template": r.task.job.template.name, "size": r.task.job.size.label,
               "format": r.task.output.fmt, "error": r.error.render("en") if r.error else ""}
              for r in report.failed]
    data = {"generator": f"bannergen {__version__}", **meta, "files": files, "failed": failed}
    path = directory / MANIFEST_JSON
    write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    for entry in files:
        writer.writerow({k: ("" if entry[k] is None else entry[k]) for k in CSV_COLUMNS})
    # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
    write_atomic(directory / MANIFEST_CSV, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


def write_zip(directory: Path, report: Report, name: str) -> Path:
    """One zip for the print shop: the files and both manifests, sorted, with fixed dates."""
    names = sorted(r.task.name for r in report.results if r.status != "failed")
    names += [MANIFEST_JSON, MANIFEST_CSV]
    path = directory / name
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in names:
            info = zipfile.ZipInfo(entry, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, (directory / entry).read_bytes())
    write_atomic(path, buffer.getvalue())
    return path
