"""The bannergen command line (Typer): parse, call the library, print, map errors to exit codes."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from bannergen.errors import BannergenError, UserError
from bannergen.i18n import current_language, message

app = typer.Typer(
    name="bannergen",
    help="bannergen: khẩu hiệu đã duyệt → băng rôn, áp phích sẵn sàng in (PDF vector, PNG/JPEG/TIFF).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CatalogOption = Annotated[Optional[Path], typer.Option(
    "--catalog", help="Tệp danh mục khẩu hiệu (mặc định: danh mục kèm theo; hoặc BANNERGEN_CATALOG).",
    dir_okay=False)]


class _State:
    lang = "vi"
    debug = False
    warned_expired = False


def _say(key: str, **params: object) -> str:
    return message(key, _State.lang, **params)


def _load_catalog(path: Path | None):
    """Load the chosen catalogue; warn once per run, on stderr, when its period has passed."""
    from bannergen.catalog import load_catalog

    cat = load_catalog(_catalog_path(path))
    if cat.expired(_today()) and not _State.warned_expired:
        _State.warned_expired = True
        typer.echo(_say("catalog_expired", start=cat.valid_from or "—", end=cat.valid_to), err=True)
    return cat


def _today():
    """Today, or BANNERGEN_TODAY (YYYY-MM-DD) for reproducible proofs and tests."""
    import datetime as dt

    fixed = os.environ.get("BANNERGEN_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise UserError("bad_date", field="BANNERGEN_TODAY", value=fixed) from None
    return dt.date.today()


def _catalog_path(path: Path | None) -> Path:
    from bannergen.resources import default_catalog

    if path is not None:
        return path
    env = os.environ.get("BANNERGEN_CATALOG")
    return Path(env) if env else default_catalog()


@app.callback()
def _main(
    lang: Annotated[Optional[str], typer.Option("--lang", help="Ngôn ngữ thông báo: vi hoặc en.")] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Hiện traceback khi có lỗi.")] = False,
) -> None:
    _State.lang = current_language(lang)
    _State.debug = debug


@app.command("list")
def list_slogans(catalog: CatalogOption = None,
                 as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON.")] = False) -> None:
    """Liệt kê các khẩu hiệu đã được phê duyệt."""
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
                             start=cat.valid_from or "—", end=cat.valid_to or "—"))
    table.add_column(_say("col_id"), justify="right")
    table.add_column(_say("col_slug"))
    table.add_column(_say("col_text"))
    for s in cat.slogans:
        table.add_row(str(s.id), s.slug, s.text)
    Console().print(table)


@app.command("templates")
def list_templates(as_json: Annotated[bool, typer.Option("--json", help="In dạng JSON.")] = False) -> None:
    """Liệt kê các mẫu trình bày."""
    from bannergen.templates import load_templates

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
                      f"{t.default_size.label} ({t.default_size.describe_cm()})", str(t.dpi))
    Console().print(table)


@app.command()
def render(
    slogans: Annotated[Optional[list[str]], typer.Argument(help="Số hoặc mã khẩu hiệu (xem 'bannergen list').")] = None,
    template: Annotated[str, typer.Option("-t", "--template", help="Mẫu: bang-ron, bang-ron-doc, ap-phich, pano.")] = "bang-ron",
    size: Annotated[Optional[str], typer.Option("--size", help="Kích thước, vd. 500x80cm, 5x0.8m, A2, A2-landscape.")] = None,
    fmt: Annotated[Optional[str], typer.Option("-f", "--format", help="pdf, png, jpg hoặc tiff.")] = None,
    dpi: Annotated[Optional[float], typer.Option("--dpi", help="Độ phân giải ảnh (mặc định theo mẫu).")] = None,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp (hoặc thư mục khi in nhiều khẩu hiệu).")] = None,
    text: Annotated[Optional[str], typer.Option("--text", help="Nội dung chưa có trong danh mục (chỉ dùng kèm --draft).")] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Bản nháp: in dấu chìm 'BẢN NHÁP – CHƯA PHÊ DUYỆT'.")] = False,
    bleed: Annotated[Optional[float], typer.Option("--bleed", help="Tràn lề (mm) quanh kích thước thành phẩm (mặc định theo mẫu).")] = None,
    marks: Annotated[bool, typer.Option("--marks", help="Thêm dấu xén và dòng thông tin ngoài vùng tràn lề.")] = False,
    cmyk: Annotated[bool, typer.Option("--cmyk", help="Mọi màu trong PDF là CMYK (ảnh: chỉ TIFF).")] = False,
    outline_text: Annotated[bool, typer.Option("--outline-text", help="Chuyển chữ thành đường cong (không nhúng phông).")] = False,
    scale: Annotated[Optional[str], typer.Option("--scale", help="Tỉ lệ thu nhỏ, vd. 1:10 (mặc định 1:1).")] = None,
    grommet_marks: Annotated[bool, typer.Option("--grommet-marks", help="Đánh dấu vị trí khoen (ô-dê) trên viền.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Dàn trang và xuất khẩu hiệu ra tệp sẵn sàng in."""
    from bannergen.catalog import clean_text, text_problem
    from bannergen.compose import Job
    from bannergen.pdf import PdfOptions
    from bannergen.render import (Output, check_bleed, default_name, normalise_format, notes,
                                  prepare_destination, render_job)
    from bannergen.templates import load_templates
    from bannergen.units import parse_scale, parse_size

    check_bleed(bleed)
    pdf_options = PdfOptions(cmyk=cmyk, outline_text=outline_text, marks=marks,
                             grommet_marks=grommet_marks,
                             scale=parse_scale(scale) if scale else 1, date=_slug_date())
    if text is not None:
        # Only approved text goes to print: free text is a draft, and says so on its face.
        if not draft:
            raise UserError("text_needs_draft", value=text[:40])
        if slogans:
            raise UserError("text_and_slogans")
        cleaned = clean_text(text)
        problem = text_problem(cleaned)
        if problem:
            raise UserError(problem[0], field="--text", value=text[:40], **problem[1])
        office = None
        if catalog is not None or os.environ.get("BANNERGEN_CATALOG"):
            office = _load_catalog(catalog).office
        specs = [dict(text=cleaned, slug=draft_slug(cleaned), office=office)]
    else:
        if not slogans:
            raise UserError("no_slogan_given")
        cat = _load_catalog(catalog)
        specs = [dict(text=s.text, slogan_id=s.id, slug=s.slug, keep=s.keep, lines=s.lines,
                      office=cat.office) for s in (cat.find(ref) for ref in slogans)]
    tmpl = load_templates().get(template)
    page = parse_size(size) if size else tmpl.default_size
    if fmt is None and output is not None and output.suffix and not output.is_dir():
        fmt = output.suffix
    out_format = normalise_format(fmt or "pdf")
    many = len(specs) > 1
    if many and output is not None and output.exists() and not output.is_dir():
        raise UserError("output_many_needs_dir", value=str(output))
    jobs = [Job(template=tmpl, size=page, draft=draft, bleed_mm=bleed, **spec) for spec in specs]
    targets = []
    for job in jobs:
        if output is None:
            target = Path(default_name(job, out_format, pdf_options.scale))
        elif many:
            target = output / default_name(job, out_format, pdf_options.scale)
        else:
            target = output
        prepare_destination(target)
        targets.append(target)
    spec = Output(fmt=out_format, dpi=dpi, pdf=pdf_options)
    for job, target in zip(jobs, targets):
        render_job(job, spec, target)
        typer.echo(_say("wrote", path=target))
        for key, params in notes(job, spec):
            typer.echo(_say(key, **params))


def _slug_date() -> str:
    """Today's date for the slug line; SOURCE_DATE_EPOCH (reproducible-builds.org) pins it."""
    import datetime as dt

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date().isoformat()
    return dt.date.today().isoformat()


def draft_slug(text: str) -> str:
    """A safe ASCII file-name part for free text: 'ban-nhap-' and the text without diacritics."""
    import re
    import unicodedata

    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40].strip("-")
    return "ban-nhap" + (f"-{words}" if words else "")


@app.command()
def batch(
    order: Annotated[Optional[Path], typer.Argument(help="Tệp đơn đặt in (YAML). Bỏ trống: cả danh mục trên các mẫu mặc định.", dir_okay=False)] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="Thư mục ra.", file_okay=False)] = Path("bannergen-out"),
    jobs: Annotated[Optional[int], typer.Option("-j", "--jobs", help="Số tiến trình song song (mặc định: số CPU).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Xuất lại cả các tệp đã cập nhật.")] = False,
    pack: Annotated[bool, typer.Option("--zip", help="Đóng gói tệp và danh sách thành một tệp zip cho nhà in.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Xuất mọi dòng của đơn đặt in (song song), kèm danh sách tệp (JSON, CSV)."""
    from bannergen.batch import plan, run
    from bannergen.order import demo_order, load_order
    from bannergen.templates import load_templates

    if jobs is not None and jobs < 1:
        raise UserError("bad_jobs", value=jobs)
    cat = _load_catalog(catalog)
    templates = load_templates()
    # The whole order is checked before anything is rendered: a typo costs nothing.
    the_order = load_order(order, cat, templates) if order else demo_order(cat, templates)
    tasks = plan(the_order, office=cat.office)
    meta = {"catalog": cat.title, "catalog_file": cat.path.name,
            "order": order.name if order else None,
            "organization": the_order.organization or cat.office}
    zip_name = f"{order.stem if order else 'bannergen-demo'}.zip" if pack else None
    report = _run_with_progress(tasks, output, jobs, force, zip_name, meta, run)
    for result in report.failed:
        typer.echo(_say("batch_item_failed", done="!", total=len(tasks), file=result.task.name,
                        error=result.error.render(_State.lang) if result.error else ""), err=True)
    typer.echo(_say("batch_summary", rendered=report.count("rendered"),
                    skipped=report.count("skipped"), failed=report.count("failed"),
                    manifest=report.manifest))
    if report.archive:
        typer.echo(_say("batch_zip", path=report.archive))
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def _run_with_progress(tasks, output, jobs, force, zip_name, meta, run):
    """A progress bar on a terminal; one plain line per file otherwise (logs, pipes, CI)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        def line(result, done, total):
            if result.status == "failed":
                return  # listed with its reason after the run
            key = "batch_item_skipped" if result.status == "skipped" else "batch_item_rendered"
            typer.echo(_say(key, done=done, total=total, file=result.task.name))

        return run(tasks, output, jobs=jobs, force=force, progress=line, zip_name=zip_name,
                   meta=meta)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), console=console, transient=False) as bar:
        handle = bar.add_task(_say("batch_progress"), total=len(tasks))

        def advance(result, done, total):
            bar.update(handle, completed=done)

        return run(tasks, output, jobs=jobs, force=force, progress=advance, zip_name=zip_name,
                   meta=meta)


@app.command()
def proof(
    order: Annotated[Path, typer.Argument(help="Tệp đơn đặt in (YAML).", dir_okay=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Tệp PDF phiếu duyệt.", dir_okay=False)] = Path("phieu-duyet-maket.pdf"),
    catalog: CatalogOption = None,
) -> None:
    """Lập phiếu duyệt maket (A4) để lãnh đạo ký duyệt trước khi in."""
    from bannergen.order import load_order
    from bannergen.proof import build_proof
    from bannergen.render import prepare_destination, write_atomic
    from bannergen.templates import load_templates

    cat = _load_catalog(catalog)
    the_order = load_order(order, cat, load_templates())
    prepare_destination(output)
    write_atomic(output, build_proof(the_order, cat, _today()))
    typer.echo(_say("wrote", path=output))


@app.command()
def tile(
    slogan: Annotated[str, typer.Argument(help="Số hoặc mã khẩu hiệu.")],
    template: Annotated[str, typer.Option("-t", "--template", help="Mẫu: bang-ron, bang-ron-doc, ap-phich, pano.")] = "bang-ron",
    size: Annotated[Optional[str], typer.Option("--size", help="Kích thước thật, vd. 300x50cm.")] = None,
    paper: Annotated[str, typer.Option("--paper", help="Khổ giấy máy in văn phòng: A4 hoặc A3.")] = "A4",
    overlap: Annotated[float, typer.Option("--overlap", help="Phần chồng mép để dán (mm).")] = 10.0,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Tệp PDF.", dir_okay=False)] = None,
    draft: Annotated[bool, typer.Option("--draft", help="Bản nháp: in dấu chìm 'BẢN NHÁP – CHƯA PHÊ DUYỆT'.")] = False,
    catalog: CatalogOption = None,
) -> None:
    """Chia băng rôn cỡ thật ra nhiều tờ A4/A3 để in bằng máy in văn phòng rồi ghép lại."""
    from bannergen.compose import Job
    from bannergen.render import default_name, prepare_destination, write_atomic
    from bannergen.templates import load_templates
    from bannergen.tile import build_tiles, plan_tiles
    from bannergen.units import parse_size

    cat = _load_catalog(catalog)
    s = cat.find(slogan)
    tmpl = load_templates().get(template)
    page = parse_size(size) if size else tmpl.default_size
    # Office sheets are cut at the banner's edge: no bleed.
    job = Job(text=s.text, template=tmpl, size=page, slogan_id=s.id, slug=s.slug, keep=s.keep,
              lines=s.lines, office=cat.office, draft=draft, bleed_mm=0)
    plan_tiles(page.width_pt, page.height_pt, paper, overlap)  # bad options fail before layout
    target = output or Path(default_name(job, "pdf").replace(".pdf", f"_to-{paper.upper()}.pdf"))
    prepare_destination(target)
    label = f"Khẩu hiệu số {s.id}: {s.text}"
    data, plan = build_tiles(job, paper, overlap, label=label, short_label=f"Khẩu hiệu số {s.id}")
    write_atomic(target, data)
    typer.echo(_say("tile_wrote", path=target, sheets=plan.rows * plan.cols, paper=plan.paper,
                    rows=plan.rows, cols=plan.cols))


@app.command()
def gallery(
    output: Annotated[Path, typer.Option("-o", "--output", help="Thư mục ảnh xem trước.", file_okay=False)] = Path("bannergen-gallery"),
    catalog: CatalogOption = None,
) -> None:
    """Xuất ảnh xem trước mọi khẩu hiệu trên mọi mẫu và một bảng tổng hợp."""
    from bannergen.catalog import load_catalog
    from bannergen.gallery import make_gallery
    from bannergen.templates import load_templates

    result = make_gallery(load_catalog(_catalog_path(catalog)), load_templates(), output)
    typer.echo(_say("wrote", path=result.sheet))


@app.command()
def check(
    catalog: CatalogOption = None,
    templates_dir: Annotated[Optional[Path], typer.Option("--templates", help="Thư mục mẫu.", file_okay=False)] = None,
) -> None:
    """Kiểm tra danh mục, mẫu và phông chữ; báo mọi lỗi tìm thấy."""
    from bannergen.checks import check_all

    problems, counts = check_all(_catalog_path(catalog), templates_dir)
    if problems:
        for problem in problems:
            typer.echo(problem.render(_State.lang), err=True)
        raise typer.Exit(2)
    typer.echo(_say("check_ok", **counts))


GLOBAL_FLAGS = ("--debug",)
GLOBAL_OPTIONS = ("--lang",)


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app; a BannergenError becomes a short message and its exit code.

    Global options may stand anywhere on the line (`bannergen render 1 --lang en`): they are
    taken out here and handed to the app's callback in front.
    """
    args, front = _hoist_globals(list(sys.argv[1:] if argv is None else argv))
    _State.lang = current_language(next((v for k, v in front if k == "--lang"), None))
    _State.debug = any(k == "--debug" for k, _ in front)
    hoisted = [part for k, v in front for part in ((k,) if v is None else (k, v))]
    try:
        app(args=hoisted + args, prog_name="bannergen")
    except BannergenError as exc:
        if _State.debug:
            raise
        typer.echo(exc.render(_State.lang), err=True)
        sys.exit(exc.exit_code)
    except Exception as exc:
        if _State.debug:
            raise
        typer.echo(_say("internal_error", reason=f"{type(exc).__name__}: {exc}"), err=True)
        sys.exit(1)


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
