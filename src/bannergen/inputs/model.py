"""The base of every input model (pydantic v2), the reusable field types, and the translation of
pydantic's validation errors into our messages with file, line and field.

One declaration per model: a class below gives the loader's checks, the defaults, the domain object
the rest of bannergen reads, and (through `model_json_schema`) the JSON Schema an editor uses.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PrivateAttr,
    Strict,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from bannergen.errors import BannergenError, ErrorList, UserError
from bannergen.i18n import MESSAGES, Msg
from bannergen.inputs.units import Size, parse_size
from bannergen.inputs.yamlio import load_yaml, type_name

M = TypeVar("M", bound="InputModel")


class InputModel(BaseModel):
    """A YAML mapping with known keys: a typo is reported (with a suggestion), never ignored."""

    # defer_build: a model builds its validator when first used, so a run pays only for the
    # models it reads (a render never builds the order, event or slideshow validators).
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True)

    # Where the mapping stands in its file, for messages about it after loading (checks, batch).
    _line: int = PrivateAttr(0)

    @property
    def line(self) -> int:
        return self._line

    @model_validator(mode="before")
    @classmethod
    def _empty_means_absent(cls, data: Any) -> Any:
        # YAML reads `note:` with nothing after it as null: for an optional key that is the same
        # as leaving it out, so the key takes its declared default (the schema says so too).
        if isinstance(data, dict):
            fields = cls.model_fields
            return {key: value for key, value in data.items()
                    if not (value is None and key in fields and not fields[key].is_required())}
        return data

    def __hash__(self) -> int:
        # Frozen means hashable: a Job (and its Template) can be a dict key or a set member.
        return hash((type(self), *(_hashable(getattr(self, name)) for name in type(self).model_fields)))


def _hashable(value: Any) -> Any:
    if isinstance(value, dict):
        return tuple((key, _hashable(item)) for key, item in value.items())
    return value


# ---------------------------------------------------------------------------------------------
# Errors raised inside validators, in our terms: the key of a message and its parameters.

def problem(key: str, **params: Any) -> PydanticCustomError:
    """A validation problem told with one of our messages (i18n key `key`, filled by `params`)."""
    return PydanticCustomError(key, key, params)


def from_user_error(exc: UserError) -> PydanticCustomError:
    """A UserError raised by a parser we reuse (sizes, logos, the catalogue) as a field problem."""
    return problem(exc.key, value=exc.value, **exc.params)


def problems(model: type[BaseModel], found: list[tuple[tuple, PydanticCustomError, Any]]) -> None:
    """Raise several problems at once, each at its own place inside the model being checked
    (a check across fields, e.g. a duplicate id, names the field that is wrong, not the model)."""
    if found:
        raise ValidationError.from_exception_data(model.__name__, [
            InitErrorDetails(type=error, loc=loc, input=value) for loc, error, value in found])


def wrong_type(expected: str, value: Any) -> PydanticCustomError:
    return problem("wrong_type", expected=Msg(expected), got=type_name(value))


# ---------------------------------------------------------------------------------------------
# Reusable field types. Every text read from a file is NFC at the boundary (WeasyPrint #547):
# a decomposed "ệ" from a Mac or a PDF copy is the same letter as the composed one.

def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    """NFC, single spaces, no stray whitespace: text printed on one line or in a table cell."""
    return " ".join(nfc(text).split())


def without_marks(text: str) -> str:
    """Vietnamese without its marks, for file names and ASCII consoles: "Đảng Cộng sản" → "Dang
    Cong san" ("đ" is a letter of its own, not a "d" with a mark, so it is mapped by hand)."""
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def name_part(text: str, limit: int = 40) -> str:
    """Free text as a safe part of a file name: lower-case ASCII words joined by "-"."""
    words = re.sub(r"[^a-z0-9]+", "-", without_marks(text).lower()).strip("-")
    return words[:limit].strip("-")


# Zero-width and other invisible characters, and control characters other than tab and line
# feed: a copy-paste from Word or a web page brings them in, and on a banner or a proof they are
# either nothing or a missing-glyph box (in a terminal, an escape sequence). Refused, never guessed.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]"
                       "|[\x00-\x08\x0b-\x1f\x7f]")
#: The longest note of an order line, in characters. The proof prints it with the line's material
#: and finishing in one cell of its narrowest column (a quarter of the text width), and a table
#: cell cannot run onto a second page: all three at their longest take half an A4 page.
MAX_NOTE_CHARS = 300
#: The longest short text: a material, a finishing, and a name printed in a heading of the proof
#: (an office, a title, a person). The longest office names ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP
#: VÀ KHU KINH TẾ TỈNH …") have about 60 characters.
MAX_NAME_CHARS = 120


def invisible_chars(text: str) -> str | None:
    """The invisible characters of `text` as "U+200B, U+0000", or None."""
    found = sorted({f"U+{ord(c):04X}" for c in INVISIBLE.findall(text)})
    return ", ".join(found) or None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise wrong_type("type_text", value)
    hidden = invisible_chars(value)
    if hidden:
        raise problem("invisible_chars", chars=hidden)
    return nfc(value)


def _at_most(limit: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = _text(value)
        if len(text) > limit:
            raise problem("note_too_long", length=len(text), limit=limit)
        return text
    return check


def _name(value: Any) -> str:
    # A name may be typed as a bare number (a document `id: 2808`, a slug `123`): YAML reads it
    # as a number, the user meant the characters.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return _text(value)


#: Free text (a title, an office, a note): any string, NFC.
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string"})]
#: Free text printed in a table cell of the proof or the job ticket (a note, a material).
Note = Annotated[str, BeforeValidator(_at_most(MAX_NOTE_CHARS)),
                 WithJsonSchema({"type": "string", "maxLength": MAX_NOTE_CHARS})]
#: A short text of an order: a material, a finishing, an office, a title, a person.
ShortText = Annotated[str, BeforeValidator(_at_most(MAX_NAME_CHARS)),
                      WithJsonSchema({"type": "string", "maxLength": MAX_NAME_CHARS})]
#: Text printed on one line (a slogan, a title): NFC and single spaces.
OneLine = Annotated[str, BeforeValidator(lambda v: one_line(_text(v))), WithJsonSchema({"type": "string"})]
#: A name or reference (an id, a slug, a file, a colour): text, or a number read as its characters.
Name = Annotated[str, BeforeValidator(_name), WithJsonSchema({"type": ["string", "number"]})]
#: Numbers as YAML writes them: `true` is not 1, and `.nan` or `.inf` is refused.
Int = Annotated[int, Strict()]
Number = Annotated[float, Strict()]
Bool = Annotated[bool, Strict()]

_VN_DATE = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
DATE_PATTERN = r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"


def parse_date(value: Any) -> dt.date:
    """A date as ISO `2027-06-30` or as Vietnamese write it, day first: `30/6/2027`, `30/06/2027`."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str):
        raise wrong_type("type_date", value)
    vn = _VN_DATE.match(value)
    try:
        if vn:
            day, month, year = map(int, vn.groups())
            return dt.date(year, month, day)
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise problem("bad_date", value=value) from None


#: A calendar date, ISO or day/month/year; the loader hands dates over as the text the user typed.
Date = Annotated[dt.date, BeforeValidator(parse_date),
                 WithJsonSchema({"type": "string", "pattern": DATE_PATTERN})]


def reading(parse: Callable[[str], Any], kind: type) -> BeforeValidator:
    """A field read by one of our parsers (a size …): its UserError becomes a problem at the field."""
    def check(value: Any) -> Any:
        if isinstance(value, kind):
            return value  # built in code, already parsed
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise wrong_type("type_text", value)
        try:
            return parse(str(value))
        except UserError as exc:
            raise from_user_error(exc) from None
    return BeforeValidator(check)


#: A page size as the user writes it: `500x80cm`, `A2`, `A3-landscape`.
PageSize = Annotated[Size, reading(parse_size, Size), WithJsonSchema({"type": "string"})]


# ---------------------------------------------------------------------------------------------
# Loading: YAML with its line map, then the model; every problem with its file, line and field.

def load(model: type[M], path: Path, context: dict | None = None, data: Any = None) -> M:
    """Load `path` (or its already parsed `data`) as a `model`; raise every problem at once."""
    raw = load_yaml(path) if data is None else data
    try:
        result = model.model_validate(raw, context={"file": path, "raw": raw, **(context or {})})
    except ValidationError as exc:
        raise collect(translate(exc, model, raw, path)) from None
    _stamp(result, raw)
    if "_path" in model.__private_attributes__:
        result._path = path
    return result


def collect(errors: list[BannergenError]) -> BannergenError:
    return errors[0] if len(errors) == 1 else ErrorList(errors)


_EXPECTED = {
    "int": "type_int", "float": "type_number", "finite": "type_number", "string": "type_text",
    "bool": "type_bool", "dict": "type_map", "model": "type_map", "dataclass": "type_map",
    "list": "type_list", "tuple": "type_list", "set": "type_list", "date": "type_date",
}
_BOUNDS = {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}


def translate(exc: ValidationError, model: type[BaseModel], raw: Any,
              path: Path) -> list[BannergenError]:
    """pydantic's errors as ours: the message key, the file, the line (from the YAML line map) and
    the field as the user writes it (`slogans[2].text`). What is wrong comes before what is missing."""
    out: list[BannergenError] = []
    missing: list[BannergenError] = []
    for error, loc, params in _union_resolved(exc.errors(include_url=False), model, raw):
        kind = error["type"]
        value = error.get("input")
        if kind == "reported_elsewhere":
            continue
        if kind == "missing":
            out_list, loc_at = missing, loc[:-1]
            key, params = "missing_key", {"name": loc[-1]}
        elif kind == "extra_forbidden":
            out_list, loc_at = out, loc[:-1]
            known = [name for name in _fields_at(model, loc_at)]
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            key, params = "unknown_key", {"name": loc[-1], "suggest": close[0] if close else None}
        else:
            out_list, loc_at = out, loc
            key, params = params or _message(kind, error, model, loc, value)
        line = _line_at(raw, loc, key_line=kind == "extra_forbidden")
        out_list.append(UserError(key, file=path, line=line, field=_dotted(loc_at) or None,
                                  **params))
    # One problem is reported once, even when two validators both saw it.
    unique = {(e.key, e.line, e.field, repr(e.value)): e for e in out + missing}
    return sorted(unique.values(), key=lambda e: (e.key == "missing_key", e.line or 0))


# pydantic names each member of a union in the error's location ("tuple[function-before[...],
# ...]", "dict[...]", "str", "bool", a model's class name): no field of ours, never shown.
_UNION_LABEL = re.compile(r"[A-Za-z_][\w-]*\[.*\]|[A-Z]\w*|"
                          r"str|int|float|bool|bytes|none|date|datetime|time|decimal|any",
                          re.DOTALL)


def _field_loc(loc: tuple, raw: Any, model: type[BaseModel]) -> tuple[tuple, tuple | None]:
    """The location without pydantic's union member labels; and, where a union was met, the
    place of that union and the label of the member this error comes from. A label is dropped
    only where neither the YAML nor the model has such a key (a key of the user's own, or a
    field named `date`, is kept)."""
    node, out, union = raw, [], None
    for part in loc:
        if (isinstance(node, dict) and part in node
                or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            node = node[part]
        elif (isinstance(part, str) and _UNION_LABEL.fullmatch(part)
              and part not in _fields_at(model, tuple(out))):
            if union is None:
                union = (tuple(out), part)
            continue
        else:
            node = None
        out.append(part)
    return tuple(out), union


def _union_resolved(errors: list[dict], model: type[BaseModel],
                    raw: Any) -> list[tuple[dict, tuple, tuple | None]]:
    """Each error at its field's location, one answer per union: when every member of a union
    refused the value's type, one `wrong_type` naming what each member takes ("a list or a
    mapping"); when some member took the value's shape and found a problem inside, only that
    member's problems (a mapping with a wrong entry is not also "not a list")."""
    plain: list[tuple[dict, tuple, tuple | None]] = []
    unions: dict[tuple, dict[str, list[tuple[dict, tuple]]]] = {}
    for error in errors:
        loc, union = _field_loc(tuple(error["loc"]), raw, model)
        if union is None:
            plain.append((error, loc, None))
        else:
            unions.setdefault(union[0], {}).setdefault(union[1], []).append((error, loc))
    for at, members in unions.items():
        inside = [found for found in members.values() if not _refused(found, at, model)]
        if inside:
            plain.extend((error, loc, None) for found in inside for error, loc in found)
            continue
        expected: list[Msg] = []
        for found in members.values():
            error, loc = found[0]
            wanted = _message(error["type"], error, model, loc, error.get("input"))[1]["expected"]
            if wanted not in expected and wanted != Msg("type_any"):
                expected.append(wanted)
        error = next(iter(members.values()))[0][0]
        if set(expected) == {Msg("type_list"), Msg("type_map")} and len(expected) == 2:
            expected = [Msg("type_list_or_per_format")]  # a hint: lines, or lines per format
        joined = expected[0] if expected else Msg("type_any")
        for more in expected[1:]:
            joined = Msg("type_either", first=joined, second=more)
        plain.append((error, at, ("wrong_type", {"expected": joined,
                                                 "got": type_name(error.get("input"))})))
    return plain


def _refused(found: list[tuple[dict, tuple]], at: tuple, model: type[BaseModel]) -> bool:
    """Whether a union member refused the value's type itself (not something inside it)."""
    return all(loc == at and _message(error["type"], error, model, loc,
                                      error.get("input"))[0] == "wrong_type"
               for error, loc in found)


def _message(kind: str, error: dict, model: type[BaseModel], loc: tuple,
             value: Any) -> tuple[str, dict]:
    ctx = dict(error.get("ctx") or {})
    if kind.split("_")[0] in _EXPECTED and kind.split("_")[-1] in ("type", "parsing", "number"):
        return "wrong_type", {"expected": Msg(_EXPECTED[kind.split("_")[0]]), "got": type_name(value)}
    if kind == "literal_error":
        return "not_one_of", {"value": value,
                              "choices": ", ".join(re.findall(r"'([^']*)'", ctx.get("expected", "")))}
    if kind in _BOUNDS:
        return _range_message(_bounds(model, loc, ctx), value)
    if kind in MESSAGES:  # raised by our own validators with `problem`
        return kind, ctx
    return "wrong_type", {"expected": Msg("type_any"), "got": type_name(value)}


def _range_message(bounds: dict[str, Any], value: Any) -> tuple[str, dict]:
    """The number's allowed range as the model states it: both ends ("between 0 and 100"), or
    the one there is ("at least 1", "at most 100", "greater than 0", "less than 1")."""
    low = bounds.get("ge", bounds.get("gt"))
    high = bounds.get("le", bounds.get("lt"))
    if low is not None and high is not None:
        return "bad_number", {"value": value, "low": low, "high": high}
    if low is not None:
        return ("bad_number_min" if "ge" in bounds else "bad_number_above"), {"value": value,
                                                                              "low": low}
    if high is not None:
        return ("bad_number_max" if "le" in bounds else "bad_number_below"), {"value": value,
                                                                              "high": high}
    return "wrong_type", {"expected": Msg("type_number"), "got": type_name(value)}


def _dotted(loc: tuple) -> str:
    """('slogans', 1, 'text') → 'slogans[2].text': the way the user counts items, from 1."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _line_at(raw: Any, loc: tuple, key_line: bool = False) -> int | None:
    """The line of the node at `loc` in the loaded YAML: a key's line for a value, an item's line
    for a list item, the mapping's own first line for a key that is missing from it."""
    node, line = raw, getattr(raw, "line", None) or 1
    for part in loc:
        if isinstance(node, dict) and part in node or isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            line = node.line_of(part) if hasattr(node, "line_of") else line
            node = node[part]
        else:
            if isinstance(node, dict) and not key_line:
                line = getattr(node, "line", line) or line
            break
    return line


def _unwrap(annotation: Any) -> tuple[Any, list]:
    """The type under Annotated/Optional, with the Annotated metadata met on the way."""
    metadata: list = []
    while True:
        origin = typing.get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata.extend(extra)
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = options[0]
        else:
            return annotation, metadata


def _annotation_at(model: type[BaseModel], loc: tuple) -> tuple[Any, list]:
    annotation, metadata = model, []
    for part in loc:
        annotation, _ = _unwrap(annotation)
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and part in annotation.model_fields:
            info = annotation.model_fields[part]
            annotation, metadata = info.annotation, list(info.metadata)
        elif typing.get_origin(annotation) in (tuple, list) and isinstance(part, int):
            annotation, metadata = typing.get_args(annotation)[0], []
        elif typing.get_origin(annotation) is dict:
            annotation, metadata = typing.get_args(annotation)[1], []
        else:
            return None, []
    annotation, more = _unwrap(annotation)
    return annotation, metadata + more


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    annotation, _ = _annotation_at(model, loc)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _bounds(model: type[BaseModel], loc: tuple, ctx: dict | None = None) -> dict[str, Any]:
    """The bounds (`ge`, `gt`, `le`, `lt`) declared on the field at `loc` (also inside an
    Annotated `Field(ge=0, le=100)`); the one pydantic reports as broken is taken from `ctx`."""
    _, metadata = _annotation_at(model, loc)
    flat: list = []
    for item in metadata:
        flat += [item, *(getattr(item, "metadata", None) or [])]
    found: dict[str, Any] = {}
    for item in flat:
        for name in ("ge", "gt", "le", "lt"):
            bound = getattr(item, name, None)
            if bound is not None and name not in found:
                found[name] = bound
    for name, bound in (ctx or {}).items():
        if name in ("ge", "gt", "le", "lt") and name not in found:
            found[name] = bound
    if "ge" in found:
        found.pop("gt", None)
    if "le" in found:
        found.pop("lt", None)
    return {name: int(bound) if isinstance(bound, float) and bound.is_integer() else bound
            for name, bound in found.items()}


def _stamp(model: Any, raw: Any) -> None:
    """Give every loaded mapping its line in the file (kept apart from the fields: not in YAML)."""
    if isinstance(model, InputModel):
        if hasattr(raw, "line"):
            model._line = raw.line
        if isinstance(raw, dict):
            for name in type(model).model_fields:
                if name in raw:
                    _stamp(getattr(model, name), raw[name])
    elif isinstance(model, (tuple, list)) and isinstance(raw, list):
        for item, raw_item in zip(model, raw):
            _stamp(item, raw_item)
    elif isinstance(model, dict) and isinstance(raw, dict):
        for key, item in model.items():
            _stamp(item, raw.get(key))


def context(info: ValidationInfo, key: str, default: Any = None) -> Any:
    """A value the loader hands to the validators (the catalogue an order refers to …)."""
    return (info.context or {}).get(key, default)


def line_in_file(info: ValidationInfo, loc: tuple) -> int | None:
    """The line of `loc` (from the top of the file) for a message that names another place."""
    raw = context(info, "raw")
    return _line_at(raw, loc) if raw is not None else None
