"""An order → many files, rendered in parallel processes, with a manifest and up-to-date checks."""

from __future__ import annotations

import csv
import datetime as dt
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
from bannergen.inputs.order import Order, OrderItem
from bannergen.inputs.printing import PrintOptions
from bannergen.output.atomic import stale_temporaries
from bannergen.output.pdf import PdfOptions
from bannergen.workflow.render import Output, default_name, render_job, write_atomic

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
CSV_COLUMNS = ("file", "print_master", "quantity", "slogan_id", "slug", "text", "template",
               "size", "width_mm", "height_mm", "bleed_mm", "hem_mm", "grommets",
               "grommet_spacing_mm", "format", "dpi", "colour", "pdfx", "material", "finishing",
               "note", "sha256", "order_title", "order_date", "organization", "contact", "due")
#: The order's own facts, in the manifest's head and on every CSV row (a spreadsheet has no head).
ORDER_FACTS = ("order_title", "order_date", "organization", "contact", "due")
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
    # The file the shop prints from (quantity counted), or a preview of it (quantity 0).
    print_master: bool = True
    # What the shop needs beside the file: the line's note, material and finishing, and the
    # grommets of the template's hem (count and the largest gap between two, in mm).
    note: str | None = None
    material: str | None = None
    finishing: str | None = None
    grommets: int = 0
    grommet_spacing_mm: float | None = None

    @property
    def colour(self) -> str:
        return "CMYK" if self.output.pdf.process_cmyk else "RGB"

    @property
    def pdfx(self) -> str | None:
        from bannergen.output.pdfx import LEVELS

        level = self.output.pdf.pdfx
        return (LEVELS[level].conformance or LEVELS[level].version) if level else None


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


def plan(order: Order, office: str | None = None, today: dt.date | None = None) -> list[Task]:
    """Every file the order asks for, once each.

    Each product (one slogan of one order line) has one print master, the file the shop prints
    from (see print_master). It carries the line's quantity; the
    other formats are previews, counted zero. The same file asked twice adds up quantities; two
    lines asking different files under one name (other print options) get distinct names.
    """
    date = order.date or today
    tasks: dict[str, Task] = {}
    for item, slogan in order.products():
        job = order.job(item, slogan, office)
        printing = order.print_for(item)
        options = pdf_options(printing, item, date)
        master = print_master(item.formats)
        count, spacing = grommets(job)
        for fmt in item.formats:
            dpi = None if fmt == "pdf" else float(item.dpi or item.template.dpi)
            output = Output(fmt=fmt, dpi=dpi, pdf=for_format(options, fmt),
                            raster_bleed=bool(printing.raster_bleed) and fmt != "pdf")
            task = Task(job=job, output=output, name=file_name(job, output, item),
                        quantity=item.quantity if fmt == master else 0,
                        fingerprint=fingerprint(job, output),
                        source=(str(order.path) if order.path else None, item.line),
                        print_master=fmt == master, note=item.note, material=item.material,
                        finishing=item.finishing, grommets=count, grommet_spacing_mm=spacing)
            same = tasks.get(task.name)
            if same is not None and same.fingerprint != task.fingerprint:
                stem, ext = task.name.rsplit(".", 1)
                task = replace(task, name=f"{stem}_{task.fingerprint[:6]}.{ext}")
                same = tasks.get(task.name)
            tasks[task.name] = _merged(same, task) if same is not None else task
    planned = list(tasks.values())
    if order.quantity_in_name:
        # After adding up: the name carries the quantity the shop prints of that file.
        planned = [replace(t, name=_with_quantity(t.name, t.quantity)) if t.print_master else t
                   for t in planned]
    return planned


def print_master(formats: tuple[str, ...]) -> str:
    """The format the shop prints from: the vector PDF, else a TIFF (CMYK when asked, the
    profile embedded), else the first format listed; the others are previews."""
    for fmt in ("pdf", "tiff"):
        if fmt in formats:
            return fmt
    return formats[0]


def _merged(first: Task, second: Task) -> Task:
    """One file asked by two lines: quantities add up, a master stays a master, notes join."""
    notes = [n for n in dict.fromkeys((first.note, second.note)) if n]
    return replace(first, quantity=first.quantity + second.quantity,
                   print_master=first.print_master or second.print_master,
                   note="; ".join(notes) or None,
                   material=first.material or second.material,
                   finishing=first.finishing or second.finishing)


def _with_quantity(name: str, quantity: int) -> str:
    stem, ext = name.rsplit(".", 1)
    return f"{stem}_SL{quantity:02d}.{ext}"


def pdf_options(printing: PrintOptions, item: OrderItem, date: dt.date | None) -> PdfOptions:
    """The painter's options for an order line's print options (as `render` builds them from
    its command line), with the output condition the line, the order or the template names."""
    from bannergen.output.colour import condition_for

    return PdfOptions(cmyk=bool(printing.cmyk), outline_text=bool(printing.outline_text),
                      marks=bool(printing.marks), grommet_marks=bool(printing.grommet_marks),
                      scale=printing.scale or 1, pdfx=printing.pdfx,
                      date=date.isoformat() if date else None,
                      condition=condition_for(printing.output_condition
                                              or item.template.output_condition))


def for_format(options: PdfOptions, fmt: str) -> PdfOptions:
    """An order's print options as they apply to one format: PDF/X to PDF files only, CMYK to
    PDF and TIFF (PNG and JPEG are RGB by definition)."""
    return replace(options, cmyk=options.process_cmyk and fmt in ("pdf", "tiff"),
                   pdfx=options.pdfx if fmt == "pdf" else None)


def file_name(job: Job, output: Output, item: OrderItem) -> str:
    """What the file is: slogan, template, size, scale; a raster's DPI when not the template's;
    `_cmyk` or `_pdfx4`/`_pdfx1a` when the shop asked for them."""
    fmt, options = output.fmt, output.pdf
    name = default_name(job, fmt, options.scale)
    stem, ext = name.rsplit(".", 1)
    if fmt != "pdf" and output.dpi != item.template.dpi:
        stem += f"_{output.dpi:g}dpi"
    if options.pdfx:
        stem += f"_pdfx{options.pdfx}"
    elif options.cmyk:
        stem += "_cmyk"
    return f"{stem}.{ext}"


def grommets(job: Job) -> tuple[int, float | None]:
    """How many grommets the finished product has, and the largest gap between two (mm)."""
    from bannergen.inputs.units import PT_PER_MM
    from bannergen.layout.compose import grommet_positions
    from bannergen.scene import Box

    points = grommet_positions(job.template, Box(0.0, 0.0, job.size.width_pt, job.size.height_pt))
    if len(points) < 2:
        return len(points), None
    ring = [*points, points[0]]
    gap = max(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a, b in zip(ring, ring[1:]))
    return len(points), round(gap / PT_PER_MM)


def order_facts(order: Order, today: dt.date | None = None, office: str | None = None) -> dict:
    """The order's facts the shop needs: title, date, organisation, contact, due date."""
    date = order.date or today
    return {"order_title": order.title, "order_date": date.isoformat() if date else None,
            "organization": order.organization or office, "contact": order.contact,
            "due": order.due.isoformat() if order.due else None}


def logo_warnings(tasks: list[Task]) -> list[tuple[str, dict]]:
    """A logo too coarse for its print size, once per template and size (workflow.render)."""
    from bannergen.workflow.render import warnings

    found: dict[tuple, tuple[str, dict]] = {}
    for task in tasks:
        job = task.job
        key = (job.template.name, job.size.label, job.logo.sha256 if job.logo else None)
        if job.logo is not None and key not in found:
            for warning in warnings(job):
                found[key] = warning
    return list(found.values())


def shop_documents(order: Order, catalogue, today: dt.date, settings=None,
                   office: str | None = None) -> Callable[[Report], dict[str, bytes]]:
    """What goes to the shop beside the files (see run): the job ticket, from the files as
    rendered (their SHA-256), and the approval sheet the office signed."""
    def make(report: Report) -> dict[str, bytes]:
        from bannergen.workflow.proof import build_proof
        from bannergen.workflow.ticket import PROOF_NAME, TICKET_NAME, build_ticket

        good = [r for r in report.results if r.status != "failed"]
        masters = [manifest_entry(r) for r in good if r.task.print_master]
        previews = [r.task.name for r in good if not r.task.print_master]
        return {TICKET_NAME: build_ticket(masters, order_facts(order, today, office), previews),
                PROOF_NAME: build_proof(order, catalogue, today, settings)}
    return make


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
        "marks": output.pdf.marks, "grommet_marks": output.pdf.grommet_marks,
        "scale": output.pdf.scale, "pdfx": output.pdf.pdfx, "raster_bleed": output.raster_bleed,
        # The date is printed in the slug and written in PDF/X metadata: only then a byte.
        "date": output.pdf.date if output.pdf.marks or output.pdf.pdfx else None,
        "condition": _condition_hash(output.pdf),
        "fonts": _fonts_hash(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _condition_hash(options: PdfOptions) -> str | None:
    """The output condition matters where it is embedded or converted with: PDF/X, CMYK."""
    if not (options.pdfx or options.cmyk):
        return None
    condition = options.output_condition
    return f"{condition.identifier}|{condition.info}|{_file_hash(condition.profile)}"


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
        zip_name: str | None = None, meta: dict | None = None,
        documents: Callable[[Report], dict[str, bytes]] | None = None) -> Report:
    """Render `tasks` into `directory`; skip the files that are up to date unless `force`.

    Every file and the manifest are written atomically. The manifest lists the files that exist
    and are good after the run; failures are listed apart and do not stop the other items.
    With `zip_name`, `documents(report)` makes the sheets that go with the files (the job
    ticket, the signed proof): written beside them and packed in the zip.
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
        extra = documents(report) if documents else {}
        for name, data in extra.items():
            write_atomic(directory / name, data)
        report.archive = write_zip(directory, report, zip_name, tuple(extra))
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
        "file": task.name, "print_master": task.print_master,
        # A preview's quantity is not counted: the column sums to the pieces the shop prints.
        "quantity": task.quantity if task.print_master else None,
        "slogan_id": job.slogan_id, "slug": job.slug, "text": job.text,
        "template": job.template.name, "size": job.size.label,
        "width_mm": round(job.size.width_mm, 2), "height_mm": round(job.size.height_mm, 2),
        "bleed_mm": job.bleed, "hem_mm": job.template.hem_mm,
        "grommets": task.grommets, "grommet_spacing_mm": task.grommet_spacing_mm,
        "format": task.output.fmt, "dpi": task.output.dpi, "colour": task.colour,
        "pdfx": task.pdfx, "scale": f"1:{task.output.pdf.scale}",
        "material": task.material, "finishing": task.finishing, "note": task.note,
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
    facts = {key: meta.get(key) for key in ORDER_FACTS}
    for entry in files:
        row = {**entry, **facts}
        writer.writerow({k: _csv_value(row.get(k)) for k in CSV_COLUMNS})
    # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
    write_atomic(directory / MANIFEST_CSV, ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


def _csv_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""  # a tick a spreadsheet filter can use
    return value


def write_zip(directory: Path, report: Report, name: str, documents: tuple[str, ...] = ()) -> Path:
    """One zip for the print shop: the documents (job ticket, proof), the files and both
    manifests, sorted, with fixed dates."""
    names = [*documents, *sorted(r.task.name for r in report.results if r.status != "failed")]
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
