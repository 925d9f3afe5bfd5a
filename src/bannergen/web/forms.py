"""What the page's forms mean, in library calls: the same calls the CLI commands make, with each
error kept beside the field it concerns, in the words the CLI prints (where those name an
option, such as --dpi, the page's words for its own field: Session.say)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from bannergen.errors import BannergenError, UserError
from bannergen.i18n import Msg, message
from bannergen.inputs.formats import FORMAT_NAMES
from bannergen.web.session import OrderDraft, OrderLine, Session

T = TypeVar("T")

# Where an error raised after the form was read (by layout or output) belongs on the page.
FIELD_OF_KEY = {
    "text_does_not_fit": "size",
    "size_too_small_for_template": "size",
    "bad_dpi": "dpi",
    "pixel_budget": "dpi",
    "jpeg_too_large": "dpi",
    "image_too_large": "dpi",
    "cmyk_raster_needs_tiff": "cmyk",
    "bad_bleed": "bleed",
    "backdrop_needs_event": "template",
}


class Problems:
    """Error lines by field name; "" is the form as a whole."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, error: BannergenError, *, located: bool = False) -> None:
        self.by_field.setdefault(name, []).extend(self.session.say(error, located=located))

    def attempt(self, name: str, action: Callable[[], T]) -> T | None:
        """Run one library call; a user error goes beside `name` and gives None."""
        try:
            return action()
        except UserError as exc:
            self.add(name, exc)
            return None

    def __bool__(self) -> bool:
        return bool(self.by_field)


def usage_number(raw: str, option: str, lang: str) -> UserError:
    """A number option that is not a number, said as the CLI says it (cli._usage_message)."""
    return UserError("usage_bad_value", value=raw, param=Msg("usage_option", name=option),
                     expected=message("usage_expected", lang, what=message("type_number", lang)))


def number(problems: Problems, name: str, raw: str, option: str) -> float | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        problems.add(name, usage_number(raw, option, problems.session.lang))
        return None
    return value


# ----------------------------------------------------------------------------------------------
# Make a banner: the options of `bannergen render`

@dataclass
class BannerForm:
    slogan: str = ""
    text: str = ""
    template: str = "bang-ron"
    size: str = ""
    preset: str = ""
    bleed: str = ""
    dpi: str = ""
    occasion: str = ""
    cmyk: bool = False
    marks: bool = False
    draft: bool = False

    @classmethod
    def read(cls, values: Mapping[str, str]) -> BannerForm:
        form = cls()
        for f in fields(cls):
            if f.type in ("bool", bool):
                setattr(form, f.name, values.get(f.name) in ("on", "1", "true"))
            elif f.name in values:
                setattr(form, f.name, str(values.get(f.name) or "")[:2000])
        return form

    def query(self) -> dict[str, str]:
        """The form as query parameters (for links and the add-to-order form)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is True:
                out[f.name] = "on"
            elif value:
                out[f.name] = value
        return out


@dataclass
class BannerPlan:
    """A checked banner: the job and how to write it, as `render` builds them."""

    job: Any
    pdf_options: Any
    dpi: float | None
    what: str


def plan_banner(session: Session, form: BannerForm, problems: Problems) -> BannerPlan | None:
    """The Job of `bannergen render` for this form, or None with the problems noted."""
    from bannergen.inputs.catalog import list_command, user_text
    from bannergen.inputs.context import today
    from bannergen.inputs.formats import check_bleed, check_dpi
    from bannergen.inputs.job import Job
    from bannergen.inputs.templates import load_templates
    from bannergen.inputs.units import parse_size
    from bannergen.output.pdf import PdfOptions
    from bannergen.workflow.render import draft_slug

    lang = session.lang
    catalogue = problems.attempt("", session.catalogue)
    # the hints name the catalogue in use, as the command line's do
    listing = list_command(catalogue.path) if catalogue is not None else "bannergen list"
    slogan = free_text = None
    if form.text.strip():
        # Only approved text goes to print: free text is a draft, and says so on its face.
        if not form.draft:
            problems.add("text", UserError("text_needs_draft", value=form.text[:40],
                                           command=listing))
        elif form.slogan:
            problems.add("text", UserError("text_and_slogans"))
        else:
            free_text = problems.attempt("text", lambda: user_text(form.text, field="--text"))
    elif not form.slogan:
        problems.add("slogan", UserError("no_slogan_given", command=listing))
    elif catalogue is not None:
        slogan = problems.attempt("slogan", lambda: catalogue.find(form.slogan))
    template = problems.attempt("template", lambda: load_templates().get(form.template))
    size_text = form.size.strip() or form.preset.strip()
    size = None
    if size_text:
        size = problems.attempt("size", lambda: parse_size(size_text))
    elif template is not None:
        size = template.default_size
    bleed = number(problems, "bleed", form.bleed, "--bleed")
    problems.attempt("bleed", lambda: check_bleed(bleed))
    dpi = number(problems, "dpi", form.dpi, "--dpi")
    if dpi is not None:
        # The range `render --dpi` holds a raster to (formats.check_dpi): the preview states the
        # PNG's pixels at this DPI, so it is checked for every action, not at download only.
        problems.attempt("dpi", lambda: check_dpi(dpi))
    occasion = None
    if form.occasion.strip():
        occasion = problems.attempt("occasion",
                                    lambda: user_text(form.occasion, field="--occasion"))
    date = problems.attempt("", today)
    logo = problems.attempt("", session.logo)  # the office's (settings), as for `render`
    if problems or template is None or size is None or (slogan is None and free_text is None):
        return None
    extra = {"draft": form.draft, "bleed_mm": bleed, "occasion": occasion, "logo": logo,
             "office": session.office(catalogue)}
    if free_text is not None:
        job = Job(text=free_text, template=template, size=size, slug=draft_slug(free_text), **extra)
        what = message("web_preview_text", lang)
    else:
        job = Job.for_slogan(slogan, template, size, **extra)
        what = message("web_preview_slogan", lang, id=slogan.id)
    options = PdfOptions(cmyk=form.cmyk, marks=form.marks, date=date.isoformat())
    return BannerPlan(job=job, pdf_options=options, dpi=dpi, what=what)


def place_error(problems: Problems, error: UserError, form: BannerForm | None = None) -> None:
    """An error from layout or output, beside the field that can fix it."""
    name = FIELD_OF_KEY.get(error.key, "")
    if error.key == "missing_glyph" and form is not None:
        name = "text" if form.text.strip() else "slogan"
    problems.add(name, error)


# ----------------------------------------------------------------------------------------------
# The print order: written as the order file `batch` and `proof` read, and read back by them

ORDER_FILE = "don-dat-in.yaml"
HEADER_FIELDS = ("organization", "title", "date", "prepared_by", "occasion")
_INT = re.compile(r"^[+-]?\d+$")
_FLOAT = re.compile(r"^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$")


def typed(raw: str) -> Any:
    """A number typed in a field as YAML would read it (so the loader's message is the one a
    hand-written order gets); anything else stays text."""
    raw = raw.strip()
    if _INT.match(raw):
        return int(raw)
    if _FLOAT.match(raw):
        return float(raw)
    return raw


def line_data(line: OrderLine) -> dict:
    data: dict[str, Any] = {}
    if line.ref.strip() or line.event is None:
        data["slogan"] = typed(line.ref) if _INT.match(line.ref.strip()) else line.ref
    if line.event is not None:
        data["event"] = dict(line.event)
    if line.template.strip():
        data["template"] = line.template.strip()
    if line.size.strip():
        data["size"] = line.size.strip()
    data["quantity"] = typed(line.quantity) if line.quantity.strip() else 1
    data["formats"] = list(line.formats)
    if line.note.strip():
        data["note"] = line.note.strip()
    return data


def order_data(draft: OrderDraft, lines: list[OrderLine] | None = None) -> dict:
    data: dict[str, Any] = {}
    for key in HEADER_FIELDS:
        value = getattr(draft, key).strip()
        if value:
            data[key] = value
    data["items"] = [line_data(line) for line in (draft.lines if lines is None else lines)]
    return data


def order_yaml(data: dict) -> str:
    import yaml

    head = ("# Đơn đặt in — bannergen batch don-dat-in.yaml --zip; "
            "bannergen proof don-dat-in.yaml\n")
    return head + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


_ITEM_FIELD = re.compile(r"^items\W*(\d+)\W*\.?(\w*)")
_EVENT_FIELD = re.compile(r"^\W*(\w+)")


def load_draft(session: Session, draft: OrderDraft, lines: list[OrderLine] | None = None):
    """Write the order file and load it as `batch` and `proof` do: the Order, or a UserError.
    Messages name the file `don-dat-in.yaml`, the name it has when downloaded."""
    import shutil

    from bannergen.inputs.order import load_order
    from bannergen.inputs.templates import load_templates

    folder = session.new_folder("order")
    path = folder / ORDER_FILE
    try:
        path.write_text(order_yaml(order_data(draft, lines)), encoding="utf-8")
        return load_order(path, session.catalogue(), load_templates())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def with_settings_logo(session: Session, order):
    """An order without its own logo takes the office's (settings), as in `batch` and `proof`."""
    if order.logo is not None:
        return order
    logo = session.logo()
    return order.model_copy(update={"logo": logo}) if logo is not None else order


def order_problems(session: Session, error: BannergenError, problems: Problems,
                   new_line: int | None = None, allow_empty: bool = False) -> None:
    """Loader errors beside their fields: a header field by its name, the new line's fields by
    theirs; anything else at the top, with its location. `allow_empty`: an order with no lines
    yet is fine while it is being drafted."""
    from bannergen.errors import ErrorList

    for item in error.errors if isinstance(error, ErrorList) else [error]:
        if allow_empty and item.key == "order_empty":
            continue
        name = item.field or ""
        found = _ITEM_FIELD.match(name)
        if found and new_line is not None and int(found.group(1)) == new_line:
            place = found.group(2) or "ref"
            if place == "event":  # an event field has its own place in the form
                inner = _EVENT_FIELD.match(name[found.end():])
                key = inner.group(1) if inner else item.params.get("name")  # missing: named
                if key in EVENT_FIELDS:
                    place = f"event_{key}"
            problems.add(place, item)
        elif name in HEADER_FIELDS:
            problems.add(name, item)
        else:
            problems.add("", item, located=True)


#: The event fields of the add-line form, in the order file's words (inputs/event.py).
EVENT_FIELDS = ("title", "header", "subtitle", "place_date")


@dataclass
class LineForm:
    ref: str = ""
    template: str = "bang-ron"
    size: str = ""
    quantity: str = "1"
    formats: list[str] = field(default_factory=lambda: ["pdf"])
    note: str = ""
    # The office's own event instead of a slogan: a meeting-hall backdrop, a congress banner.
    event: dict[str, str] = field(default_factory=dict)

    @classmethod
    def read(cls, form) -> LineForm:
        event = {key: str(form.get(f"event_{key}") or "")[:300] for key in EVENT_FIELDS}
        return cls(ref=str(form.get("slogan") or "")[:200],
                   template=str(form.get("template") or "")[:100],
                   size=str(form.get("size") or form.get("preset") or "")[:100],
                   quantity=str(form.get("quantity") or "")[:20],
                   formats=[str(f)[:10] for f in form.getlist("formats")][:8],
                   note=str(form.get("note") or "")[:500],
                   event={key: value for key, value in event.items() if value.strip()})

    @property
    def is_event(self) -> bool:
        return bool(self.event)

    def line(self) -> OrderLine:
        event = None
        if self.event:
            event = {key: value.strip() for key, value in self.event.items()}
            if "header" in event:  # one or two lines, as the event file takes them
                event["header"] = [h.strip() for h in event["header"].splitlines() if h.strip()]
        return OrderLine(ref=self.ref.strip(), template=self.template, size=self.size,
                         quantity=self.quantity, formats=tuple(self.formats), note=self.note,
                         event=event)


def add_line(session: Session, form: LineForm, problems: Problems) -> bool:
    """Add a line to the order if the order file with it loads and the line can be laid out."""
    from bannergen.layout.compose import compose

    # Every field is checked at once: a missing slogan or format is noted, and the rest of the
    # line is checked with a stand-in for it, so that the clerk sees all that is wrong.
    catalogue = problems.attempt("", session.catalogue)
    if catalogue is None:
        return False
    line = form.line()
    if not form.ref.strip() and not form.is_event:
        problems.add("slogan", UserError("order_no_slogan"))
        slogans = catalogue.slogans
        line = dataclasses.replace(line, ref=str(slogans[0].id) if slogans else "1")
    if not form.formats:
        problems.add("formats", UserError("order_no_format", choices=", ".join(FORMAT_NAMES)))
        line = dataclasses.replace(line, formats=("pdf",))
    lines = [*session.order.lines, line]
    try:
        order = load_draft(session, session.order, lines)
    except UserError as exc:
        order_problems(session, exc, problems, new_line=len(lines))
        # The loader names the line's slogan or event field; the form has one place for each.
        if "slogan" not in problems.by_field and "ref" in problems.by_field:
            problems.by_field["slogan"] = problems.by_field.pop("ref")
        return False
    if problems:
        return False
    # A text that cannot fit the size fails only at layout: lay the new line out now, while
    # the clerk is at the form, rather than in the print shop's zip.
    try:
        order = with_settings_logo(session, order)
        last = order.items[-1]
        for text in (last.event,) if last.event is not None else last.slogans:
            compose(order.job(last, text, session.office(catalogue)))
    except UserError as exc:
        if exc.key == "missing_glyph":
            problems.add(_glyph_field(form, exc), exc)
        else:
            place_error(problems, exc)
        return False
    session.order.lines.append(line)
    return True


_CODE_POINT = re.compile(r"U\+([0-9A-F]{4,6})")


def _glyph_field(form: LineForm, error: UserError) -> str:
    """The field of the add-line form that holds a character the font cannot draw (the error
    names it by code point): the event field that has it, else the slogan chosen (its text is
    the catalogue's); for an event, the form as a whole when no field has it (the order's
    occasion, say)."""
    chars = {chr(int(code, 16)) for code in _CODE_POINT.findall(str(error.params.get("chars")))}
    if not form.is_event:
        return "slogan"
    for key in EVENT_FIELDS:
        if chars & set(form.event.get(key, "")):
            return f"event_{key}"
    return ""


def save_details(session: Session, values: Mapping[str, str], problems: Problems) -> bool:
    candidate = OrderDraft(**{key: str(values.get(key) or "")[:300] for key in HEADER_FIELDS},
                           lines=session.order.lines)
    try:
        load_draft(session, candidate)
    except UserError as exc:
        order_problems(session, exc, problems, allow_empty=True)
        if problems:
            return False
    for key in HEADER_FIELDS:
        setattr(session.order, key, getattr(candidate, key))
    return True


def order_totals(order, lang: str = "vi") -> dict[str, Any]:
    """What the page sums up: lines, pieces, files and square metres of material (a decimal
    comma in Vietnamese)."""
    products = [item for item, _ in order.products()]
    files = sum(len(item.formats) for item in products)
    quantity = sum(item.quantity for item in products)
    area = sum(item.quantity * item.size.width_mm * item.size.height_mm for item in products)
    return {"items": len(products), "quantity": quantity, "files": files,
            "area": f"{area / 1e6:.2f}".replace(".", "," if lang == "vi" else ".")}

