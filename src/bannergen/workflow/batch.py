"""An order → many files, rendered in parallel processes, with a manifest and up-to-date checks.

One run at a time writes into a folder (workflow/lock.py). Each finished file is appended to a
journal as it comes; the manifest is rewritten from it at the end, or when the run is stopped,
or by the next run after a crash, so that the next run skips everything already done and every
file the manifest lists matches its SHA-256. Ctrl-C and SIGTERM stop every worker at once.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import hashlib
import io
import json
import os
import signal
import sys
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bannergen import __version__
from bannergen.atomic import process_alive, temporary_owner, write_atomic
from bannergen.errors import (
    BannergenError,
    ErrorList,
    Interrupted,
    UserError,
    acknowledge_interrupted,
    check_interrupted,
)
from bannergen.i18n import Msg, os_reason
from bannergen.inputs.job import Job
from bannergen.inputs.model import name_part
from bannergen.inputs.order import Order, OrderItem
from bannergen.inputs.printing import PrintOptions
from bannergen.output.pdf import PdfOptions
from bannergen.workflow.lock import FolderLock
from bannergen.workflow.render import (
    Output,
    check_print,
    default_name,
    output_dpi,
    render_job,
)

if TYPE_CHECKING:
    from bannergen.inputs.templates import Template
    from bannergen.inputs.units import Size

MANIFEST_JSON = "manifest.json"
MANIFEST_CSV = "manifest.csv"
JOURNAL = ".bannergen-journal.jsonl"
# A manifest of 100,000 files is about 50 MB; anything larger is not one of ours.
MAX_MANIFEST_BYTES = 200_000_000
# Memory one worker may need at its peak (a large raster, a decoded logo): --jobs is capped so
# that all of them fit in the memory the machine has available.
WORKER_MEMORY = 256 * 2**20
# Work up to this much is done in the main process: starting a pool of workers costs about
# as much as four small PDFs (a raster counts as four).
SMALL_ORDER = 4
CSV_COLUMNS = ("file", "print_master", "quantity", "kind", "slogan_id", "slug", "text", "template",
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
    # A slideshow line's one file: every slide's job (`job` is the first) and seconds per slide.
    slides: tuple[Job, ...] = ()
    seconds: float | None = None
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
    """What a batch run did, in plan order; `warnings` are (message key, parameters)."""

    results: list[Result] = field(default_factory=list)
    manifest: Path | None = None
    archive: Path | None = None
    workers: int = 1
    warnings: list[tuple[str, dict]] = field(default_factory=list)

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
    from (see print_master). It carries the line's quantity; the other formats are previews,
    counted zero. The same file asked twice adds up quantities; two
    lines that would make different files under one name (another occasion, other print
    options) are an error naming both lines, before any work. Two lines asking the same file on
    another material or with another finishing are two products: each keeps its own quantity,
    material, finishing and note, under a name that says its material (see _by_material).
    """
    date = order.date or today
    # One product per file name and material/finishing; `firsts` holds the first task of each
    # name, to tell the same file asked again from another file under the same name.
    tasks: dict[tuple[str, str | None, str | None], Task] = {}
    firsts: dict[str, Task] = {}
    problems: list[BannergenError] = []
    per_line: dict[int, tuple] = {}  # what a line's slogans share, worked out once per line
    for item, slogan in order.products():
        if item.slideshow is not None:
            continue  # one file for all the line's slides: slideshow_tasks
        shared = per_line.get(id(item))
        printing = shared[0] if shared else order.print_for(item)
        job = order.job(item, slogan, office, printing=printing)
        if shared is None:  # the line's template and size: the same for each of its slogans
            shared = per_line[id(item)] = (printing, pdf_options(printing, item, date),
                                           grommets(job.template, job.size))
        printing, options, (count, spacing) = shared
        if "pdf" in item.formats:
            try:  # what the PDF/X level forbids is found now: a typo costs nothing
                check_print(job, options, value=f"pdfx: {options.pdfx}")
            except UserError as exc:
                where = f"items[{order.items.index(item) + 1}].print.pdfx"
                problems.append(UserError(exc.key, file=order.path, line=item.line, field=where,
                                          value=exc.value, **exc.params))
        master = print_master(item.formats)
        for fmt in item.formats:
            natural = output_dpi(job, Output(fmt=fmt))  # the template's, or 96 for pixels
            dpi = None if fmt == "pdf" else float(item.dpi or natural)
            output = Output(fmt=fmt, dpi=dpi, pdf=for_format(options, fmt),
                            raster_bleed=bool(printing.raster_bleed) and fmt != "pdf")
            task = Task(job=job, output=output, name=file_name(job, output, natural),
                        quantity=item.quantity if fmt == master else 0,
                        fingerprint=fingerprint(job, output),
                        source=(str(order.path) if order.path else None, item.line),
                        print_master=fmt == master, note=item.note, material=item.material,
                        finishing=item.finishing, grommets=count, grommet_spacing_mm=spacing)
            first = firsts.setdefault(task.name, task)
            if first.fingerprint != task.fingerprint:
                # Same slogan, template and size, so the same file name, but not the same file
                # (another poster line's `occasion`, other print options). Adding the quantities
                # would print the first line's file for both; a second name would be a guess.
                key = "order_same_file" if first.job != job else "order_same_file_options"
                raise UserError(key, file=order.path, line=item.line, name=task.name,
                                first_line=first.source[1])
            # The same file on the same material and finishing adds up; on another, it is
            # another product (a red silk banner and a hiflex one are printed apart).
            product = (task.name, task.material, task.finishing)
            same = tasks.get(product)
            tasks[product] = task if same is None else _merged(same, task)
    for task in slideshow_tasks(order, office):
        key = (task.name, None, None)
        same = tasks.get(key)
        if same is None:
            tasks[key] = task
        elif same.fingerprint == task.fingerprint:
            tasks[key] = replace(same, quantity=same.quantity + task.quantity)
        else:  # the same slides and screen, shown for other seconds: say so, as above
            raise UserError("order_same_slideshow", file=order.path, line=task.source[1],
                            name=task.name, first_line=same.source[1])
    if problems:
        raise problems[0] if len(problems) == 1 else ErrorList(problems)
    planned = _by_material(list(tasks.values()))
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
    """One file asked by two lines on the same material and finishing (plan): quantities add
    up, a master stays a master, notes join."""
    notes = [n for n in dict.fromkeys((first.note, second.note)) if n]
    return replace(first, quantity=first.quantity + second.quantity,
                   print_master=first.print_master or second.print_master,
                   note="; ".join(notes) or None)


def _by_material(tasks: list[Task]) -> list[Task]:
    """One file name asked on several materials or finishings: a file per product, each named
    with its material and finishing (`..._vai-lua-do.pdf`, `..._bat-hiflex.pdf`), so that the
    manifest and the job ticket list every material with its own quantity. A product with
    neither keeps the plain name; a name asked on one material only is left as it is."""
    kinds = Counter(task.name for task in tasks)
    if all(count == 1 for count in kinds.values()):
        return tasks
    taken = set(kinds)
    renamed = []
    for task in tasks:
        if kinds[task.name] > 1 and (task.material or task.finishing):
            stem, ext = task.name.rsplit(".", 1)
            words = name_part(" ".join(p for p in (task.material, task.finishing) if p))
            base = f"{stem}_{words or 'san-pham'}"
            name, n = f"{base}.{ext}", 2
            while name in taken:  # two spellings of one material ("Bạt hiflex", "bạt Hiflex")
                name, n = f"{base}-{n}.{ext}", n + 1
            taken.add(name)
            task = replace(task, name=name)
        renamed.append(task)
    return renamed


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
    PDF and TIFF (PNG, JPEG and WebP are RGB by definition)."""
    from bannergen.inputs.formats import FORMATS

    holds_cmyk = fmt == "pdf" or FORMATS[fmt].cmyk
    return replace(options, cmyk=options.process_cmyk and holds_cmyk,
                   pdfx=options.pdfx if fmt == "pdf" else None)


def file_name(job: Job, output: Output, natural_dpi: float) -> str:
    """What the file is: slogan, template, size, scale; a raster's DPI when not its natural one
    (the template's, or 96 for a size in pixels); `_cmyk` or `_pdfx4`/`_pdfx1a` when the shop
    asked for them."""
    fmt, options = output.fmt, output.pdf
    name = default_name(job, fmt, options.scale)
    stem, ext = name.rsplit(".", 1)
    if fmt != "pdf" and output.dpi != natural_dpi:
        stem += f"_{output.dpi:g}dpi"
    if options.pdfx:
        stem += f"_pdfx{options.pdfx}"
    elif options.cmyk:
        stem += "_cmyk"
    return f"{stem}.{ext}"


def grommets(template: Template, size: Size) -> tuple[int, float | None]:
    """How many grommets the finished product has, and the largest gap between two (mm)."""
    from bannergen.inputs.units import PT_PER_MM
    from bannergen.layout.compose import grommet_positions
    from bannergen.scene import Box

    points = grommet_positions(template, Box(0.0, 0.0, size.width_pt, size.height_pt))
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


def slideshow_tasks(order: Order, office: str | None = None) -> list[Task]:
    """One file per format of each slideshow line: all its slides, in the line's order."""
    from bannergen.workflow.slideshow import slideshow_name

    tasks = []
    for item in order.items:
        if item.slideshow is None:
            continue
        slides = tuple(order.job(item, subject, office) for subject in item.subjects)
        seconds = item.slideshow.seconds
        for fmt in item.formats:
            output = Output(fmt=fmt)
            tasks.append(Task(job=slides[0], output=output, name=slideshow_name(slides, fmt),
                              quantity=item.quantity,
                              fingerprint=slideshow_fingerprint(slides, output, seconds),
                              source=(str(order.path) if order.path else None, item.line),
                              slides=slides, seconds=seconds))
    return tasks


def fingerprint(job: Job, output: Output) -> str:
    """A hash of everything the file's bytes depend on: text, template file, size, format, DPI,
    fonts, bannergen's version, and the source of the stages that draw (a new line breaker or
    word list re-renders everything, even before the version number moves)."""
    template = job.template
    data = {
        "version": __version__,
        "text": job.text, "keep": list(job.keep), "lines": list(job.lines),
        "office": job.office, "occasion": job.occasion, "draft": job.draft,
        "logo": job.logo.sha256 if job.logo else None,
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
        "code": _code_hash(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def slideshow_fingerprint(slides: tuple[Job, ...], output: Output, seconds: float) -> str:
    """Every slide's fingerprint (as the PNG it is made from), the seconds, the format, the
    slideshow writer's source and the encoder's version (x264 comes inside PyAV's wheel)."""
    from importlib.metadata import PackageNotFoundError, version

    from bannergen.inputs.units import PX_PER_IN
    from bannergen.workflow import slideshow

    try:
        encoder = version("av") if output.fmt == "mp4" else None
    except PackageNotFoundError:
        encoder = None
    data = {"slides": [fingerprint(job, Output(fmt="png", dpi=PX_PER_IN)) for job in slides],
            "seconds": seconds, "format": output.fmt, "encoder": encoder,
            "writer": _file_hash(Path(slideshow.__file__))}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def _condition_hash(options: PdfOptions) -> str | None:
    """The output condition matters where it is embedded or converted with: PDF/X, CMYK."""
    if not (options.pdfx or options.cmyk):
        return None
    condition = options.output_condition
    return f"{condition.identifier}|{condition.info}|{_file_hash(condition.profile)}"


def _file_hash(path: Path) -> str:
    # Asked once per planned file (the template's): a stat, and the hash only when it changed.
    return _hash_cached(os.fspath(path), os.stat(path).st_mtime_ns)


@cache
def _hash_cached(path: str, mtime: int) -> str:
    return sha256_file(Path(path))


@cache
def _fonts_hash() -> str:
    from bannergen.resources import bundled_fonts

    digest = hashlib.sha256()
    for path in bundled_fonts():
        digest.update(path.name.encode() + b"\0" + sha256_file(path).encode())
    return digest.hexdigest()


#: The packages whose source and data decide a file's bytes: layout (line breaking, word lists,
#: emblems) and output (prepress, the PDF painter, the raster encoders).
DRAWING_CODE = ("layout", "output")


@cache
def _code_hash() -> str:
    return source_digest([Path(__file__).resolve().parents[1] / name for name in DRAWING_CODE])


def source_digest(folders: list[Path]) -> str:
    """A digest of every file under `folders` (names and contents; caches and bytecode left out)."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()
                           and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")):
            digest.update(f"{folder.name}/{path.relative_to(folder).as_posix()}".encode() + b"\0")
            digest.update(sha256_file(path).encode())
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _render_task(task: Task, directory: Path) -> tuple:
    """Worker: render one file; its error comes back whole (BannergenError pickles its fields)."""
    try:
        if task.slides:
            from bannergen.workflow.slideshow import make_slideshow

            path = make_slideshow(task.slides, directory / task.name, task.seconds).path
        else:
            path = render_job(task.job, task.output, directory / task.name)
        return ("ok", sha256_file(path))
    except BannergenError as exc:
        return ("error", exc)
    except Exception as exc:  # one broken item must not lose the others
        return ("error", BannergenError("item_failed", reason=f"{type(exc).__name__}: {exc}"))


def run(tasks: list[Task], directory: Path, *, jobs: int | None = None, force: bool = False,
        progress: Callable[[Result, int, int], None] | None = None,
        zip_name: str | None = None, meta: dict | None = None, wait: bool = False,
        on_wait: Callable[[int | None], None] | None = None,
        documents: Callable[[Report], dict[str, bytes]] | None = None) -> Report:
    """Render `tasks` into `directory`; skip the files that are up to date unless `force`.

    Every file and the manifest are written atomically. The manifest lists the files that exist
    and are good after the run; failures are listed apart and do not stop the other items. While
    another run writes into `directory`, this one is refused (UserError) or, with `wait`, waits
    (`on_wait(pid)` is told once). On SIGINT/SIGTERM (Interrupted, or KeyboardInterrupt) every
    worker is stopped, the finished files are kept and listed, and Interrupted is raised again
    with their number. With `zip_name`, `documents(report)` makes the sheets that go with the
    files (the job ticket, the signed proof): written beside them and packed in the zip.
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError("output_not_writable", value=str(directory), reason=os_reason(exc)) from None
    with FolderLock(directory, wait=wait, on_wait=on_wait):
        return _run_locked(tasks, directory, jobs=jobs, force=force, progress=progress,
                           zip_name=zip_name, meta=meta or {}, documents=documents)


def _run_locked(tasks: list[Task], directory: Path, *, jobs: int | None, force: bool,
                progress: Callable[[Result, int, int], None] | None, zip_name: str | None,
                meta: dict, documents: Callable[[Report], dict[str, bytes]] | None = None
                ) -> Report:
    report = Report()
    names = _listing(directory)  # once per run: a re-run over thousands of files stays linear
    _tidy_dead_temporaries(directory, names)
    for name in (MANIFEST_JSON, MANIFEST_CSV):
        if name in names and (directory / name).is_dir():  # found now, not after the rendering
            raise UserError("output_not_writable", value=str(directory / name),
                            reason=Msg("reason_is_directory"))
    previous = _previous_entries(directory, names, report.warnings)
    planned = {task.name for task in tasks}
    results: dict[str, Result] = {}
    todo: list[Task] = []
    done = 0

    def finish(task: Task, result: Result) -> None:
        nonlocal done
        results[task.name] = result
        done += 1
        if progress:
            progress(result, done, len(tasks))

    for task in tasks:
        old = previous.get(task.name)
        if (not force and old and old.get("fingerprint") == task.fingerprint
                and task.name in names and _sha256_regular(directory / task.name) == old.get("sha256")):
            finish(task, Result(task, "skipped", sha256=old["sha256"]))
        else:
            todo.append(task)
    # Files of other orders rendered into this folder stay listed while they are still good.
    carried = [entry for name, entry in sorted(previous.items())
               if name not in planned and name in names
               and _sha256_regular(directory / name) == entry.get("sha256")]
    kept = [manifest_entry(r) for r in results.values()] + carried if todo else []
    if todo and len(kept) != len(previous):
        # Entries of files about to be rendered again are stale: drop them now, so that the
        # manifest never lists a file whose bytes a worker is replacing.
        write_manifest(directory, kept, [], meta)
    journal = _Journal(directory)
    report.workers = worker_count(jobs, todo)
    renders = _render_all(todo, directory, report.workers)
    try:
        for task, data in renders:
            result = _result(task, data)
            if result.status == "rendered":
                journal.add(manifest_entry(result))
            finish(task, result)
            check_interrupted()
    except (Interrupted, KeyboardInterrupt) as exc:
        with _signals_held():  # a second Ctrl-C must not cut the clean-up short
            acknowledge_interrupted()
            renders.close()  # stops the workers now
            signum = exc.signum if isinstance(exc, Interrupted) else int(signal.SIGINT)
            finished = [results[t.name] for t in tasks if t.name in results]
            manifest = _write_report(directory, finished, carried, meta)
            journal.close(remove=True)
            _tidy_dead_temporaries(directory, _listing(directory))  # what stopped workers left
        kept_files = sum(1 for r in finished if r.status != "failed")
        raise Interrupted(signum, kept=kept_files, manifest=manifest) from None
    except BaseException:
        renders.close()
        journal.close(remove=False)  # the next run folds in what finished
        raise
    report.results = [results[t.name] for t in tasks]
    report.manifest = _write_report(directory, report.results, carried, meta)
    journal.close(remove=True)
    if zip_name:
        extra = documents(report) if documents else {}
        for name, data in extra.items():
            write_atomic(directory / name, data)
        report.archive = write_zip(directory, report, zip_name, tuple(extra))
    return report


class _signals_held:
    """SIGINT and SIGTERM are ignored while the block runs (main thread only): the run is
    already stopping."""

    def __enter__(self) -> None:
        import threading

        self.saved = {}
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self.saved[signum] = signal.signal(signum, signal.SIG_IGN)

    def __exit__(self, *exc: object) -> None:
        for signum, handler in self.saved.items():
            signal.signal(signum, handler)


def _result(task: Task, data: tuple) -> Result:
    if data[0] == "ok":
        return Result(task, "rendered", sha256=data[1])
    error = data[1]
    if error.file is None and task.source[0]:
        # Point at the order line that asked for this file.
        error.file, error.line = task.source
    return Result(task, "failed", error=error)


def _write_report(directory: Path, results: list[Result], carried: list[dict],
                  meta: dict) -> Path:
    files = [manifest_entry(r) for r in results if r.status != "failed"] + carried
    failed = [failure_entry(r) for r in results if r.status == "failed"]
    return write_manifest(directory, files, failed, meta)


# ---------------------------------------------------------------------------------------------
# Workers: forked from a warm parent, stopped together with it.

def worker_count(jobs: int | None, todo: list[Task]) -> int:
    """How many processes render `todo`: what was asked (else one per CPU), but never more than
    the CPUs this process may use, the workers the available memory holds, or the files; one
    for a small order."""
    if sum(1 if task.output.fmt == "pdf" else 4 for task in todo) <= SMALL_ORDER:
        return 1
    cpus = usable_cpus()
    memory = available_memory()
    by_memory = max(1, memory // WORKER_MEMORY) if memory else cpus
    return max(1, min(jobs or cpus, cpus, by_memory, len(todo)))


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes of memory available to new processes (Linux's MemAvailable), or None if unknown."""
    try:
        with open("/proc/meminfo", "rb") as handle:
            for line in handle:
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


def _render_all(todo: list[Task], directory: Path, workers: int):
    """(task, outcome) for each task as it finishes: in this process, or in a pool of workers."""
    if workers == 1 or not todo:
        for task in todo:
            yield task, _render_task(task, directory)
        return
    import multiprocessing

    first = todo[0]
    if first.output.fmt == "pdf":
        # Rendering one file here loads the word list, the fonts and ReportLab once, before
        # forking: the workers inherit them instead of each loading its own.
        yield first, _render_task(first, directory)
        rest = todo[1:]
    else:
        _warm(first)
        rest = todo
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods and sys.platform != "darwin"
                                          else None)
    # The workers share the parent's loaded objects copy-on-write; frozen, the collector does
    # not touch (and so copy) them in every worker.
    gc.freeze()
    try:
        pool = context.Pool(min(workers, len(rest)), initializer=_worker_start,
                            initargs=(rest, directory, os.getpid()))
    except OSError:  # no process can be started (a process or memory limit): carry on alone
        pool = None
    finally:
        gc.unfreeze()
    if pool is None:
        for task in rest:
            yield task, _render_task(task, directory)
        return
    try:
        # Four files per round trip to a worker: one at a time, the parent's feeder and result
        # threads kept the workers waiting (200 PDFs: 7 % faster with --jobs 2, measured pair by
        # pair); few enough that the last chunks still balance across the workers.
        for index, outcome in pool.imap_unordered(_work, range(len(rest)), chunksize=4):
            yield rest[index], outcome
        pool.close()
    except BaseException:
        # Ctrl-C, SIGTERM, or the caller gone: end every worker now (SIGTERM, which they do
        # not catch), not after the queue drains.
        pool.terminate()
        raise
    finally:
        pool.join()


def _warm(task: Task) -> None:
    """Load what every job needs (word list, fonts, ReportLab, PDFium) before forking."""
    import PIL.Image  # noqa: F401
    import pypdfium2  # noqa: F401

    from bannergen.layout.compose import compose
    from bannergen.output.pdf import render_pdf

    try:
        render_pdf(compose(task.job), task.output.pdf)
    except Exception:  # noqa: BLE001 - only a warm-up: the worker reports it with the file's name
        pass


_WORK: tuple[list[Task], Path] | None = None


def _worker_start(tasks: list[Task], directory: Path, parent: int) -> None:
    """In each worker: the parent decides when to stop; SIGTERM (from Pool.terminate) ends the
    worker at once; and the worker ends with its parent, however the parent ends."""
    global _WORK
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:  # the parent was already gone when the worker started
        os._exit(1)
    _WORK = (tasks, directory)


def _die_with_parent() -> None:
    """Linux: the kernel sends SIGKILL to this process when its parent ends (prctl(2),
    PR_SET_PDEATHSIG), even if the parent was killed with no chance to stop its workers."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _work(index: int) -> tuple[int, tuple]:
    tasks, directory = _WORK
    return index, _render_task(tasks[index], directory)


# ---------------------------------------------------------------------------------------------
# The folder: listed once, temporaries of dead runs tidied, the manifest and the journal.

def _listing(directory: Path) -> set[str]:
    try:
        return set(os.listdir(directory))
    except OSError as exc:
        raise UserError("output_not_writable", value=str(directory), reason=os_reason(exc)) from None


def _tidy_dead_temporaries(directory: Path, names: set[str]) -> None:
    """An interrupted run leaves its temporary files (never a truncated final file). Tidy those
    of runs that have ended; a live process's temporaries (a `render` into the same folder, a
    batch still writing) are its own."""
    owners: dict[int, bool] = {}
    for name in names:
        pid = temporary_owner(name)
        if pid is None:
            continue
        if pid not in owners:
            owners[pid] = process_alive(pid)
        if not owners[pid]:
            try:
                os.unlink(directory / name)
            except OSError:
                pass


def _sha256_regular(path: Path) -> str | None:
    """The SHA-256 of a regular file, or None for anything else (missing, a folder, a pipe)."""
    from bannergen.inputs.files import is_regular

    if not is_regular(path):
        return None
    try:
        return sha256_file(path)
    except OSError:
        return None


def _previous_entries(directory: Path, names: set[str],
                      warnings: list[tuple[str, dict]]) -> dict[str, dict]:
    """The manifest of earlier runs, with the journal of a run that crashed folded in."""
    entries: dict[str, dict] = {}
    if MANIFEST_JSON in names:
        data = _read_special_safe(directory / MANIFEST_JSON, warnings)
        if data is not None:
            try:
                parsed = json.loads(data.decode("utf-8"))
                files = parsed.get("files", []) if isinstance(parsed, dict) else []
                entries = {entry["file"]: entry for entry in files
                           if isinstance(entry, dict) and isinstance(entry.get("file"), str)}
            except (ValueError, AttributeError, TypeError):
                warnings.append(("manifest_ignored", {"value": str(directory / MANIFEST_JSON),
                                                      "reason": Msg("reason_not_manifest")}))
    if JOURNAL in names:
        data = _read_special_safe(directory / JOURNAL, warnings) or b""
        for line in data.decode("utf-8", "replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # the line being written when the run was killed
            if isinstance(entry, dict) and isinstance(entry.get("file"), str):
                entries[entry["file"]] = entry
    return entries


def _read_special_safe(path: Path, warnings: list[tuple[str, dict]]) -> bytes | None:
    """A file of ours read back, or None with a warning when it is not a regular file (a pipe
    or a link to /dev/zero must neither hang nor exhaust the next run)."""
    from bannergen.inputs.files import read_regular

    try:
        return read_regular(path, MAX_MANIFEST_BYTES, own=True)
    except UserError as exc:
        reason = exc.params.get("reason") or Msg("reason_too_large")
        warnings.append(("manifest_ignored", {"value": str(path), "reason": reason}))
        return None


class _Journal:
    """Append-only: one JSON line per finished file, written as soon as it is finished."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / JOURNAL
        try:
            os.unlink(self.path)  # already folded into `previous`; a pipe or link is removed
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise UserError("output_not_writable", value=str(self.path),
                            reason=os_reason(exc)) from None
        self.fd: int | None = None

    def add(self, entry: dict) -> None:
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8", "replace")
        if self.fd is None:
            flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND
                     | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))
            try:
                self.fd = os.open(self.path, flags, 0o666)
            except OSError as exc:
                raise UserError("output_not_writable", value=str(self.path),
                                reason=os_reason(exc)) from None
        try:
            os.write(self.fd, line)
        except OSError as exc:  # the disk filled up: stop cleanly, the files so far are kept
            raise UserError("output_not_writable", value=str(self.path),
                            reason=os_reason(exc)) from None

    def close(self, *, remove: bool) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
        if remove:
            try:
                os.unlink(self.path)
            except OSError:
                pass


def manifest_entry(result: Result) -> dict:
    task = result.task
    job = task.job
    entry = {
        "file": task.name, "print_master": task.print_master,
        # A preview's quantity is not counted: the column sums to the pieces the shop prints.
        "quantity": task.quantity if task.print_master else None,
        **what_it_says(job), "template": job.template.name, "size": job.size.label,
        "width_mm": round(job.size.width_mm, 2), "height_mm": round(job.size.height_mm, 2),
        "bleed_mm": job.bleed, "hem_mm": job.template.hem_mm,
        "grommets": task.grommets, "grommet_spacing_mm": task.grommet_spacing_mm,
        "format": task.output.fmt, "dpi": task.output.dpi, "colour": task.colour,
        "pdfx": task.pdfx, "scale": f"1:{task.output.pdf.scale}",
        "material": task.material, "finishing": task.finishing, "note": task.note,
        "sha256": result.sha256, "fingerprint": task.fingerprint,
    }
    if task.slides:  # one file of several slides: each one said, in the order they are shown
        slides = [what_it_says(slide) for slide in task.slides]
        entry.update(slogan_id=None, slug=None, text=" / ".join(s["text"] for s in slides),
                     slideshow={"seconds": task.seconds, "slides": slides})
    return entry


def what_it_says(job: Job) -> dict:
    """Whose text a file carries: an approved slogan of the catalogue (its id), or an event, the
    office's own facts (`kind: event`, never taken for a line of the catalogue)."""
    said = {"kind": "event" if job.is_event else "slogan", "slogan_id": job.slogan_id,
            "slug": job.slug, "text": job.text}
    if job.event is not None:
        if job.template.layout == "backdrop":  # its lines as set, not a banner's sentence
            said["text"] = " / ".join(job.event.lines)
        said["event"] = job.event.model_dump(mode="json")
    return said


def failure_entry(result: Result) -> dict:
    task = result.task
    return {"file": task.name, "kind": "event" if task.job.is_event else "slogan",
            "slogan_id": task.job.slogan_id, "template": task.job.template.name,
            "size": task.job.size.label, "format": task.output.fmt,
            "error": result.error.render("en") if result.error else ""}


def write_manifest(directory: Path, files: list[dict], failed: list[dict], meta: dict) -> Path:
    """manifest.json (everything) and manifest.csv (one row per file, for a spreadsheet)."""
    data = {"generator": f"bannergen {__version__}", **meta, "files": files, "failed": failed}
    path = directory / MANIFEST_JSON
    if _unchanged(path, directory / MANIFEST_CSV, data):
        return path  # a re-run with nothing to do: indenting 2,000 entries again costs 15 % of it
    # "replace": a file name that is not UTF-8 (an order saved under another encoding) must not
    # lose the manifest of files already rendered.
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8", "replace"), own=True)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\r\n")
    writer.writeheader()
    facts = {key: meta.get(key) for key in ORDER_FACTS}
    for entry in files:
        row = {**entry, **facts}
        values = {k: _csv_value(row.get(k)) for k in CSV_COLUMNS}
        if entry.get("slideshow"):  # a spreadsheet has one cell for the slides' ids
            values["slogan_id"] = "; ".join(str(s["slogan_id"] or s["slug"])
                                            for s in entry["slideshow"]["slides"])
        writer.writerow(values)
    # A byte-order mark so that Excel opens the Vietnamese text as UTF-8.
    write_atomic(directory / MANIFEST_CSV, ("\ufeff" + buffer.getvalue()).encode("utf-8", "replace"),
                 own=True)
    return path


def _unchanged(json_path: Path, csv_path: Path, data: dict) -> bool:
    """Whether manifest.json already says exactly `data` (and manifest.csv, made from the same
    data, is there): then both files stay as they are, byte for byte what would be written."""
    try:
        if not csv_path.is_file():
            return False
        existing = json.loads(json_path.read_bytes())
        # A compact dump is made by json's C encoder (an indented one is not) and reads back
        # with lists where `data` may hold tuples.
        return existing == json.loads(json.dumps(data, ensure_ascii=False))
    except (OSError, ValueError):
        return False


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
