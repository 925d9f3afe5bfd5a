"""The pages and downloads of `bannergen web` (Starlette): each handler reads a form, makes the
library calls the CLI command makes, and answers with a page (Jinja2) or a streamed file."""

from __future__ import annotations

import re
import secrets
import shutil
from pathlib import Path

from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bannergen import __version__
from bannergen.errors import BannergenError, UserError
from bannergen.i18n import message
from bannergen.inputs.formats import FORMAT_NAMES, FORMATS
from bannergen.web.forms import (
    ORDER_FILE,
    BannerForm,
    LineForm,
    Problems,
    add_line,
    load_draft,
    order_data,
    order_problems,
    order_totals,
    order_yaml,
    place_error,
    plan_banner,
    save_details,
    with_settings_logo,
)
from bannergen.web.guard import Guard
from bannergen.web.session import Session

HERE = Path(__file__).resolve().parent
PROOF_FILE = "phieu-duyet-maket.pdf"
ZIP_FILE = "don-dat-in.zip"
# Uploads: the largest thing a form carries is a logo (inputs.images.MAX_IMAGE_BYTES); each
# upload is then held to its own kind's limit by the loader that reads it.
FORM_OVERHEAD = 64 * 1024


def create_app(session: Session) -> Starlette:
    """The whole site for one session, behind its guard."""
    from bannergen.inputs.images import MAX_IMAGE_BYTES

    routes = [
        Route("/", catalog_page, methods=["GET"]),
        Route("/catalog", catalog_post, methods=["POST"]),
        Route("/banner", banner_page, methods=["GET"]),
        Route("/preview/{key:str}.png", preview_image, methods=["GET"]),
        Route("/order", order_page, methods=["GET"]),
        Route("/order/details", order_details, methods=["POST"]),
        Route("/order/lines", order_add, methods=["POST"]),
        Route("/order/lines/{number:int}/remove", order_remove, methods=["POST"]),
        Route("/order/clear", order_clear, methods=["POST"]),
        Route(f"/order/{ORDER_FILE}", order_file, methods=["GET"]),
        Route(f"/order/{PROOF_FILE}", order_proof, methods=["GET"]),
        Route(f"/order/{ZIP_FILE}", order_zip, methods=["GET"]),
        Route("/letter", letter_page, methods=["GET"]),
        Route("/letter", letter_post, methods=["POST"]),
        Route("/letter/use", letter_use, methods=["POST"]),
        Route("/letter/{name:str}", letter_file, methods=["GET"]),
        Route("/settings", settings_page, methods=["GET"]),
        Route("/settings", settings_post, methods=["POST"]),
        Route("/settings/logo", settings_logo_image, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={
        404: not_found, 403: forbidden, 405: method_not_allowed, 400: bad_request})
    app.state.session = session
    app.state.pages = _environment(session)
    return Guard(app, session, max_body=MAX_IMAGE_BYTES + FORM_OVERHEAD)


def _environment(session: Session):
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True), trim_blocks=True,
                      lstrip_blocks=True)
    env.globals.update(t=lambda key, **params: message(key, session.lang, **params),
                       lang=session.lang, version=__version__)
    return env


# ----------------------------------------------------------------------------------------------
# helpers

def _session(request: Request) -> Session:
    return request.app.state.session


def page(request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
    session = _session(request)
    context.setdefault("problems", {})
    # A broken bannergen.toml stops every CLI command; here it is said on every page, and the
    # settings page can write a good one.
    broken = session.settings_error
    html = request.app.state.pages.get_template(name).render(
        csrf=session.token, path=request.url.path,
        settings_error=session.say(broken, located=True) if broken is not None else [],
        **context)
    return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})


async def read_form(request: Request):
    """The posted form, after checking its token (a forged cross-site form has none)."""
    session = _session(request)
    form = await request.form()
    given = str(form.get("csrf") or request.headers.get("x-bannergen-token") or "")
    if not secrets.compare_digest(given.encode(), session.token.encode()):
        raise HTTPException(403, message("web_refused_token", session.lang))
    return form


def download(path: Path, name: str, media_type: str, folder: Path | None = None) -> FileResponse:
    """A file sent in chunks (FileResponse streams it), then its folder removed."""
    cleanup = BackgroundTask(shutil.rmtree, folder, ignore_errors=True) if folder else None
    return FileResponse(path, media_type=media_type, filename=name, background=cleanup,
                        headers={"cache-control": "no-store"})


async def not_found(request: Request, exc: HTTPException) -> Response:
    session = _session(request)
    return page(request, "refused.html", status=404,
                text=message("web_not_found", session.lang, value=request.url.path[:100]))


async def forbidden(request: Request, exc: HTTPException) -> Response:
    return page(request, "refused.html", status=403, text=exc.detail)


async def method_not_allowed(request: Request, exc: HTTPException) -> Response:
    """A method the path does not take (a POST to a page, a GET to a form's address): the same
    page as the guard's refusal of PUT or DELETE, with the Allow header kept."""
    session = _session(request)
    response = page(request, "refused.html", status=405,
                    text=message("web_refused_method", session.lang, value=request.method[:20]))
    if exc.headers and "allow" in {name.lower() for name in exc.headers}:
        response.headers["allow"] = next(v for k, v in exc.headers.items() if k.lower() == "allow")
    return response


# Starlette's own words when it cannot read a posted form (request.form() raises them as a 400).
_FORM_PROBLEMS = (
    (re.compile(r"(?:Field|Part) exceeded maximum size of (\d+)KB"), "web_form_field_too_large"),
    (re.compile(r"Too many (?:fields|files)\. Maximum number of \w+ is (\d+)"), "web_form_too_many"),
)


async def bad_request(request: Request, exc: HTTPException) -> Response:
    """A form that could not be read (a field over the size limit, too many fields, broken
    multipart data), told in the page's language rather than in Starlette's English."""
    session = _session(request)
    detail = str(exc.detail or "")
    for pattern, key in _FORM_PROBLEMS:
        found = pattern.search(detail)
        if found:
            text = message(key, session.lang, limit=int(found.group(1)))
            break
    else:
        text = message("web_form_malformed", session.lang)
    return page(request, "refused.html", status=400, text=text)


def _templates(events: bool = False):
    """The templates a slogan is set on; with `events`, the hall backdrop too (an order line
    may be an event)."""
    from bannergen.inputs.templates import load_templates

    found = load_templates()
    return found.templates if events else found.for_slogans


def size_choices(lang: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Sizes offered beside the free-text size field: each template's default, the paper sizes
    and the named presets of inputs.units (screens, banners, backdrops)."""
    from bannergen.inputs import units

    defaults = [(t.default_size.label, f"{t.title if lang == 'vi' else t.title_en} — "
                 f"{t.default_size.describe_cm()}") for t in _templates()]
    paper = []
    for orientation in ("portrait", "landscape"):
        for name, (width, height) in units.PAPER_MM.items():
            if not name.startswith("A"):
                continue
            if orientation == "landscape":
                width, height = height, width
            cm = units.Size(width, height, name).describe_cm()
            paper.append((name if orientation == "portrait" else f"{name}-landscape",
                          message(f"web_paper_{orientation}", lang, name=name, cm=cm)))
    groups = [(message("web_label_template", lang), defaults), ("ISO 216", paper)]
    groups.append(("", [(p.size, f"{p.title_vi if lang == 'vi' else p.title_en} — {p.size}")
                        for p in units.PRESETS]))
    return groups


# ----------------------------------------------------------------------------------------------
# the catalogue in use

async def catalog_page(request: Request, problems: Problems | None = None,
                       status: int = 200) -> Response:
    from bannergen.inputs.context import today

    session = _session(request)
    problems = problems or Problems(session)
    catalogue = problems.attempt("", session.catalogue)
    date = problems.attempt("", today)
    return page(request, "catalog.html", status=status, page_name="catalog", catalogue=catalogue,
                expired=bool(catalogue and date and catalogue.expired(date)),
                file_name=session.catalog_display,
                in_session=session.chosen_catalog is not None,
                problems=problems.by_field)


async def catalog_post(request: Request) -> Response:
    """Use an uploaded catalogue (YAML) for this session, or go back to the default one."""
    from bannergen.inputs.catalog import load_catalog

    session = _session(request)
    form = await read_form(request)
    if form.get("reset"):
        session.use_catalog(None)
        return RedirectResponse("/", status_code=303)
    problems = Problems(session)
    upload = form.get("catalog")
    if upload is None or not getattr(upload, "filename", ""):
        problems.add("catalog", UserError("web_upload_missing"))
        return await catalog_page(request, problems, status=400)
    path = await _save_upload(session, upload, "catalog", (".yaml", ".yml"), problems)
    if path is None:
        return await catalog_page(request, problems, status=400)
    try:
        await run_in_threadpool(load_catalog, path)
    except UserError as exc:
        problems.add("catalog", exc, located=True)
        return await catalog_page(request, problems, status=400)
    session.use_catalog(path, session.display_names[str(path)])
    return RedirectResponse("/", status_code=303)


async def _save_upload(session: Session, upload, kind: str, suffixes: tuple[str, ...],
                       problems: Problems, field: str | None = None) -> Path | None:
    """Keep an upload in the session folder if its name has an accepted suffix; its content is
    checked by the loader that reads it (the same limits as for a file given to the CLI)."""
    from bannergen.web.session import display_name

    name = display_name(upload.filename or "")
    if not name.lower().endswith(suffixes):
        problems.add(field or kind, UserError("web_upload_type", value=name,
                                              choices=", ".join(suffixes)))
        return None
    data = await upload.read()
    return session.save_upload(data, name, kind)


# ----------------------------------------------------------------------------------------------
# make a banner: `bannergen render`

async def banner_page(request: Request) -> Response:
    session = _session(request)
    query = request.query_params
    form = BannerForm.read(query)
    action = query.get("do", "")
    problems = Problems(session)
    context = {"form": form, "preview": None, "notes": []}
    status = 200
    if action == "preview" or action in FORMATS:
        plan = plan_banner(session, form, problems)
        if plan is not None:
            if action == "preview":
                context.update(await run_in_threadpool(_preview, session, plan, form, problems))
            else:
                response = await run_in_threadpool(_render_file, session, plan, action, form,
                                                   problems)
                if response is not None:
                    return response
        if problems:
            status = 400
    return _banner_page(request, form, problems, status, context)


def _banner_page(request: Request, form: BannerForm, problems: Problems, status: int,
                 context: dict) -> Response:
    session = _session(request)
    catalogue = None
    try:
        catalogue = session.catalogue()
    except UserError as exc:
        if "" not in problems.by_field:
            problems.add("", exc, located=True)
    templates = _templates()
    chosen = next((t for t in templates if form.template in (t.name, *t.aliases)), None)
    return page(request, "banner.html", status=status, page_name="banner", catalogue=catalogue,
                templates=templates, chosen=chosen, sizes=size_choices(session.lang),
                downloads=[(f.name, f.label) for f in FORMATS.values()],
                problems=problems.by_field, **context)


def _preview(session: Session, plan, form: BannerForm, problems: Problems) -> dict:
    from bannergen.workflow.preview import render_preview
    from bannergen.workflow.render import Output, notes, output_dpi

    job = plan.job
    folder = session.new_folder("preview")
    try:
        with session.render_lock:
            result = render_preview(job, folder / "preview.png", plan.pdf_options)
    except UserError as exc:
        place_error(problems, exc, form)
        shutil.rmtree(folder, ignore_errors=True)
        return {}
    key = session.keep_preview(result.path)
    lang = session.lang
    dpi = output_dpi(job, Output(fmt="png", dpi=plan.dpi))  # as `render -f png` chooses it
    width, height = job.size.pixels(dpi)
    title = job.template.title if lang == "vi" else job.template.title_en
    said = [message(key_, lang, **params)
            for key_, params in notes(job, Output(fmt="pdf", pdf=plan.pdf_options))]
    return {
        "preview": {
            "src": f"/preview/{key}.png", "width": result.width_px, "height": result.height_px,
            "alt": message("web_preview_alt", lang, what=plan.what, template=title,
                           size=job.size.label) + ": " + " / ".join(result.lines),
            "lines": result.lines,
            "info": message("web_preview_info", lang, lines=len(result.lines),
                            type_size=f"{result.type_size:.0f}", size=job.size.label,
                            cm=job.size.describe_cm()),
            "file": message("web_preview_file", lang, width=width, height=height,
                            dpi=f"{dpi:g}"),
        },
        "notes": said,
    }


def _render_file(session: Session, plan, fmt: str, form: BannerForm,
                 problems: Problems) -> Response | None:
    from bannergen.workflow.render import Output, default_name, render_job

    job = plan.job
    name = default_name(job, fmt)
    folder = session.new_folder("file")
    try:
        with session.render_lock:
            render_job(job, Output(fmt=fmt, dpi=plan.dpi, pdf=plan.pdf_options), folder / name)
    except UserError as exc:
        place_error(problems, exc, form)
        shutil.rmtree(folder, ignore_errors=True)
        return None
    return download(folder / name, name, FORMATS[fmt].media_type, folder)


async def preview_image(request: Request) -> Response:
    session = _session(request)
    path = session.previews.get(request.path_params["key"])
    if path is None or not path.is_file():
        raise HTTPException(404)
    return FileResponse(path, media_type="image/png", headers={"cache-control": "no-store"})


# ----------------------------------------------------------------------------------------------
# the print order: `bannergen proof` and `bannergen batch --zip`

async def order_page(request: Request, problems: Problems | None = None, status: int = 200,
                     line_form: LineForm | None = None, details: dict | None = None) -> Response:
    session = _session(request)
    problems = problems or Problems(session)
    order = None
    catalogue = problems.attempt("", session.catalogue)
    if session.order.lines and catalogue is not None:
        try:
            order = await run_in_threadpool(load_draft, session, session.order)
        except UserError as exc:
            order_problems(session, exc, problems)
    lang = session.lang
    rows = []
    if order is not None:
        for number, item in enumerate(order.items, 1):
            rows.append({"number": number, "slogan": item.slogans[0] if item.slogans else None,
                         "event": item.event,
                         "template": item.template.title if lang == "vi" else item.template.title_en,
                         "size": item.size.label, "cm": item.size.describe_cm(),
                         "quantity": item.quantity, "formats": ", ".join(item.formats).upper(),
                         "note": item.note or "",
                         "key": session.order.lines[number - 1].key})
    draft = session.order
    office = session.office(catalogue) if catalogue is not None else None
    return page(request, "order.html", status=status, page_name="order", catalogue=catalogue,
                office=office,
                templates=_templates(events=True), sizes=size_choices(lang), rows=rows,
                totals=order_totals(order, lang) if order is not None else None,
                details=details or {key: getattr(draft, key) for key in
                                    ("organization", "title", "date", "prepared_by", "occasion")},
                line=line_form or LineForm(ref=request.query_params.get("slogan", "")),
                formats=FORMAT_NAMES, problems=problems.by_field,
                added=request.query_params.get("added", ""))


def _size_shown(size) -> str:
    """A size as the clerk reads it: 500×80 cm; a paper size by its name, A2 (42×59.4 cm)."""
    cm = size.describe_cm()
    return f"{size.label} ({cm})" if size.label[:1].isalpha() else cm


async def order_details(request: Request) -> Response:
    session = _session(request)
    form = await read_form(request)
    problems = Problems(session)
    values = {key: str(form.get(key) or "") for key in
              ("organization", "title", "date", "prepared_by", "occasion")}
    if not await run_in_threadpool(save_details, session, values, problems):
        return await order_page(request, problems, status=400, details=values)
    return RedirectResponse("/order", status_code=303)


async def order_add(request: Request) -> Response:
    session = _session(request)
    form = await read_form(request)
    problems = Problems(session)
    line = LineForm.read(form)
    with_lock = _locked(session, add_line)
    if not await run_in_threadpool(with_lock, session, line, problems):
        return await order_page(request, problems, status=400, line_form=line)
    return RedirectResponse(f"/order?added={len(session.order.lines)}#lines", status_code=303)


def _locked(session: Session, function):
    def call(*args):
        with session.render_lock:
            return function(*args)
    return call


async def order_remove(request: Request) -> Response:
    """Remove the line the button was drawn for. The form names it by its key (OrderLine.key),
    not by its place, which changes as lines are removed: a request repeated (a double click,
    a reload) or sent from an older page removes that line or nothing, never another line.
    The number in the address is the line's place when the page was drawn, for people."""
    session = _session(request)
    form = await read_form(request)
    key = str(form.get("line") or "")
    lines = session.order.lines
    found = next((i for i, line in enumerate(lines) if key and line.key == key), None)
    if found is not None:
        del lines[found]
    return RedirectResponse("/order#lines", status_code=303)


async def order_clear(request: Request) -> Response:
    session = _session(request)
    await read_form(request)
    session.order.lines.clear()
    return RedirectResponse("/order", status_code=303)


async def order_file(request: Request) -> Response:
    session = _session(request)
    text = order_yaml(order_data(session.order))
    return Response(text.encode("utf-8"), media_type="application/yaml; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{ORDER_FILE}"',
                             "cache-control": "no-store"})


async def order_proof(request: Request) -> Response:
    return await _order_download(request, _proof)


async def order_zip(request: Request) -> Response:
    return await _order_download(request, _zip)


async def _order_download(request: Request, make) -> Response:
    session = _session(request)
    problems = Problems(session)
    try:
        result = await run_in_threadpool(_locked(session, make), session, problems)
    except BannergenError as exc:
        problems.add("", exc, located=True)
        result = None
    if result is None:
        return await order_page(request, problems, status=400)
    return result


def _proof(session: Session, problems: Problems) -> Response:
    from bannergen.inputs.context import today
    from bannergen.workflow.proof import build_proof

    order = with_settings_logo(session, load_draft(session, session.order))
    data = build_proof(order, session.catalogue(), today(), session.settings())
    folder = session.new_folder("proof")
    (folder / PROOF_FILE).write_bytes(data)
    return download(folder / PROOF_FILE, PROOF_FILE, "application/pdf", folder)


def _zip(session: Session, problems: Problems) -> Response | None:
    from bannergen.workflow.batch import plan, run

    order = with_settings_logo(session, load_draft(session, session.order))
    catalogue = session.catalogue()
    office = session.office(catalogue)
    tasks = plan(order, office=office)
    meta = {"catalog": catalogue.title, "catalog_file": session.catalog_display,
            "order": ORDER_FILE, "organization": order.organization or office}
    # One output folder for the session: a file already rendered and unchanged is skipped, as
    # on a second `batch` run.
    outcome = run(tasks, session.folder / "batch", zip_name=ZIP_FILE, meta=meta)
    for result in outcome.failed:
        problems.by_field.setdefault("", []).append(message(
            "web_order_failed", session.lang, file=result.task.name,
            error="\n".join(session.say(result.error)) if result.error else ""))
    if outcome.failed or outcome.archive is None:
        return None
    # The zip is handed over from a folder of its own, so the next run cannot overwrite it
    # while it is being sent.
    folder = session.new_folder("zip")
    shutil.move(str(outcome.archive), folder / ZIP_FILE)
    return download(folder / ZIP_FILE, ZIP_FILE, "application/zip", folder)


# ----------------------------------------------------------------------------------------------
# a new catalogue from the official letter: `bannergen catalog new`

LETTER_FIELDS = ("text", "document", "valid_from", "valid_to", "title")
# Where an error of the letter's library belongs on the page (its CLI option → our field).
LETTER_FIELD_OF = {"--valid-from": "valid_from", "--valid-to": "valid_to",
                   "--document": "document", "--title": "title"}


async def letter_page(request: Request, problems: Problems | None = None, status: int = 200,
                      values: dict | None = None) -> Response:
    session = _session(request)
    problems = problems or Problems(session)
    result = session.letter
    if result is not None:
        in_use = session.chosen_catalog is not None and session.chosen_catalog[1] == result["name"]
        result = {**result, "in_use": in_use}
    if values is None:
        values = result["values"] if result is not None else {key: "" for key in LETTER_FIELDS}
    return page(request, "letter.html", status=status, page_name="letter", values=values,
                result=result,
                problems=problems.by_field)


async def letter_post(request: Request) -> Response:
    from bannergen.workflow.letter import catalog_from_letter, parse_date, read_letter

    session = _session(request)
    form = await read_form(request)
    problems = Problems(session)
    values = {key: str(form.get(key) or "")[:200_000 if key == "text" else 500]
              for key in LETTER_FIELDS}
    upload = form.get("letter")
    text = source = None
    text_field = "text"
    if upload is not None and getattr(upload, "filename", ""):
        text_field = "letter"
        path = await _save_upload(session, upload, "letter", (".txt", ".docx"), problems,
                                  field="letter")
        if path is not None:
            source = session.display_names[str(path)]
            try:
                text = await run_in_threadpool(read_letter, path)
            except UserError as exc:
                problems.add("letter", exc, located=True)
    elif values["text"].strip():
        text, source = values["text"], message("web_letter_pasted", session.lang)
    else:
        problems.add("text", UserError("web_letter_missing"))
    dates = {}
    for key, option in (("valid_from", "--valid-from"), ("valid_to", "--valid-to")):
        if values[key].strip():
            dates[key] = problems.attempt(key, lambda v=values[key], o=option: parse_date(v, o))
    if not values["document"].strip():
        problems.add("document", UserError("letter_no_document"))
    if problems or text is None:
        return await letter_page(request, problems, status=400, values=values)
    try:
        yaml_text, found = catalog_from_letter(text, values["document"], dates.get("valid_from"),
                                               dates.get("valid_to"),
                                               values["title"].strip() or None)
        name = _letter_file_name(upload, values["document"])
        catalogue = _validate_catalog(yaml_text, name)
    except UserError as exc:
        if exc.key == "letter_no_slogans":
            problems.add(text_field, exc)
        elif exc.key == "bad_period":
            problems.add("valid_from", exc)
        else:
            problems.add(LETTER_FIELD_OF.get(exc.field or "", ""), exc,
                         located=exc.field not in LETTER_FIELD_OF)
        return await letter_page(request, problems, status=400, values=values)
    session.letter = {"yaml": yaml_text, "slogans": found, "name": name, "source": source,
                      "catalogue": catalogue, "values": values}
    return RedirectResponse("/letter#found", status_code=303)


def _validate_catalog(text: str, name: str):
    """Load the new catalogue with the loader itself, as `catalog new` does before writing."""
    from bannergen.workflow.letter import validate_catalog_text

    return validate_catalog_text(text, name)


def _letter_file_name(upload, document: str) -> str:
    """The catalogue's file name: the letter's own name (as `catalog new` names it), or for
    pasted text the approving document's number."""
    from bannergen.web.session import display_name, safe_name
    from bannergen.workflow.letter import parse_document, slugify

    if upload is not None and getattr(upload, "filename", ""):
        stem = safe_name(display_name(upload.filename)).rsplit(".", 1)[0]
        return f"{stem}.yaml"
    return f"khau-hieu-{slugify(parse_document(document).id)}.yaml"


async def letter_file(request: Request) -> Response:
    session = _session(request)
    result = session.letter
    if result is None or request.path_params["name"] != result["name"]:
        raise HTTPException(404)
    return Response(result["yaml"].encode("utf-8"), media_type="application/yaml; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{result["name"]}"',
                             "cache-control": "no-store"})


async def letter_use(request: Request) -> Response:
    session = _session(request)
    await read_form(request)
    result = session.letter
    if result is None:
        return RedirectResponse("/letter", status_code=303)
    folder = session.new_folder("catalog")
    path = folder / result["name"]
    path.write_text(result["yaml"], encoding="utf-8")
    session.use_catalog(path, result["name"])
    return RedirectResponse("/", status_code=303)


# ----------------------------------------------------------------------------------------------
# the office's settings: bannergen.toml, as `bannergen config` shows it

def settings_target(session: Session) -> Path:
    """The file the page writes: the strongest settings file that exists (the working folder's,
    then the user's), else a new one in the working folder, where `bannergen config init` puts
    it."""
    from bannergen.inputs.settings import settings_files

    files = settings_files(session.cwd)
    return next((path for path in files if path.is_file()), files[0])


async def settings_page(request: Request, problems: Problems | None = None, status: int = 200,
                        values: dict | None = None) -> Response:
    session = _session(request)
    problems = problems or Problems(session)
    settings = session.settings()
    if session.settings_error is not None and "" not in problems.by_field:
        problems.add("", session.settings_error, located=True)
    office = list(settings.office or ())
    if values is None:
        values = {"office_1": office[0] if len(office) > 1 else "",
                  "office_2": office[-1] if office else "", "place": settings.place or ""}
    target = settings_target(session)
    sources = {key: settings.source(key) for key in ("office", "place", "logo")}
    return page(request, "settings.html", status=status, page_name="settings", values=values,
                target=target, target_exists=target.is_file(), sources=sources,
                logo=settings.logo, catalog_path=session.default_catalog,
                output_path=settings.output or message("web_settings_default", session.lang,
                                                       path=session.cwd),
                saved=request.query_params.get("saved") == "1", problems=problems.by_field)


async def settings_post(request: Request) -> Response:
    session = _session(request)
    form = await read_form(request)
    problems = Problems(session)
    values = {key: str(form.get(key) or "")[:300] for key in ("office_1", "office_2", "place")}
    upload = form.get("logo")
    logo_path = None
    if upload is not None and getattr(upload, "filename", ""):
        logo_path = await _save_upload(session, upload, "logo", (".png", ".jpg", ".jpeg"),
                                       problems)
    _check_settings_text(values, problems)
    if not problems:  # a refused upload or a field that cannot be printed saves nothing
        try:
            await run_in_threadpool(_save_settings, session, values, logo_path,
                                    bool(form.get("remove_logo")), problems)
        except UserError as exc:
            problems.add("", exc, located=True)
    if problems:
        return await settings_page(request, problems, status=400, values=values)
    return RedirectResponse("/settings?saved=1", status_code=303)


def _check_settings_text(values: dict, problems: Problems) -> None:
    """Each office line and the place beside its field, by the rule the settings file is read
    with (settings.printed_text_problem): no hidden or control character, none the fonts cannot
    draw, not longer than fits on the approval sheet."""
    from bannergen.inputs.settings import MAX_OFFICE_CHARS, MAX_PLACE_CHARS, check_printed_text

    for key, limit in (("office_1", MAX_OFFICE_CHARS), ("office_2", MAX_OFFICE_CHARS),
                       ("place", MAX_PLACE_CHARS)):
        if values[key].strip():
            problems.attempt(key, lambda v=values[key], n=limit: check_printed_text(v, n))


def _save_settings(session: Session, values: dict, logo_path: Path | None, remove_logo: bool,
                   problems: Problems) -> None:
    """Write the form into the settings file: only its own keys change; its comments, layout
    and other keys stay (settings.write_settings)."""
    from bannergen.inputs.images import read_logo
    from bannergen.inputs.settings import Settings, read_settings_file, write_settings

    target = settings_target(session)
    own = read_settings_file(target) if target.is_file() else {}
    office = tuple(line.strip() for line in (values["office_1"], values["office_2"])
                   if line.strip())
    own.pop("office", None)
    if office:
        own["office"] = office
    own.pop("place", None)
    if values["place"].strip():
        own["place"] = values["place"].strip()
    if remove_logo:
        own.pop("logo", None)
    if logo_path is not None:
        try:
            logo = read_logo(logo_path)
        except UserError as exc:
            problems.add("logo", exc, located=True)
            return
        own["logo"] = _keep_logo(logo_path, logo, target, own.get("logo"))
    write_settings(Settings.model_validate(own), target)


def _keep_logo(upload: Path, logo, target: Path, current: Path | None) -> Path:
    """Copy a checked logo beside the settings file, under a name of ours: logo.png (or
    logo-2.png … when another file has that name)."""
    from bannergen.inputs.images import sniff
    from bannergen.atomic import write_atomic

    suffix = ".png" if sniff(logo.data) == "png" else ".jpg"
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    name, number = folder / f"logo{suffix}", 2
    while name.exists() and (current is None or name.resolve() != Path(current).resolve()):
        name, number = folder / f"logo-{number}{suffix}", number + 1
    write_atomic(name, logo.data, edit=True)  # as checked (a large logo comes back reduced)
    return name


async def settings_logo_image(request: Request) -> Response:
    from bannergen.inputs.images import load_image, sniff

    session = _session(request)
    logo = session.settings().logo
    if logo is None:
        raise HTTPException(404)
    try:
        data = await run_in_threadpool(load_image, logo)
    except UserError:
        raise HTTPException(404) from None
    kind = "image/png" if sniff(data) == "png" else "image/jpeg"
    return Response(data, media_type=kind, headers={"cache-control": "no-store"})
