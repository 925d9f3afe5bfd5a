"""The bannergen command line (Typer): parse, call the library, print, map errors to exit codes."""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from bannergen.errors import BannergenError, ErrorList, UserError
from bannergen.i18n import MESSAGES, DateText, Msg, current_language, message

# Help texts are message keys (i18n.MESSAGES): `main` puts them into the user's language before
# the app runs, so `--lang en --help` is English. A plain string is shown as it is.
app = typer.Typer(
    name="bannergen",
    help="help_app",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CatalogOption = Annotated[Optional[Path], typer.Option(
    "--catalog", help="help_catalog",
    dir_okay=False)]


class _State:
    lang = "vi"
    debug = False
    warned_expired = False
    quiet = False
    verbose = False
    settings = None


def _say(key: str, **params: object) -> str:
    return message(key, _State.lang, **params)


def _load_catalog(path: Path | None):
    """Load the chosen catalogue; warn once per run, on stderr, when its period has passed."""
    from bannergen.inputs.catalog import load_catalog

    cat = load_catalog(_catalog_path(path))
    if cat.expired(_today()) and not _State.warned_expired:
        _State.warned_expired = True
        warn("catalog_expired", start=DateText(cat.valid_from), end=DateText(cat.valid_to))
    return cat


def _today():
    """Today: BANNERGEN_TODAY (YYYY-MM-DD), else SOURCE_DATE_EPOCH (reproducible-builds.org, for
    byte-identical files), else the clock. It dates proofs and slug lines and checks validity."""
    import datetime as dt

    fixed = os.environ.get("BANNERGEN_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise UserError("bad_date", field="BANNERGEN_TODAY", value=fixed) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


# Reporting: every command prints through these three, so --quiet and --verbose mean the same
# everywhere. Results ("Đã ghi …") go to stdout; warnings and details to stderr.
def report(key: str, **params: object) -> None:
    """A normal result line; silent under --quiet."""
    if not _State.quiet:
        typer.echo(_say(key, **params))


def warn(key: str, **params: object) -> None:
    """A warning; silent under --quiet."""
    if not _State.quiet:
        typer.echo(_say(key, **params), err=True)


def detail(key: str, **params: object) -> None:
    """Extra detail, shown only with --verbose."""
    if _State.verbose and not _State.quiet:
        typer.echo(_say(key, **params), err=True)


def _catalog_path(path: Path | None) -> Path:
    """--catalog, else BANNERGEN_CATALOG, else the settings' catalogue, else the bundled one."""
    from bannergen.resources import default_catalog

    if path is not None:
        return path
    env = os.environ.get("BANNERGEN_CATALOG")
    if env:
        return Path(env)
    return _settings().catalog or default_catalog()


def _list_command(catalog: Path | None) -> str:
    from bannergen.inputs.catalog import list_command

    return list_command(_catalog_path(catalog))


def _settings():
    """The office's settings (bannergen.toml), read once per run."""
    if _State.settings is None:
        from bannergen.inputs.settings import load_settings

        _State.settings = load_settings()
    return _State.settings


def _office(cat) -> str | None:
    """Who signs the posters: the settings' office, else the catalogue's (order fields, where
    there is an order, come before both)."""
    return _settings().office_text or (cat.office if cat is not None else None)


def _with_settings_logo(order):
    """An order without its own logo takes the office's (settings)."""
    if order.logo is not None or _settings().logo is None:
        return order
    from bannergen.inputs.images import read_logo

    return order.model_copy(update={"logo": read_logo(_settings().logo)})


def _default_output(name: str | Path) -> Path:
    """Where a file goes when -o is not given: the settings' output folder, else here."""
    folder = _settings().output
    return folder / name if folder is not None else Path(name)


@app.callback()
def _main(
    lang: Annotated[Optional[str], typer.Option("--lang", help="help_lang")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="help_debug")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", help="help_quiet")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="help_verbose")] = False,
) -> None:
    """Declares the global options for --help; `main` has already read them (wherever they
    stood on the line) into _State."""


@app.command("list", help="help_list")
def list_slogans(catalog: CatalogOption = None,
                 as_json: Annotated[bool, typer.Option("--json", help="help_json")] = False) -> None:
    cat = _load_catalog(catalog)
    if as_json:
        typer.echo(json.dumps({
            "title": cat.title, "office": cat.office,
            "valid_from": cat.valid_from and cat.valid_from.isoformat(),
            "valid_to": cat.valid_to and cat.valid_to.isoformat(),
            "documents": [{"id": d.id, "title": d.title} for d in cat.documents],
            "slogans": [{"id": s.id, "slug": s.slug, "text": s.text,
                         "approved_by": list(s.approved_by)} for s in cat.slogans],
        }, ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=_say("catalog_title", title=cat.title, count=len(cat.slogans),
                             start=DateText(cat.valid_from), end=DateText(cat.valid_to)))
    table.add_column(_say("col_id"), justify="right")
    table.add_column(_say("col_slug"))
    table.add_column(_say("col_text"))
    for s in cat.slogans:
        table.add_row(str(s.id), s.slug, s.text)
    Console().print(table)


@app.command("templates", help="help_templates")
def list_templates(as_json: Annotated[bool, typer.Option("--json", help="help_json")] = False) -> None:
    from bannergen.inputs.templates import load_templates

    templates = load_templates().templates
    if as_json:
        typer.echo(json.dumps([{
            "name": t.name, "aliases": list(t.aliases), "title": t.title, "title_en": t.title_en,
            "default_size": t.default_size.label, "width_mm": t.default_size.width_mm,
            "height_mm": t.default_size.height_mm, "dpi": t.dpi,
        } for t in templates], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for key in ("col_template", "col_aliases", "col_title", "col_size", "col_dpi"):
        table.add_column(_say(key))
    for t in templates:
        table.add_row(t.name, ", ".join(t.aliases), t.title if _State.lang == "vi" else t.title_en,
                      f"{t.default_size.label} ({t.default_size.describe_cm(_State.lang)})", str(t.dpi))
    Console().print(table)


@app.command(help="help_render")
def render(
    slogans: Annotated[Optional[list[str]], typer.Argument(help="help_render_slogans")] = None,
    template: Annotated[str, typer.Option("-t", "--template", help="help_template")] = "bang-ron",
    size: Annotated[Optional[str], typer.Option("--size", help="help_size")] = None,
    fmt: Annotated[Optional[str], typer.Option("-f", "--format", help="help_format")] = None,
    dpi: Annotated[Optional[float], typer.Option("--dpi", help="help_dpi")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="help_output")] = None,
    text: Annotated[Optional[str], typer.Option("--text", help="help_text")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="help_draft")] = False,
    bleed: Annotated[Optional[float], typer.Option("--bleed", help="help_bleed")] = None,
    marks: Annotated[bool, typer.Option("--marks", help="help_marks")] = False,
    cmyk: Annotated[bool, typer.Option("--cmyk", help="help_cmyk")] = False,
    outline_text: Annotated[bool, typer.Option("--outline-text", help="help_outline_text")] = False,
    scale: Annotated[Optional[str], typer.Option("--scale", help="help_scale")] = None,
    grommet_marks: Annotated[bool, typer.Option("--grommet-marks", help="help_grommet_marks")] = False,
    logo: Annotated[Optional[Path], typer.Option("--logo", help="help_logo", dir_okay=False)] = None,
    occasion: Annotated[Optional[str], typer.Option("--occasion", help="help_occasion")] = None,
    catalog: CatalogOption = None,
) -> None:
    from bannergen.inputs.catalog import user_text
    from bannergen.inputs.images import read_logo
    from bannergen.inputs.job import Job
    from bannergen.inputs.templates import load_templates
    from bannergen.inputs.units import parse_scale, parse_size
    from bannergen.output.pdf import PdfOptions
    from bannergen.workflow.render import (
        Output,
        check_bleed,
        default_name,
        draft_slug,
        normalise_format,
        notes,
        prepare_destination,
        render_job,
    )

    check_bleed(bleed)
    pdf_options = PdfOptions(cmyk=cmyk, outline_text=outline_text, marks=marks,
                             grommet_marks=grommet_marks,
                             scale=parse_scale(scale) if scale else 1, date=_today().isoformat())
    if text is not None:
        # Only approved text goes to print: free text is a draft, and says so on its face.
        if not draft:
            raise UserError("text_needs_draft", value=text[:40], command=_list_command(catalog))
        if slogans:
            raise UserError("text_and_slogans")
        free_text = user_text(text, field="--text")
        explicit = catalog is not None or os.environ.get("BANNERGEN_CATALOG")
        office = _office(_load_catalog(catalog) if explicit else None)
    else:
        if not slogans:
            raise UserError("no_slogan_given", command=_list_command(catalog))
        cat = _load_catalog(catalog)
        chosen = [cat.find(ref) for ref in slogans]
    tmpl = load_templates().get(template)
    page = parse_size(size) if size else tmpl.default_size
    if fmt is None and output is not None and output.suffix and not output.is_dir():
        fmt = output.suffix
    out_format = normalise_format(fmt or "pdf")
    logo = logo or _settings().logo
    extra = dict(draft=draft, bleed_mm=bleed, logo=read_logo(logo) if logo else None,
                 occasion=user_text(occasion, field="--occasion") if occasion else None)
    if text is not None:
        jobs = [Job(text=free_text, template=tmpl, size=page, slug=draft_slug(free_text),
                    office=office, **extra)]
    else:
        jobs = [Job.for_slogan(s, tmpl, page, office=_office(cat), **extra) for s in chosen]
    many = len(jobs) > 1
    if many and output is not None and output.exists() and not output.is_dir():
        raise UserError("output_many_needs_dir", value=str(output))
    targets = []
    for job in jobs:
        if output is None:
            target = _default_output(default_name(job, out_format, pdf_options.scale))
        elif many or output.is_dir():  # an existing folder takes one file as well as several
            target = output / default_name(job, out_format, pdf_options.scale)
        else:
            target = output
        prepare_destination(target)
        targets.append(target)
    spec = Output(fmt=out_format, dpi=dpi, pdf=pdf_options)
    for job, target in zip(jobs, targets):
        render_job(job, spec, target, on_scene=_describe(job, target))
        report("wrote", path=target)
        for key, params in notes(job, spec):
            report(key, **params)


@app.command(help="help_batch")
def batch(
    order: Annotated[Optional[Path], typer.Argument(help="help_batch_order", dir_okay=False)] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="help_output_dir", file_okay=False)] = None,
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", help="help_jobs")] = None,
    force: Annotated[bool, typer.Option("--force", help="help_force")] = False,
    pack: Annotated[bool, typer.Option("--zip", help="help_zip")] = False,
    catalog: CatalogOption = None,
) -> None:
    from bannergen.inputs.order import demo_order, load_order
    from bannergen.inputs.templates import load_templates
    from bannergen.workflow.batch import plan, run

    if jobs is not None and jobs < 1:
        raise UserError("bad_jobs", value=jobs)
    cat = _load_catalog(catalog)
    templates = load_templates()
    # The whole order is checked before anything is rendered: a typo costs nothing.
    the_order = _with_settings_logo(
        load_order(order, cat, templates) if order else demo_order(cat, templates))
    if output is None:
        output = _settings().output or Path("bannergen-out")
    tasks = plan(the_order, office=_office(cat))
    meta = {"catalog": cat.title, "catalog_file": cat.path.name,
            "order": order.name if order else None,
            "organization": the_order.organization or _office(cat)}
    zip_name = f"{order.stem if order else 'bannergen-demo'}.zip" if pack else None
    outcome = _run_with_progress(tasks, output, jobs, force, zip_name, meta, run)
    for result in outcome.failed:
        typer.echo(_say("batch_item_failed", done="!", total=len(tasks), file=result.task.name,
                        error=result.error.render(_State.lang) if result.error else ""), err=True)
    report("batch_summary", rendered=outcome.count("rendered"), skipped=outcome.count("skipped"),
           failed=outcome.count("failed"), manifest=outcome.manifest)
    if outcome.archive:
        report("batch_zip", path=outcome.archive)
    if outcome.exit_code:
        raise typer.Exit(outcome.exit_code)


def _run_with_progress(tasks, output, jobs, force, zip_name, meta, run):
    """A progress bar on a terminal; one plain line per file otherwise (logs, pipes, CI)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal or _State.quiet:
        def line(result, done, total):
            if result.status == "failed":
                return  # listed with its reason after the run
            key = "batch_item_skipped" if result.status == "skipped" else "batch_item_rendered"
            report(key, done=done, total=total, file=result.task.name)

        return run(tasks, output, jobs=jobs, force=force, progress=line, zip_name=zip_name,
                   meta=meta)
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=False) as bar:
        handle = bar.add_task(_say("batch_progress"), total=len(tasks))

        def advance(result, done, total):
            bar.update(handle, completed=done)

        return run(tasks, output, jobs=jobs, force=force, progress=advance, zip_name=zip_name,
                   meta=meta)


@app.command(help="help_proof")
def proof(
    order: Annotated[Path, typer.Argument(help="help_order", dir_okay=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="help_proof_output", dir_okay=False)] = None,
    catalog: CatalogOption = None,
) -> None:
    from bannergen.inputs.order import load_order
    from bannergen.inputs.templates import load_templates
    from bannergen.workflow.proof import build_proof
    from bannergen.workflow.render import prepare_destination, write_atomic

    cat = _load_catalog(catalog)
    the_order = _with_settings_logo(load_order(order, cat, load_templates()))
    output = output or _default_output("phieu-duyet-maket.pdf")
    prepare_destination(output)
    write_atomic(output, build_proof(the_order, cat, _today(), _settings()))
    report("wrote", path=output)


@app.command(help="help_tile")
def tile(
    slogan: Annotated[str, typer.Argument(help="help_slogan")],
    template: Annotated[str, typer.Option("-t", "--template", help="help_template")] = "bang-ron",
    size: Annotated[Optional[str], typer.Option("--size", help="help_tile_size")] = None,
    paper: Annotated[str, typer.Option("--paper", help="help_paper")] = "A4",
    overlap: Annotated[float, typer.Option("--overlap", help="help_overlap")] = 10.0,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="help_pdf_output", dir_okay=False)] = None,
    draft: Annotated[bool, typer.Option("--draft", help="help_draft")] = False,
    catalog: CatalogOption = None,
) -> None:
    from bannergen.inputs.job import Job
    from bannergen.inputs.templates import load_templates
    from bannergen.inputs.units import parse_size
    from bannergen.workflow.render import (
        default_name,
        prepare_destination,
        write_atomic,
    )
    from bannergen.workflow.tile import build_tiles, plan_tiles

    cat = _load_catalog(catalog)
    s = cat.find(slogan)
    tmpl = load_templates().get(template)
    page = parse_size(size) if size else tmpl.default_size
    # Office sheets are cut at the banner's edge: no bleed.
    job = Job.for_slogan(s, tmpl, page, office=_office(cat), draft=draft, bleed_mm=0)
    plan_tiles(page.width_pt, page.height_pt, paper, overlap)  # bad options fail before layout
    target = output or _default_output(
        default_name(job, "pdf").replace(".pdf", f"_to-{paper.upper()}.pdf"))
    prepare_destination(target)
    label = f"Khẩu hiệu số {s.id}: {s.text}"
    data, plan = build_tiles(job, paper, overlap, label=label, short_label=f"Khẩu hiệu số {s.id}")
    write_atomic(target, data)
    report("tile_wrote", path=target, sheets=plan.rows * plan.cols, paper=plan.paper,
           rows=plan.rows, cols=plan.cols)


@app.command(help="help_gallery")
def gallery(
    output: Annotated[Path, typer.Option("-o", "--output", help="help_gallery_output", file_okay=False)] = Path("bannergen-gallery"),
    catalog: CatalogOption = None,
) -> None:
    from bannergen.inputs.templates import load_templates
    from bannergen.workflow.gallery import make_gallery

    cat = _load_catalog(catalog)
    result = make_gallery(cat, load_templates(), output, office=_office(cat))
    report("wrote", path=result.sheet)


def _describe(job, target: Path):
    """--verbose: what was chosen for one product (lines, type size, pixels)."""
    def on_scene(scene, dpi: float | None) -> None:
        runs = scene.glyph_runs()
        size = max((run.size for run in runs), default=0.0)
        detail("verbose_job", path=target, template=job.template.name, size=job.size.label,
               width_mm=round(job.size.width_mm), height_mm=round(job.size.height_mm),
               lines=len(runs), type_size=f"{size:.1f}")
        for run in runs:
            detail("verbose_line", text=run.text)
        if dpi is not None:
            width, height = job.size.pixels(dpi)
            detail("verbose_raster", path=target, width=width, height=height, dpi=f"{dpi:g}")
    return on_scene


@app.command(help="help_check")
def check(
    files: Annotated[Optional[list[Path]], typer.Argument(help="help_check_files", dir_okay=False)] = None,
    catalog: CatalogOption = None,
    templates_dir: Annotated[Optional[Path], typer.Option("--templates", help="help_templates_dir", file_okay=False)] = None,
) -> None:
    from bannergen.workflow.checks import check_all, check_file

    if not files:
        problems, counts = check_all(_catalog_path(catalog), templates_dir)
        if problems:
            for problem in problems:
                typer.echo(problem.render(_State.lang), err=True)
            raise typer.Exit(2)
        report("check_ok", **counts)
        return
    failed = False
    for path in files:  # each file by its content: catalogue, order or settings
        kind, problems, counts = check_file(path, _catalog_path(catalog), _settings().office_text,
                                            templates_dir)
        for problem in problems:
            typer.echo(problem.render(_State.lang), err=True)
        failed = failed or bool(problems)
        if not problems:
            report({"catalog": "check_ok", "order": "check_ok_order",
                    "settings": "check_ok_settings"}[kind], path=path, **counts)
    if failed:
        raise typer.Exit(2)


@app.command(help="help_schema")
def schema(kind: Annotated[str, typer.Argument(help="help_schema_kind")]) -> None:
    from bannergen.inputs.schema import dumps
    from bannergen.inputs.schema import schema as make_schema

    typer.echo(dumps(make_schema(kind)), nl=False)


config_app = typer.Typer(help="help_config", invoke_without_command=True, no_args_is_help=False)
app.add_typer(config_app, name="config")


@config_app.callback()
def config_show(ctx: typer.Context,
                as_json: Annotated[bool, typer.Option("--json", help="help_json")] = False) -> None:
    """`bannergen config`: the settings in effect, and where each one comes from."""
    if ctx.invoked_subcommand is not None:
        return
    from bannergen.inputs.settings import KEYS, settings_files
    from bannergen.resources import default_catalog

    settings = _settings()
    rows = []
    for key in KEYS:
        value, source = getattr(settings, key), settings.source(key)
        where = str(source) if source else None
        if key == "catalog" and os.environ.get("BANNERGEN_CATALOG"):
            value, where = Path(os.environ["BANNERGEN_CATALOG"]), _say("config_env", name="BANNERGEN_CATALOG")
        elif key == "catalog" and value is None:
            value = default_catalog()
        elif key == "output" and value is None:
            value = Path(".")
        rows.append((key, value, where))
    if as_json:
        typer.echo(json.dumps({key: {"value": list(value) if isinstance(value, tuple)
                                     else (str(value) if value is not None else None),
                                     "source": where} for key, value, where in rows},
                              ensure_ascii=False, indent=2))
        return
    # Plain lines, not a table: long paths stay whole and can be copied.
    report("config_title")
    for key, value, where in rows:
        shown = " / ".join(value) if isinstance(value, tuple) else str(value) if value is not None \
            else _say("config_not_set")
        report("config_row", name=key, value=shown, source=where or _say("config_default"))
    files = [_say("config_file_present" if f.is_file() else "config_file_absent", path=f)
             for f in settings_files()]
    report("config_files", files="; ".join(files))


@config_app.command("init", help="help_config_init")
def config_init(
    path: Annotated[Optional[Path], typer.Argument(help="help_config_init_path", dir_okay=False)] = None,
    user: Annotated[bool, typer.Option("--user", help="help_config_user")] = False,
    force: Annotated[bool, typer.Option("--force", help="help_config_force")] = False,
) -> None:
    from bannergen.inputs.settings import FILE_NAME, init_settings, user_config_dir

    target = path or ((user_config_dir() if user else Path(".")) / FILE_NAME)
    init_settings(target, force=force)
    report("config_wrote", path=target)


catalog_app = typer.Typer(help="help_catalog_group", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")


@catalog_app.command("new", help="help_catalog_new")
def catalog_new(
    letter: Annotated[Path, typer.Option("--from", help="help_catalog_from", dir_okay=False)],
    document: Annotated[str, typer.Option("--document", help="help_catalog_document")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="help_catalog_output", dir_okay=False)] = None,
    valid_from: Annotated[Optional[str], typer.Option("--valid-from", help="help_valid_from")] = None,
    valid_to: Annotated[Optional[str], typer.Option("--valid-to", help="help_valid_to")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="help_catalog_title")] = None,
    force: Annotated[bool, typer.Option("--force", help="help_force_overwrite")] = False,
) -> None:
    from bannergen.workflow.letter import new_catalog, parse_date

    start = parse_date(valid_from, "--valid-from") if valid_from else None
    end = parse_date(valid_to, "--valid-to") if valid_to else None
    target = output or Path(letter.stem + ".yaml")
    slogans = new_catalog(letter, target, document, start, end, title, force=force)
    report("catalog_found", count=len(slogans), path=letter)
    for slogan in slogans:
        report("catalog_found_line", id=slogan.id, text=slogan.text, slug=slogan.slug,
               line=slogan.line)
    report("catalog_new_wrote", path=target)


@catalog_app.command("add", help="help_catalog_add")
def catalog_add(
    file: Annotated[Path, typer.Argument(help="help_catalog_file", dir_okay=False)],
    text: Annotated[str, typer.Argument(help="help_slogan_text")],
    slug: Annotated[Optional[str], typer.Option("--slug", help="help_slug")] = None,
    approved_by: Annotated[Optional[list[str]], typer.Option("--approved-by", help="help_approved_by")] = None,
) -> None:
    from bannergen.workflow.letter import add_slogan

    slogan = add_slogan(file, text, slug, tuple(approved_by) if approved_by else None)
    report("catalog_added", id=slogan.id, slug=slogan.slug, path=file)


GLOBAL_FLAGS = ("--debug", "--quiet", "--verbose")
GLOBAL_OPTIONS = ("--lang",)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; a BannergenError becomes a short message and its exit code.

    Global options may stand anywhere on the line (`bannergen render 1 --lang en`): they are
    taken out here and handed to the app's callback in front. Click's own usage errors (an
    unknown option, a missing argument) are caught here too and told in the user's language.
    """
    _State.settings, _State.warned_expired = None, False  # read afresh on every run
    args, front = _hoist_globals(list(sys.argv[1:] if argv is None else argv))
    _State.lang = current_language(next((v for k, v in front if k == "--lang"), None))
    if args and args[-1] in GLOBAL_OPTIONS:  # `--lang` last, with no value
        typer.echo(_say("usage_needs_value", value=args[-1]) + "\n"
                   + _say("usage_hint", command="bannergen"), err=True)
        sys.exit(2)
    _State.debug = any(k == "--debug" for k, _ in front)
    _State.quiet = any(k == "--quiet" for k, _ in front)
    _State.verbose = any(k == "--verbose" for k, _ in front) and not _State.quiet
    hoisted = [part for k, v in front for part in ((k,) if v is None else (k, v))]
    from typer import _click

    command = typer.main.get_command(app)
    _localise(command, _State.lang)
    try:
        code = command.main(args=hoisted + args, prog_name="bannergen", standalone_mode=False)
    except _click.exceptions.NoArgsIsHelpError as exc:
        typer.echo(exc.ctx.get_help())
        sys.exit(2)
    except _click.exceptions.UsageError as exc:
        if _State.debug:
            raise
        typer.echo(_usage_message(exc, args), err=True)
        sys.exit(2)
    except ErrorList as exc:
        if _State.debug:
            raise
        # One or two lines: the first problem and how many more (`check` lists them all).
        lines = [exc.errors[0].render(_State.lang)] if len(exc.errors) > 2 else [exc.render(_State.lang)]
        if len(exc.errors) > 2:
            lines.append(_say("more_problems", count=len(exc.errors) - 1))
        typer.echo("\n".join(lines), err=True)
        sys.exit(exc.exit_code)
    except BannergenError as exc:
        if _State.debug:
            raise
        typer.echo(exc.render(_State.lang), err=True)
        sys.exit(exc.exit_code)
    except _click.exceptions.Abort:
        sys.exit(130)
    except Exception as exc:
        if _State.debug:
            raise
        typer.echo(_say("internal_error", reason=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _localise(command, lang: str) -> None:
    """Put help texts that are message keys into `lang`, for the command and its subcommands."""
    from typer import _click, rich_utils

    def text(value):
        return message(value, lang) if isinstance(value, str) and value in MESSAGES else value

    rich_utils.ARGUMENTS_PANEL_TITLE = message("panel_arguments", lang)
    rich_utils.OPTIONS_PANEL_TITLE = message("panel_options", lang)
    rich_utils.COMMANDS_PANEL_TITLE = message("panel_commands", lang)
    command.help = text(command.help)
    command.short_help = text(command.short_help)
    for param in command.params:
        if hasattr(param, "help"):
            param.help = text(param.help)
    help_option = command.get_help_option(_click.Context(command))
    if help_option is not None:
        help_option.help = message("help_help", lang)
    for sub in getattr(command, "commands", {}).values():
        _localise(sub, lang)


_EXPECTED = {float: "type_number", int: "type_int", "float": "type_number", "integer": "type_int"}


def _usage_message(exc, args: list[str]) -> str:
    """Click's usage errors, said in the user's language: what is wrong, then where to look."""
    from typer import _click

    errors = _click.exceptions
    ctx = exc.ctx
    command_path = ctx.command_path if ctx is not None else "bannergen"
    if isinstance(exc, errors.NoSuchOption):
        suggest = difflib.get_close_matches(exc.option_name, sorted(exc.possibilities or ()),
                                            n=1, cutoff=0.0)
        suggestion = Msg("did_you_mean", name=suggest[0]) if suggest else "."
        text = _say("usage_no_option", value=exc.option_name, suggestion=suggestion)
    elif isinstance(exc, errors.MissingParameter):
        param = exc.param
        name = _param_name(param) if param is not None else "?"
        text = _say("usage_missing", value=name)
    elif isinstance(exc, errors.BadOptionUsage):
        text = _say("usage_needs_value", value=exc.option_name)
    elif isinstance(exc, errors.BadParameter):
        param = exc.param
        raw = _raw_value(args, param)
        kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
        if kind is None:
            kind = getattr(getattr(param, "type", None), "name", None)
        type_key = _EXPECTED.get(kind, "") if isinstance(kind, (type, str)) else ""
        expected = _say("usage_expected", what=_say(type_key)) if type_key else ""
        text = _say("usage_bad_value", value=raw if raw is not None else exc.message,
                    param=_param_name(param) if param is not None else "?", expected=expected)
    elif exc.message.startswith("No such command") and ctx is not None:
        found = re.search(r"'(.*)'", exc.message)
        names = ", ".join(sorted(getattr(ctx.command, "commands", {})))
        text = _say("usage_no_command", value=found.group(1) if found else exc.message, choices=names)
    else:
        text = _say("usage_other", value=exc.message.rstrip("."))
    return text + "\n" + _say("usage_hint", command=command_path)


def _param_name(param) -> str:
    if getattr(param, "param_type_name", "") == "argument":
        return _say("usage_argument", name=(param.name or "").upper())
    opts = sorted(getattr(param, "opts", ()), key=len)
    return _say("usage_option", name=opts[-1] if opts else param.name)


def _raw_value(args: list[str], param) -> str | None:
    """The text the user typed for an option (click does not keep it on the exception)."""
    opts = tuple(getattr(param, "opts", ()))
    for i, arg in enumerate(args):
        for opt in opts:
            if arg == opt and i + 1 < len(args):
                return args[i + 1]
            if arg.startswith(opt + "=") and opt.startswith("--"):
                return arg[len(opt) + 1:]
            if not opt.startswith("--") and arg.startswith(opt) and len(arg) > len(opt):
                return arg[len(opt):]
    return None


def _hoist_globals(argv: list[str]) -> tuple[list[str], list[tuple[str, str | None]]]:
    rest: list[str] = []
    front: list[tuple[str, str | None]] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--":
            rest.extend(argv[i:])
            break
        name = arg.split("=", 1)[0]
        if arg in GLOBAL_FLAGS:
            front.append((arg, None))
        elif name in GLOBAL_OPTIONS:
            if "=" in arg:
                front.append((name, arg.split("=", 1)[1]))
            elif i + 1 < len(argv):
                front.append((name, argv[i + 1]))
                i += 1
            else:
                rest.append(arg)
        else:
            rest.append(arg)
        i += 1
    return rest, front
