"""The bannergen command line (Typer): parse, call the library, print, map errors to exit codes."""

import codecs
import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from bannergen.errors import BannergenError, ErrorList, Interrupted, UserError, check_interrupted
from bannergen.i18n import DateText, Msg, current_language, message, os_reason

GLOBAL_FLAGS = ("--debug", "--quiet", "--verbose")
GLOBAL_OPTIONS = ("--lang", "--catalog")


class _Run:
    """What the global options said, read once per command line (by `_Group.main`)."""

    lang = "vi"
    debug = False
    quiet = False
    verbose = False
    catalog: Path | None = None
    warned_expired = False
    settings = None

    @classmethod
    def reset(cls, front: list[tuple[str, str | None]]) -> None:
        cls.lang = current_language(next((v for k, v in front if k == "--lang"), None))
        cls.debug = any(k == "--debug" for k, _ in front)
        cls.quiet = any(k == "--quiet" for k, _ in front)
        cls.verbose = any(k == "--verbose" for k, _ in front) and not cls.quiet
        cls.catalog = None
        cls.warned_expired = False
        cls.settings = None  # read afresh on every run


def _say(key: str, **params: object) -> str:
    return message(key, _Run.lang, **params)


# --- Help in the user's language ----------------------------------------------------------------
# Help texts and metavars are message keys; these two classes write the help themselves through
# Click's public formatting hooks (format_help, HelpFormatter.write_usage/section/write_dl), so no
# English word of Click's or Typer's ("Usage:", "[default: …]", "<str>") reaches a Vietnamese page.

def _text(value: str | None) -> str:
    """A help text or metavar that is a message key, in the user's language (else as it is)."""
    if not value:
        return ""
    try:
        return _say(value)
    except KeyError:
        return value


def _is_flag(param: Any) -> bool:
    return bool(getattr(param, "is_flag", False)) or bool(getattr(param, "count", False))


def _metavar(param: Any) -> str:
    """The placeholder for a parameter's value: its metavar key in the user's language (a
    parameter declared without one gets a generic word, never Click's English type name)."""
    name = _text(param.metavar or "mv_value")
    if getattr(param, "param_type_name", "") == "argument" and param.nargs != 1:
        name += "..."
    return name


def _help_row(param: Any, ctx: Any, help_option: Any) -> tuple[str, str] | None:
    if getattr(param, "hidden", False):
        return None
    if param is help_option:
        return ", ".join(param.opts), _say("help_help")
    if getattr(param, "param_type_name", "") == "argument":
        name = _metavar(param)
    else:
        name = ", ".join(param.opts) + ("" if _is_flag(param) else f" {_metavar(param)}")
    extra = []
    default = param.default
    if not _is_flag(param) and default not in (None, (), [], "") and not callable(default):
        extra.append(_say("help_default", value=default))
    if param.required:
        extra.append(_say("help_required"))
    help_text = _text(getattr(param, "help", None))
    if extra:
        help_text = f"{help_text}  [{'; '.join(extra)}]".strip()
    return name, help_text


def _write_rows(formatter: Any, title_key: str, rows: list[tuple[str, str] | None]) -> None:
    rows = [row for row in rows if row is not None]
    if rows:
        with formatter.section(_say(title_key)):
            formatter.write_dl(rows)


class _HelpMixin:
    """Usage line, text and option list of one command (or of the group), in the user's language."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        text = _text(self.help)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)
        help_option = self.get_help_option(ctx)
        params = self.get_params(ctx)
        _write_rows(formatter, "panel_arguments", [
            _help_row(p, ctx, help_option) for p in params if p.param_type_name == "argument"])
        _write_rows(formatter, "panel_options", [
            _help_row(p, ctx, help_option) for p in params if p.param_type_name != "argument"])
        self.format_extra(ctx, formatter)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = [_say("mv_options")]
        for param in self.get_params(ctx):
            if param.param_type_name == "argument":
                name = _metavar(param)
                pieces.append(name if param.required else f"[{name}]")
        pieces += self.extra_usage()
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_say("help_usage") + " ")

    def format_extra(self, ctx: Any, formatter: Any) -> None:
        pass

    def extra_usage(self) -> list[str]:
        return []


def _path_parameters(callback: Any) -> set[str]:
    """The parameters a command's function declares as paths (its own annotations)."""
    import inspect
    import typing

    if callback is None:
        return set()
    hints = typing.get_type_hints(inspect.unwrap(callback))
    return {name for name, hint in hints.items()
            if hint is Path or Path in typing.get_args(hint)
            or any(Path in typing.get_args(arg) for arg in typing.get_args(hint))}


def _global_rows(ctx: Any) -> list[tuple[str, str] | None]:
    """The global options (the root group's), for the help of any command below it."""
    root = ctx.find_root()
    if root is ctx:
        return []
    help_option = root.command.get_help_option(root)
    return [_help_row(p, root, help_option) for p in root.command.get_params(root)
            if p is not help_option]


class _NoEmptyValues:
    """Any command or group: an option given an empty value ('--size ""', a script's unset
    variable) is refused, where it would fall back to its default (or, for a path, to ".").
    The command line's own words are checked, before any conversion."""

    def make_parser(self, ctx: Any) -> Any:
        parser = super().make_parser(ctx)
        parse, options = parser.parse_args, {p.name: p for p in self.get_params(ctx)
                                             if getattr(p, "param_type_name", "") == "option"}

        def parse_args(args: list[str]) -> tuple[Any, list[str], list[Any]]:
            opts, rest, order = parse(args=args)
            for name, value in opts.items():
                values = value if isinstance(value, (list, tuple)) else [value]
                if name in options and any(isinstance(v, str) and not v.strip() for v in values):
                    raise _UsageProblem(_say("usage_empty_value", param=_param_label(options[name])),
                                        ctx.command_path)
            return opts, rest, order

        parser.parse_args = parse_args
        return parser


class _Command(_NoEmptyValues, _HelpMixin, TyperCommand):
    """A bannergen command: localised help, the global options listed under its own, and every
    path it was given checked the way the operating system will take it."""

    def invoke(self, ctx: Any) -> Any:
        from bannergen.inputs.context import check_path

        paths = _path_parameters(self.callback)
        for param in self.get_params(ctx):
            value = ctx.params.get(param.name or "")
            if param.name in paths and value is not None:
                # (a str before Typer 0.29 converts it, a Path after: the callback says which)
                for one in value if isinstance(value, (list, tuple)) else [value]:
                    check_path(Path(one), _param_label(param))
        return super().invoke(ctx)

    def format_extra(self, ctx: Any, formatter: Any) -> None:
        _write_rows(formatter, "panel_global", _global_rows(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # Click would fail with its own English sentence; take the extra words and say it here.
        allowed, ctx.allow_extra_args = ctx.allow_extra_args, True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if ctx.args and not allowed and not ctx.resilient_parsing:
            raise _UsageProblem(_say("usage_extra", count=len(ctx.args), value=" ".join(ctx.args)),
                                ctx.command_path)
        return rest


class _GroupHelp(_NoEmptyValues, _HelpMixin):
    """A group's help (its commands) and its unknown-command message, in the user's language."""

    def extra_usage(self) -> list[str]:
        return [_say("mv_command")]

    def format_extra(self, ctx: Any, formatter: Any) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, _text(command.help)))
        _write_rows(formatter, "panel_commands", rows)
        _write_rows(formatter, "panel_global", _global_rows(ctx))

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # `bannergen catalog` alone: its help, with a usage error's exit code (as Click 8.2 does)
        if not args and self.no_args_is_help and not ctx.resilient_parsing:
            typer.echo(ctx.get_help())
            ctx.exit(2)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            raise _UsageProblem(_unknown_command(name, sorted(self.commands)), ctx.command_path)
        return super().resolve_command(ctx, args)


class _SubGroup(_GroupHelp, TyperGroup):
    """A group of commands under `bannergen` (`config`, `catalog`)."""


class _Group(_GroupHelp, TyperGroup):
    """The `bannergen` group: global options anywhere on the line, localised help, and the one
    boundary where every exception becomes a short message and an exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        code = _execute(self, argv, prog_name or "bannergen", extra)
        if standalone_mode:
            sys.exit(code)
        return code


class _App(typer.Typer):
    """Every command of the app gets the localised help class (a plain `@app.command()` too)."""

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or _Command, **kwargs)


# Help texts are message keys (src/bannergen/i18n/): shown in the user's language.
app = _App(
    name="bannergen",
    cls=_Group,
    help="help_app",
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


# --- Reporting: every command prints through these, so --quiet and --verbose mean the same
# everywhere. Results ("Đã ghi …") go to stdout; warnings and details to stderr.
def report(key: str, **params: object) -> None:
    """A normal result line; silent under --quiet."""
    if not _Run.quiet:
        typer.echo(_say(key, **params))


def warn(key: str, **params: object) -> None:
    """A warning; silent under --quiet."""
    if not _Run.quiet:
        typer.echo(_say(key, **params), err=True)


def detail(key: str, **params: object) -> None:
    """Extra detail, shown only with --verbose."""
    if _Run.verbose and not _Run.quiet:
        typer.echo(_say(key, **params), err=True)


def _load_catalog():
    """Load the chosen catalogue; warn once per run, on stderr, when its period has passed."""
    from bannergen.inputs.catalog import load_catalog
    from bannergen.inputs.context import catalog_path, today

    cat = load_catalog(catalog_path(_Run.catalog, _settings().catalog))
    if cat.expired(today()) and not _Run.warned_expired:
        _Run.warned_expired = True
        warn("catalog_expired", start=DateText(cat.valid_from), end=DateText(cat.valid_to))
    return cat


def _list_command() -> str:
    """The command that lists the catalogue in use, for hints."""
    from bannergen.inputs.catalog import list_command
    from bannergen.inputs.context import catalog_path

    return list_command(catalog_path(_Run.catalog, _settings().catalog))


def _settings():
    """The office's settings (bannergen.toml), read once per run."""
    if _Run.settings is None:
        from bannergen.inputs.settings import load_settings

        _Run.settings = load_settings()
    return _Run.settings


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


def _defaults():
    """What the settings add to a render: who signs, the logo, where files go."""
    from bannergen.workflow.render import Defaults

    settings = _settings()
    return Defaults(office=settings.office_text, logo=settings.logo, folder=settings.output,
                    list_command=_list_command())


def _default_output(name: str | Path) -> Path:
    """Where a file goes when -o is not given: the settings' output folder, else here."""
    folder = _settings().output
    return folder / name if folder is not None else Path(name)


@app.callback()
def _main(
    lang: Annotated[str | None, typer.Option("--lang", help="help_lang", metavar="mv_lang")] = None,
    catalog: Annotated[Path | None, typer.Option(
        "--catalog", help="help_catalog", metavar="mv_file", dir_okay=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="help_quiet")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", help="help_verbose")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="help_debug")] = False,
) -> None:
    """The global options: `_Group.main` has already read the flags (wherever they stood on the
    line); the catalogue path arrives here checked by Click."""
    _Run.catalog = catalog


@app.command("list", help="help_list")
def list_slogans(as_json: Annotated[bool, typer.Option("--json", help="help_json")] = False) -> None:
    cat = _load_catalog()
    if as_json:
        typer.echo(_json({
            "title": cat.title, "office": cat.office,
            "valid_from": cat.valid_from and cat.valid_from.isoformat(),
            "valid_to": cat.valid_to and cat.valid_to.isoformat(),
            "documents": [{"id": d.id, "title": d.title} for d in cat.documents],
            "slogans": [{"id": s.id, "slug": s.slug, "text": s.text,
                         "approved_by": list(s.approved_by)} for s in cat.slogans],
        }))
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
        typer.echo(_json([{
            "name": t.name, "aliases": list(t.aliases), "title": t.title, "title_en": t.title_en,
            "default_size": t.default_size.label, "width_mm": t.default_size.width_mm,
            "height_mm": t.default_size.height_mm, "dpi": t.dpi,
        } for t in templates]))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for key in ("col_template", "col_aliases", "col_title", "col_size", "col_dpi"):
        table.add_column(_say(key))
    for t in templates:
        table.add_row(t.name, ", ".join(t.aliases), t.title if _Run.lang == "vi" else t.title_en,
                      f"{t.default_size.label} ({t.default_size.describe_cm()})", str(t.dpi))
    Console().print(table)


@app.command("sizes", help="help_sizes")
def list_sizes(as_json: Annotated[bool, typer.Option("--json", help="help_json")] = False) -> None:
    from bannergen.inputs.units import PAPER_MM, PRESETS, parse_size

    rows = [(p.name, ", ".join(p.aliases), p.title_vi if _Run.lang == "vi" else p.title_en,
             parse_size(p.size)) for p in PRESETS]
    rows += [(name, "", _say("paper_size"), parse_size(name)) for name in PAPER_MM]
    if as_json:
        typer.echo(_json([{
            "name": name, "aliases": [a for a in aliases.split(", ") if a], "title": title,
            "size": size.label, "width_mm": round(size.width_mm, 3),
            "height_mm": round(size.height_mm, 3),
            "pixels": list(size.px) if size.px else None,
        } for name, aliases, title, size in rows]))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for key in ("col_size_name", "col_aliases", "col_title", "col_size"):
        table.add_column(_say(key))
    for name, aliases, title, size in rows:
        shown = size.label if size.px else f"{size.label} ({size.describe_cm()})"
        table.add_row(name, aliases, title, shown)
    Console().print(table)


@app.command(help="help_slideshow")
def slideshow(
    slogans: Annotated[list[str], typer.Argument(help="help_slideshow_slogans", metavar="mv_slogan")],
    size: Annotated[str, typer.Option("--size", help="help_slideshow_size", metavar="mv_size")] = "1920x1080px",
    seconds: Annotated[float, typer.Option("--seconds", help="help_seconds", metavar="mv_number")] = 8.0,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="help_slideshow_output", metavar="mv_file", dir_okay=False)] = None,
    template: Annotated[str, typer.Option("-t", "--template", help="help_template", metavar="mv_template")] = "man-hinh",
) -> None:
    from bannergen.inputs.job import Job
    from bannergen.inputs.templates import load_templates
    from bannergen.inputs.units import parse_size
    from bannergen.workflow.render import prepare_destination
    from bannergen.workflow.slideshow import check_slideshow, make_slideshow

    cat = _load_catalog()
    chosen = [cat.find(ref) for ref in slogans]
    page = parse_size(size)
    tmpl = load_templates().get(template)
    jobs = [Job.for_slogan(s, tmpl, page, office=_office(cat)) for s in chosen]
    target = output or _default_output(f"trinh-chieu_{page.label}.mp4")
    check_slideshow(jobs, target, seconds)  # before any slide is rendered
    prepare_destination(target)
    console = _terminal()  # a 4K MP4 of eleven slides takes most of a minute: show it moving
    if console is None:
        made = make_slideshow(jobs, target, seconds)
    else:
        with _progress_bar(console, "slideshow_progress", 2 * len(jobs)) as advance:
            made = make_slideshow(jobs, target, seconds,
                                  progress=lambda done, total: advance(done))
    report("slideshow_wrote", path=made.path, slides=Msg("n_slides", count=made.slides),
           seconds=f"{made.seconds:g}")


@app.command(help="help_render")
def render(
    slogans: Annotated[list[str] | None, typer.Argument(help="help_render_slogans", metavar="mv_slogan")] = None,
    template: Annotated[str | None, typer.Option("-t", "--template", help="help_template_render", metavar="mv_template")] = None,
    size: Annotated[str | None, typer.Option("--size", help="help_size", metavar="mv_size")] = None,
    fmt: Annotated[str | None, typer.Option("-f", "--format", help="help_format", metavar="mv_format")] = None,
    dpi: Annotated[float | None, typer.Option("--dpi", help="help_dpi", metavar="mv_number")] = None,
    output: Annotated[str | None, typer.Option("-o", "--output", help="help_output", metavar="mv_path")] = None,
    text: Annotated[str | None, typer.Option("--text", help="help_text", metavar="mv_text")] = None,
    event: Annotated[Path | None, typer.Option("--event", help="help_event", metavar="mv_file", dir_okay=False)] = None,
    draft: Annotated[bool, typer.Option("--draft", help="help_draft")] = False,
    bleed: Annotated[float | None, typer.Option("--bleed", help="help_bleed", metavar="mv_mm")] = None,
    marks: Annotated[bool, typer.Option("--marks", help="help_marks")] = False,
    cmyk: Annotated[bool, typer.Option("--cmyk", help="help_cmyk")] = False,
    outline_text: Annotated[bool, typer.Option("--outline-text", help="help_outline_text")] = False,
    scale: Annotated[str | None, typer.Option("--scale", help="help_scale", metavar="mv_scale")] = None,
    grommet_marks: Annotated[bool, typer.Option("--grommet-marks", help="help_grommet_marks")] = False,
    pdfx: Annotated[str | None, typer.Option("--pdfx", help="help_pdfx", metavar="mv_pdfx")] = None,
    raster_bleed: Annotated[bool, typer.Option("--raster-bleed", help="help_raster_bleed")] = False,
    logo: Annotated[Path | None, typer.Option("--logo", help="help_logo", metavar="mv_file", dir_okay=False)] = None,
    occasion: Annotated[str | None, typer.Option("--occasion", help="help_occasion", metavar="mv_text")] = None,
) -> None:
    from bannergen.inputs.context import catalog_named, check_path, today
    from bannergen.workflow.render import RenderRequest, notes, plan_render, render_job, warnings

    request = RenderRequest(
        slogans=tuple(slogans or ()), text=text, event=event, template=template, size=size,
        fmt=fmt, dpi=dpi, output=check_path(Path(output), "--output") if output else None,
        output_folder=bool(output) and output.endswith(("/", os.sep)),  # a str: the slash kept
        draft=draft, bleed=bleed, marks=marks, cmyk=cmyk,
        outline_text=outline_text, scale=scale, grommet_marks=grommet_marks, logo=logo,
        occasion=occasion, pdfx=pdfx, raster_bleed=raster_bleed)
    plan = plan_render(request, _load_catalog, today=today(), defaults=_defaults(),
                       catalogue_named=catalog_named(_Run.catalog))
    for product in plan.products:
        render_job(product.job, plan.output, product.path,
                   on_scene=_describe(product.job, product.path, plan.output.pdf.scale))
        report("wrote", path=product.path)
        for key, params in notes(product.job, plan.output):
            report(key, **params)
        for key, params in warnings(product.job):
            warn(key, **params)


@app.command(help="help_batch")
def batch(
    order: Annotated[Path | None, typer.Argument(help="help_batch_order", metavar="mv_order", dir_okay=False)] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="help_output_dir", metavar="mv_folder", file_okay=False)] = None,
    jobs: Annotated[int | None, typer.Option("-j", "--jobs", help="help_jobs", metavar="mv_number")] = None,
    force: Annotated[bool, typer.Option("--force", help="help_force")] = False,
    pack: Annotated[bool, typer.Option("--zip", help="help_zip")] = False,
    wait: Annotated[bool, typer.Option("--wait", help="help_wait")] = False,
) -> None:
    from bannergen.inputs.order import demo_order, load_order
    from bannergen.inputs.templates import load_templates
    from bannergen.inputs.context import today
    from bannergen.workflow.batch import (
        logo_warnings,
        order_facts,
        plan,
        run,
        shop_documents,
        usable_cpus,
    )

    if jobs is not None and jobs < 1:
        raise UserError("bad_jobs", value=jobs)
    cat = _load_catalog()
    templates = load_templates()
    # The whole order is checked before anything is rendered: a typo costs nothing.
    the_order = _with_settings_logo(
        load_order(order, cat, templates) if order else demo_order(cat, templates))
    if output is None:
        output = _settings().output or Path("bannergen-out")
    tasks = plan(the_order, office=_office(cat), today=today())
    for key, params in logo_warnings(tasks):
        warn(key, **params)
    meta = {**order_facts(the_order, today(), _office(cat)), "catalog": cat.title,
            "catalog_file": cat.path.name, "order": order.name if order else None}
    zip_name = f"{order.stem if order else 'bannergen-demo'}.zip" if pack else None
    # With --zip the shop also gets the job ticket and the approval sheet (phiếu in, duyệt).
    options = dict(jobs=jobs, force=force, zip_name=zip_name, meta=meta, wait=wait,
                   on_wait=lambda pid: warn("batch_waiting", value=output, pid=pid or "?"),
                   documents=shop_documents(the_order, cat, today(), _settings(), _office(cat)))
    outcome = _run_with_progress(tasks, output, options, run)
    for key, params in outcome.warnings:
        warn(key, **params)
    detail("jobs_used", jobs=outcome.workers, todo=outcome.count("rendered") + outcome.count("failed"),
           cpus=usable_cpus())
    for result in outcome.failed:
        typer.echo(_say("batch_item_failed", done="!", total=len(tasks), file=result.task.name,
                        error=result.error.render(_Run.lang) if result.error else ""), err=True)
    report("batch_summary", rendered=outcome.count("rendered"), skipped=outcome.count("skipped"),
           failed=outcome.count("failed"), manifest=outcome.manifest)
    if outcome.archive:
        report("batch_zip", path=outcome.archive)
    if outcome.exit_code:
        raise typer.Exit(outcome.exit_code)


def _run_with_progress(tasks, output, options, run):
    """A progress bar on a terminal; one plain line per file otherwise (logs, pipes, CI)."""
    console = _terminal()
    if console is None:
        def line(result, done, total):
            if result.status == "failed":
                return  # listed with its reason after the run
            key = "batch_item_skipped" if result.status == "skipped" else "batch_item_rendered"
            report(key, done=done, total=total, file=result.task.name)

        return run(tasks, output, progress=line, **options)
    with _progress_bar(console, "batch_progress", len(tasks)) as advance:
        return run(tasks, output, progress=lambda result, done, total: advance(done), **options)


def _terminal() -> Any:
    """The console a progress bar is drawn on: standard error when it is a terminal; None with
    --quiet (rich is not even imported: 30 ms of a re-run) or in a log, a pipe, CI."""
    if _Run.quiet:
        return None
    from rich.console import Console

    console = Console(stderr=True)
    return console if console.is_terminal else None


@contextlib.contextmanager
def _progress_bar(console: Any, key: str, total: int) -> Iterator[Callable[[int], None]]:
    """A bar titled by the message `key`, advanced by calling what it yields with the count done."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    # No refresh thread: the batch forks its workers, and a fork must not copy a thread that
    # may hold a lock. The bar is redrawn at each step.
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=False,
                  auto_refresh=False) as bar:
        handle = bar.add_task(_say(key), total=total)
        yield lambda done: bar.update(handle, completed=done, refresh=True)


@app.command(help="help_proof")
def proof(
    order: Annotated[Path, typer.Argument(help="help_order", metavar="mv_order", dir_okay=False)],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="help_proof_output", metavar="mv_file", dir_okay=False)] = None,
) -> None:
    from bannergen.inputs.context import today
    from bannergen.inputs.order import load_order
    from bannergen.inputs.templates import load_templates
    from bannergen.workflow.proof import build_proof
    from bannergen.atomic import write_atomic
    from bannergen.workflow.render import prepare_destination

    cat = _load_catalog()
    the_order = _with_settings_logo(load_order(order, cat, load_templates()))
    output = output or _default_output("phieu-duyet-maket.pdf")
    prepare_destination(output)
    write_atomic(output, build_proof(the_order, cat, today(), _settings()))
    report("wrote", path=output)


@app.command(help="help_tile")
def tile(
    slogan: Annotated[str, typer.Argument(help="help_slogan", metavar="mv_slogan")],
    template: Annotated[str, typer.Option("-t", "--template", help="help_template", metavar="mv_template")] = "bang-ron",
    size: Annotated[str | None, typer.Option("--size", help="help_tile_size", metavar="mv_size")] = None,
    paper: Annotated[str, typer.Option("--paper", help="help_paper", metavar="mv_paper")] = "A4",
    overlap: Annotated[float, typer.Option("--overlap", help="help_overlap", metavar="mv_mm")] = 10.0,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="help_pdf_output", metavar="mv_file", dir_okay=False)] = None,
    draft: Annotated[bool, typer.Option("--draft", help="help_draft")] = False,
    pdfx: Annotated[str | None, typer.Option("--pdfx", help="help_pdfx", metavar="mv_pdfx")] = None,
) -> None:
    from bannergen.inputs.context import today
    from bannergen.workflow.tile import TileRequest, tile_slogan

    cat = _load_catalog()
    target, plan = tile_slogan(
        TileRequest(slogan=slogan, template=template, size=size, paper=paper,
                    overlap_mm=overlap, output=output, draft=draft, pdfx=pdfx),
        cat, office=_office(cat), folder=_settings().output, date=today().isoformat())
    report("tile_wrote", path=target, sheets=Msg("n_sheets", count=plan.rows * plan.cols,
                                                 paper=plan.paper),
           rows=Msg("n_rows", count=plan.rows), cols=Msg("n_columns", count=plan.cols))


@app.command(help="help_gallery")
def gallery(
    output: Annotated[Path, typer.Option("-o", "--output", help="help_gallery_output", metavar="mv_folder", file_okay=False)] = Path("bannergen-gallery"),
) -> None:
    from bannergen.inputs.templates import load_templates
    from bannergen.workflow.gallery import make_gallery

    cat = _load_catalog()
    result = make_gallery(cat, load_templates(), output, office=_office(cat))
    report("wrote", path=result.sheet)


def _describe(job, target: Path, scale: int):
    """--verbose: what was chosen for one product (lines, type size, pixels)."""
    from bannergen.workflow.render import raster_pixels

    def on_scene(scene, dpi: float | None) -> None:
        for key, params in scene.warnings:  # a catalogue hint that could not be honoured
            warn(key, **dict(params))
        runs = scene.glyph_runs()
        size = max((run.size for run in runs), default=0.0)
        detail("verbose_job", path=target, template=job.template.name, size=job.size.label,
               width_mm=round(job.size.width_mm), height_mm=round(job.size.height_mm),
               lines=Msg("n_lines", count=len(runs)), type_size=f"{size:.1f}")
        for run in runs:
            detail("verbose_line", text=run.text)
        if dpi is not None:
            width, height = raster_pixels(job, dpi, scale)
            detail("verbose_raster", path=target, width=width, height=height, dpi=f"{dpi:g}")
    return on_scene


@app.command(help="help_check")
def check(
    files: Annotated[list[Path] | None, typer.Argument(help="help_check_files", metavar="mv_file", dir_okay=False)] = None,
    templates_dir: Annotated[Path | None, typer.Option("--templates", help="help_templates_dir", metavar="mv_folder", file_okay=False)] = None,
) -> None:
    from bannergen.inputs.context import catalog_path
    from bannergen.workflow.checks import check_all, check_file

    catalogue = catalog_path(_Run.catalog, _settings().catalog)
    checked = [(None, *check_all(catalogue, templates_dir))] if not files else [
        # each file by its content: a catalogue, an order (against the catalogue in use) or settings
        (path, *check_file(path, catalogue, _settings().office_text, templates_dir)[1:])
        for path in files]
    failed = False
    for path, problems, counts in checked:
        for problem in problems:
            typer.echo(problem.render(_Run.lang), err=True)
        failed = failed or bool(problems)
        if problems:
            continue
        if "slogans" in counts:
            report("check_ok", slogans=Msg("n_slogans", count=counts["slogans"]),
                   templates=Msg("n_templates", count=counts["templates"]),
                   fonts=Msg("n_fonts", count=counts["fonts"]))
        elif "items" in counts:
            report("check_ok_order", path=path, **counts)
        else:
            report("check_ok_settings", path=path, **counts)
    if failed:
        raise typer.Exit(2)


@app.command(help="help_schema")
def schema(kind: Annotated[str, typer.Argument(help="help_schema_kind", metavar="mv_kind")]) -> None:
    from bannergen.inputs.schema import dumps
    from bannergen.inputs.schema import schema as make_schema

    typer.echo(dumps(make_schema(kind)), nl=False)


config_app = _App(cls=_SubGroup, help="help_config", invoke_without_command=True,
                  no_args_is_help=False)
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
        typer.echo(_json({key: {"value": list(value) if isinstance(value, tuple)
                                     else (str(value) if value is not None else None),
                                     "source": where} for key, value, where in rows}))
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
    path: Annotated[Path | None, typer.Argument(help="help_config_init_path", metavar="mv_file", dir_okay=False)] = None,
    user: Annotated[bool, typer.Option("--user", help="help_config_user")] = False,
    force: Annotated[bool, typer.Option("--force", help="help_config_force")] = False,
) -> None:
    from bannergen.inputs.settings import FILE_NAME, init_settings, user_config_dir

    target = path or ((user_config_dir() if user else Path(".")) / FILE_NAME)
    init_settings(target, force=force)
    report("config_wrote", path=target)


catalog_app = _App(cls=_SubGroup, help="help_catalog_group", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")


@catalog_app.command("new", help="help_catalog_new")
def catalog_new(
    letter: Annotated[Path, typer.Option("--from", help="help_catalog_from", metavar="mv_file", dir_okay=False)],
    document: Annotated[str, typer.Option("--document", help="help_catalog_document", metavar="mv_document")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="help_catalog_output", metavar="mv_file", dir_okay=False)] = None,
    valid_from: Annotated[str | None, typer.Option("--valid-from", help="help_valid_from", metavar="mv_date")] = None,
    valid_to: Annotated[str | None, typer.Option("--valid-to", help="help_valid_to", metavar="mv_date")] = None,
    title: Annotated[str | None, typer.Option("--title", help="help_catalog_title", metavar="mv_text")] = None,
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
    file: Annotated[Path, typer.Argument(help="help_catalog_file", metavar="mv_file", dir_okay=False)],
    text: Annotated[str, typer.Argument(help="help_slogan_text", metavar="mv_text")],
    slug: Annotated[str | None, typer.Option("--slug", help="help_slug", metavar="mv_slug")] = None,
    approved_by: Annotated[list[str] | None, typer.Option("--approved-by", help="help_approved_by", metavar="mv_document")] = None,
) -> None:
    from bannergen.workflow.letter import add_slogan

    slogan = add_slogan(file, text, slug, tuple(approved_by) if approved_by else None)
    report("catalog_added", id=slogan.id, slug=slogan.slug, path=file)


@app.command(help="help_web")
def web(
    port: Annotated[int | None, typer.Option("--port", help="help_port", metavar="mv_number")] = None,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="help_no_browser")] = False,
) -> None:
    from bannergen.web.server import serve

    # The address is printed even with --quiet: without it the page cannot be opened.
    serve(port=port, open_browser=not no_browser, lang=_Run.lang, catalog=_Run.catalog,
          on_ready=lambda url: typer.echo(_say("web_listening", url=url)))
    report("web_stopped")


# --- The boundary: one place turns every outcome into an exit code and at most two lines --------

def main(argv: list[str] | None = None) -> None:
    """The `bannergen` entry point."""
    # bannergen uses no pydantic plugins, and looking for them reads the metadata of every
    # installed package on the first model built: ~5 % of a one-banner run. Documented by
    # pydantic (docs/concepts/plugins); a user who sets the variable keeps their value.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    command = typer.main.get_command(app)
    command.main(args=argv, prog_name="bannergen")


class _UsageProblem(Exception):
    """A usage error bannergen words itself (an unknown command), with the command to ask --help."""

    def __init__(self, text: str, command_path: str) -> None:
        super().__init__(text)
        self.text = text
        self.command_path = command_path


def _execute(group: _Group, argv: list[str], prog_name: str, extra: dict) -> int:
    """Run one command line and return its exit code; print at most two lines on failure."""
    args, front = _hoist_globals(argv)
    _Run.reset(front)
    _readable_output()
    if args and args[-1] in GLOBAL_OPTIONS:  # `--lang` last, with no value
        return _fail(_usage_text(_say("usage_needs_value", value=args[-1]), prog_name), 2)
    previous = _stop_on_signals()
    try:
        return _run_line(group, argv, args, front, prog_name, extra)
    finally:  # an in-process caller (a test, an embedding program) gets its own handlers back
        _restore_signals(previous)


def _run_line(group: _Group, argv: list[str], args: list[str],
              front: list[tuple[str, str | None]], prog_name: str, extra: dict) -> int:
    hoisted = [part for k, v in front for part in ((k,) if v is None else (k, v))]
    try:
        if any("\0" in arg for arg in argv):  # only an in-process caller can pass one
            from bannergen.inputs.context import check_path

            for arg in argv:
                check_path(Path(arg))
        if not args:  # `bannergen` alone: the help, and the exit code of a usage error
            TyperGroup.main(group, args=[*hoisted, "--help"], prog_name=prog_name,
                            standalone_mode=False, **extra)
            return 2
        code = TyperGroup.main(group, args=hoisted + args, prog_name=prog_name,
                               standalone_mode=False, **extra)
        check_interrupted()  # a stop signal whose exception some C code swallowed
    except BaseException as exc:  # the boundary: nothing may escape it
        if _Run.debug and not isinstance(exc, SystemExit):
            raise
        return _explain(exc, argv, _command_path(group, args, prog_name))
    return code if isinstance(code, int) else 0


def _command_path(group: _Group, args: list[str], prog_name: str) -> str:
    """`bannergen render`: where to send the user for --help when Click gives no context."""
    return f"{prog_name} {args[0]}" if args and args[0] in group.commands else prog_name


def _explain(exc: BaseException, args: list[str], command_path: str) -> int:
    """Say what happened in the user's language; return the exit code. Cannot fail: if even the
    message breaks (a closed stderr, a bad message), one fixed line goes to the file descriptor."""
    try:
        return _explain_unguarded(exc, args, command_path)
    except BaseException:
        try:
            os.write(2, b"bannergen: internal error; run again with --debug\n")
        except OSError:
            pass
        return 1


def _explain_unguarded(exc: BaseException, args: list[str], command_path: str) -> int:
    if isinstance(exc, SystemExit):
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    if isinstance(exc, ErrorList):
        # One or two lines: the first problem and how many more (`check` lists them all).
        lines = [exc.errors[0].render(_Run.lang)] if len(exc.errors) > 2 else [exc.render(_Run.lang)]
        if len(exc.errors) > 2:
            lines.append(_say("more_problems", count=len(exc.errors) - 1))
        return _fail("\n".join(lines), exc.exit_code)
    if isinstance(exc, BannergenError):
        return _fail(exc.render(_Run.lang), exc.exit_code)
    if isinstance(exc, _UsageProblem):
        return _fail(_usage_text(exc.text, exc.command_path), 2)
    if _is_usage_error(exc):
        ctx = getattr(exc, "ctx", None)
        return _fail(_usage_text(_usage_message(exc, args),
                                 ctx.command_path if ctx is not None else command_path), 2)
    if isinstance(exc, (KeyboardInterrupt, typer.Abort)):
        exc = Interrupted()
    if isinstance(exc, Interrupted):
        # Ctrl-C or SIGTERM: one line saying what was kept (a batch keeps its finished files).
        return _fail(exc.render(_Run.lang), exc.exit_code)
    if isinstance(exc, BrokenPipeError):
        # The reader went away (`bannergen list | head`): nothing to say, and nothing more to
        # flush at exit (Python's advice: point stdout at /dev/null, docs "Note on SIGPIPE").
        if sys.stdout is sys.__stdout__ and sys.stdout is not None:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 1
    if isinstance(exc, OSError):
        reason = os_reason(exc)
        if exc.filename is not None:
            return _fail(_upper(_say("os_error_path", value=os.fsdecode(exc.filename),
                                     reason=reason)), 2)
        return _fail(_upper(_say("os_error", reason=reason)), 1)
    if isinstance(exc, ValueError) and "null" in str(exc):  # os.stat("a\0b"): a NUL in a path
        return _fail(_upper(_say("path_nul", value="…")), 2)
    first = (str(exc).splitlines() or [""])[0][:200]
    reason = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    return _fail(_say("internal_error", reason=reason), 1)


def _stop_on_signals() -> dict:
    """SIGINT and SIGTERM raise Interrupted, so that every clean-up on the way out runs (no
    temporary file is left, a batch stops its workers and lists what it finished). Returns the
    handlers they replace."""
    import signal

    from bannergen.errors import raise_interrupted

    previous = {}
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            previous[signum] = signal.signal(signum, raise_interrupted)
        except (ValueError, OSError):  # not the main thread (an embedding application)
            pass
    return previous


def _restore_signals(previous: dict) -> None:
    import signal

    for signum, handler in previous.items():
        try:
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        except (ValueError, OSError):
            pass


def _fail(text: str, code: int) -> int:
    typer.echo(text, err=True)
    return code


def _upper(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- Click's usage errors, said again in the user's language -------------------------------------
# Typer ≥ 0.26 raises them from its own copy of Click and exposes no public class for them, so
# they are recognised by Click's documented interface: a UsageError has exit_code 2 and a ctx;
# NoSuchOption adds option_name and possibilities, BadOptionUsage option_name, BadParameter param.

def _is_usage_error(exc: BaseException) -> bool:
    return (getattr(exc, "exit_code", None) == 2 and hasattr(exc, "ctx")
            and callable(getattr(exc, "format_message", None)))


_EXPECTED = {float: "type_number", int: "type_int", "float": "type_number", "integer": "type_int"}


def _usage_text(text: str, command_path: str) -> str:
    # A sentence starts with a capital, as every message does.
    return text[:1].upper() + text[1:] + "\n" + _say("usage_hint", command=command_path)


def _usage_message(exc: Any, args: list[str]) -> str:
    param = getattr(exc, "param", None)
    if hasattr(exc, "possibilities"):  # NoSuchOption
        suggest = _close_matches(exc.option_name, sorted(exc.possibilities or ()),
                                            n=1, cutoff=0.0)
        suggestion = Msg("did_you_mean", name=suggest[0]) if suggest else "."
        return _say("usage_no_option", value=exc.option_name, suggestion=suggestion)
    if hasattr(exc, "option_name"):  # BadOptionUsage: an option without its value
        return _say("usage_needs_value", value=exc.option_name)
    if hasattr(exc, "param_type"):  # MissingParameter
        return _say("usage_missing", value=_param_name(param) if param is not None else "?")
    if param is not None:  # BadParameter
        raw = _raw_value(args, param)
        choices = _choices(param)
        if choices and raw is not None:
            guess = _close_matches(raw, choices, n=1)
            return _say("usage_bad_choice", value=raw, param=_param_name(param),
                        choices=", ".join(choices),
                        suggestion=Msg("did_you_mean", name=guess[0]) if guess else ".")
        wrong_kind = _wrong_kind_of_path(args, param, raw)
        if wrong_kind is not None:
            return wrong_kind
        return _say("usage_bad_value", value=raw if raw is not None else exc.format_message(),
                    param=_param_name(param), expected=_expected(param))
    return _say("usage_other", value=str(getattr(exc, "message", exc)).rstrip("."))


def _wrong_kind_of_path(args: list[str], param: Any, raw: str | None) -> str | None:
    """'/tmp is a folder, the order must be a file' (or the other way round), for a path
    parameter refused for its kind; None for any other refusal. An argument's text is not on
    the exception: it is the word of the command line that names a folder (or a file)."""
    info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None) \
        or getattr(param, "type", None)  # Typer >= 0.29 keeps the flags there, Click's Path here
    dir_okay, file_okay = getattr(info, "dir_okay", True), getattr(info, "file_okay", True)
    if dir_okay == file_okay:
        return None
    wrong = os.path.isdir if not dir_okay else os.path.isfile
    found = raw if raw is not None else next((a for a in args if wrong(a)), None)
    if found is None or not wrong(found):
        return None
    key = "usage_path_is_folder" if not dir_okay else "usage_path_is_file"
    return _say(key, value=found, param=_param_name(param))


def _close_matches(word: str, choices: Any, n: int, cutoff: float = 0.6) -> list[str]:
    from difflib import get_close_matches  # only a mistyped command line needs it

    return get_close_matches(word, choices, n=n, cutoff=cutoff)


def _json(value: object) -> str:
    import json  # only the --json listings need it

    return json.dumps(value, ensure_ascii=False, indent=2)


def _choices(param: Any) -> list[str]:
    """The values a choice parameter takes (an Enum or Literal option), as the user types them."""
    found = getattr(getattr(param, "type", None), "choices", None)
    if found is None:
        found = getattr(getattr(param, "type_descriptor", None), "choices", None)
    return [str(getattr(c, "value", c)) for c in found or ()]


def _expected(param: Any) -> str:
    """What a parameter takes, as a phrase: '(expected a number)'."""
    kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if kind is None:
        kind = getattr(getattr(param, "type", None), "name", None)
    type_key = _EXPECTED.get(kind, "") if isinstance(kind, (type, str)) else ""
    return _say("usage_expected", what=_say(type_key)) if type_key else ""


def _unknown_command(name: str, commands: list[str]) -> str:
    guess = _close_matches(name, commands, n=1)
    if guess:
        return _say("usage_no_command_guess", value=name, name=guess[0])
    return _say("usage_no_command", value=name, choices=", ".join(commands))


def _param_label(param: Any) -> str:
    """The name a user typed for a parameter: its longest option, or its metavar."""
    opts = sorted(getattr(param, "opts", ()), key=len)
    if getattr(param, "param_type_name", "") == "argument" or not opts:
        return _metavar(param).rstrip(".")
    return opts[-1]


def _param_name(param: Any) -> str:
    if getattr(param, "param_type_name", "") == "argument":
        return _say("usage_argument", name=_metavar(param).rstrip("."))
    opts = sorted(getattr(param, "opts", ()), key=len)
    return _say("usage_option", name=opts[-1] if opts else param.name)


def _raw_value(args: list[str], param: Any) -> str | None:
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
    """Take the global options out of the line, wherever they stand (before `--`)."""
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


# --- Output a terminal can show --------------------------------------------------------------------

_ASCII = {"—": "-", "–": "-", "─": "-", "━": "-", "═": "=", "│": "|", "┃": "|", "║": "|",
          "×": "x", "→": "->", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*"}


def _fold_to_ascii(error: UnicodeError) -> tuple[str, int]:
    """An encoding error handler: Vietnamese without its marks ('Đảng' → 'Dang'), box lines as
    - and |, anything else '?'. A clerk's ASCII-only console still reads every message."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    from bannergen.inputs.model import without_marks  # only an ASCII-only console needs it

    out = []
    for char in error.object[error.start:error.end]:
        plain = _ASCII.get(char) or without_marks(char)
        try:
            plain.encode(error.encoding)
        except (UnicodeEncodeError, LookupError):
            plain = "?" if char.isprintable() or not char.isspace() else " "
        out.append(plain or "?")
    return "".join(out), error.end


codecs.register_error("bannergen-ascii", _fold_to_ascii)


def _readable_output() -> None:
    """On a console that cannot show Vietnamese (PYTHONIOENCODING=ascii, a Latin-1 terminal),
    fold what cannot be shown instead of failing with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            "Đảng —".encode(encoding)
        except UnicodeEncodeError:
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(errors="bannergen-ascii")
        except LookupError:
            pass
