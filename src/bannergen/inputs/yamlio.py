"""Safe YAML loading that remembers the line of every key and item, and declarative field checks."""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable

from bannergen.errors import BannergenError, ErrorList, UserError
from bannergen.i18n import Msg

MAX_FILE_BYTES = 2_000_000
# PyYAML shares aliased nodes; walking them can still explode ("billion laughs"). Bound the walk.
MAX_NODES = 200_000
MAX_DEPTH = 50
# Anchors may be referred to this often in one file; a catalogue or an order needs a handful.
MAX_ALIASES = 1_000
SAFE_TAGS = {f"tag:yaml.org,2002:{name}" for name in
             ("map", "seq", "str", "int", "float", "bool", "null", "timestamp")}


class LDict(dict):
    """A YAML mapping that knows its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing huge files, special files (devices, pipes, folders) and
    other encodings with a clear message."""
    from bannergen.inputs.files import read_regular

    data = read_regular(path, limit)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError("file_not_utf8", file=path, line=line, position=exc.start) from None
    return text.removeprefix("\ufeff")


def load_yaml(path: Path) -> Any:
    """Parse a YAML file with the safe loader into LDict/LList/scalars carrying line numbers."""
    import yaml

    text = read_text(path)
    loader = None
    try:
        # The reader checks characters as it goes: already in the constructor for the first
        # chunk, later while parsing; both raise ReaderError.
        loader = _bounded_loader()(text)
        node = loader.get_single_node()
    except _TooComplex as exc:
        # PyYAML composes nested collections by recursion: 1,000 levels would end in Python's
        # RecursionError. The loader stops at MAX_DEPTH first, with our own message.
        raise UserError("yaml_too_complex", file=path, line=exc.line) from None
    except yaml.reader.ReaderError as exc:
        # YAML forbids control characters (NUL, BEL …) anywhere in a file (YAML 1.1 §5.1).
        raise UserError("yaml_bad_char", file=path, line=text[:exc.position].count("\n") + 1,
                        chars=f"U+{exc.character:04X}" if isinstance(exc.character, int)
                        else repr(exc.character)) from None
    except yaml.MarkedYAMLError as exc:
        # Said in the clerk's words, with the line, a caret under the place and the fix.
        from bannergen.inputs.mistakes import explain_yaml_error

        raise explain_yaml_error(path, text, exc) from None
    except yaml.YAMLError as exc:
        raise UserError("yaml_syntax", file=path, problem=str(exc).splitlines()[0]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise UserError("yaml_empty", file=path)
    budget = [MAX_NODES]
    return _convert(node, loader, path, budget, 0)


class _TooComplex(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


@cache
def _bounded_loader() -> type:
    """PyYAML's safe loader, with the nesting depth and the number of aliases bounded while the
    file is composed (the parser itself keeps its own stack and does not recurse)."""
    import yaml

    class BoundedLoader(yaml.SafeLoader):
        depth = 0
        aliases = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                self.aliases += 1
                if self.aliases > MAX_ALIASES:
                    raise _TooComplex(self.peek_event().start_mark.line + 1)
            self.depth += 1
            try:
                if self.depth > MAX_DEPTH:
                    raise _TooComplex(self.peek_event().start_mark.line + 1)
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return BoundedLoader


def _convert(node: Any, loader: Any, path: Path, budget: list[int], depth: int) -> Any:
    import yaml

    budget[0] -= 1
    if budget[0] < 0 or depth > MAX_DEPTH:
        raise UserError("yaml_too_complex", file=path, line=node.start_mark.line + 1)
    line = node.start_mark.line + 1
    if node.tag not in SAFE_TAGS:
        # Safe loading only: a tag that would construct an object is refused, never ignored.
        raise UserError("yaml_tag", file=path, line=line, value=node.tag)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result = LDict()
        result.line = line
        result.key_lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, loader, path, budget, depth + 1)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise UserError("wrong_type", file=path, line=key_node.start_mark.line + 1,
                                expected=Msg("type_key"), got=_type_name(key))
            key = str(key) if not isinstance(key, str) else key
            result[key] = _convert(value_node, loader, path, budget, depth + 1)
            result.key_lines[key] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        result = LList()
        result.line = line
        result.item_lines = []
        for item in node.value:
            result.append(_convert(item, loader, path, budget, depth + 1))
            result.item_lines.append(item.start_mark.line + 1)
        return result
    if node.tag.endswith(":timestamp"):
        return node.value  # dates are parsed by the field that expects one, with its name
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        raise UserError("yaml_syntax", file=path, line=line, problem=str(exc).splitlines()[0]) from None


# ---------------------------------------------------------------------------------------------
# Declarative models: the loader checks against them, and `bannergen schema` prints them.

@dataclass(frozen=True)
class Field:
    """One key of a YAML mapping. kind: str, text, int, number, bool, date, list, map, any."""

    name: str
    kind: str
    required: bool = False
    default: Any = None
    help: str = ""
    items: Field | Model | None = None
    model: Model | None = None
    choices: tuple = ()
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class Model:
    """A YAML mapping with known keys; unknown keys are errors (a typo is never ignored)."""

    name: str
    fields: tuple[Field, ...]
    help: str = ""
    open_keys: bool = False  # a free-form map (e.g. colour names) whose values follow `values`
    values: Field | Model | None = None

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


_KIND_NAMES = {
    "str": Msg("type_text"), "text": Msg("type_text"), "int": Msg("type_int"),
    "number": Msg("type_number"), "bool": Msg("type_bool"), "date": Msg("type_date"),
    "list": Msg("type_list"), "map": Msg("type_map"), "any": Msg("type_any"),
}


def _type_name(value: Any) -> Msg:
    """What the user wrote, named in their language (filled into `wrong_type`)."""
    if value is None:
        return Msg("got_null")
    if isinstance(value, bool):
        return Msg("got_bool", value=str(value).lower())
    if isinstance(value, dict):
        return Msg("type_map")
    if isinstance(value, list):
        return Msg("type_list")
    if isinstance(value, (int, float)):
        return Msg("got_number", value=value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return Msg("got_date", value=value)
    return Msg("got_text", value=repr(str(value)[:40]))


@dataclass
class Checker:
    """Checks YAML data against a Model, collecting every problem with its file, line and field."""

    path: Path
    errors: list[BannergenError] = field(default_factory=list)

    def fail(self, key: str, *, line: int | None, field: str | None, **params: Any) -> None:
        self.errors.append(UserError(key, file=self.path, line=line, field=field, **params))

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ErrorList(self.errors)

    def check(self, data: Any, spec: Model | Field, where: str, line: int) -> Any:
        """Return the checked value (plain dicts/lists; defaults filled in) or None on error."""
        if isinstance(spec, Model):
            return self._mapping(data, spec, where, line)
        return self._value(data, spec, where, line)

    def _mapping(self, data: Any, model: Model, where: str, line: int) -> dict | None:
        if not isinstance(data, dict):
            self.fail("wrong_type", line=line, field=where or None, expected=Msg("type_map"),
                      got=_type_name(data))
            return None
        lines = getattr(data, "key_lines", {})
        result: dict[str, Any] = {}
        known = {f.name: f for f in model.fields}
        for key, value in data.items():
            key_line = lines.get(key, line)
            path = f"{where}.{key}" if where else key
            if key in known:
                result[key] = self._value(value, known[key], path, key_line)
            elif model.open_keys and model.values is not None:
                result[key] = self.check(value, model.values, path, key_line)
            else:
                close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
                self.fail("unknown_key", line=key_line, field=where or None, name=key,
                          suggest=close[0] if close else None)
        for f in model.fields:
            if f.name not in data:
                if f.required:
                    self.fail("missing_key", line=line, field=where or None, name=f.name)
                result[f.name] = f.default
        return result

    def _value(self, value: Any, spec: Field, where: str, line: int) -> Any:
        kind = spec.kind
        if spec.model is not None:
            return self._mapping(value, spec.model, where, getattr(value, "line", line))
        if value is None and not spec.required:
            return spec.default
        ok = True
        if kind in ("str", "text"):
            if isinstance(value, (int, float)) and not isinstance(value, bool) and kind == "str":
                value = str(value)
            ok = isinstance(value, str)
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "number":
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value == value \
                and abs(value) != float("inf")
        elif kind == "bool":
            ok = isinstance(value, bool)
        elif kind == "date":
            if isinstance(value, str):
                try:
                    value = _dt.date.fromisoformat(value)
                except ValueError:
                    self.fail("bad_date", line=line, field=where, value=value)
                    return None
            ok = isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)
        elif kind == "list":
            if not isinstance(value, list):
                ok = False
            else:
                item_lines = getattr(value, "item_lines", [])
                out = []
                for i, item in enumerate(value):
                    item_line = item_lines[i] if i < len(item_lines) else line
                    out.append(self.check(item, spec.items, f"{where}[{i + 1}]", item_line)
                               if spec.items is not None else item)
                return out
        elif kind == "map":
            ok = isinstance(value, dict)
        if not ok:
            self.fail("wrong_type", line=line, field=where, expected=_KIND_NAMES.get(kind, kind),
                      got=_type_name(value))
            return None
        if spec.choices and value not in spec.choices:
            self.fail("not_one_of", line=line, field=where, value=value,
                      choices=", ".join(map(str, spec.choices)))
            return None
        if kind in ("int", "number") and (
                (spec.minimum is not None and value < spec.minimum)
                or (spec.maximum is not None and value > spec.maximum)):
            self.fail("bad_number", line=line, field=where, value=value, low=spec.minimum,
                      high=spec.maximum)
            return None
        return value


def defaults(model: Model) -> dict:
    """The values a mapping of this model has when the file leaves it out entirely."""
    return {f.name: f.default for f in model.fields}


def json_schema(spec: Model | Field, title: str | None = None) -> dict:
    """The JSON Schema (draft 2020-12) of a model: editors validate YAML files while one types."""
    if isinstance(spec, Model):
        schema: dict[str, Any] = {"type": "object"}
        if spec.help:
            schema["description"] = spec.help
        schema["properties"] = {f.name: json_schema(f) for f in spec.fields}
        required = [f.name for f in spec.fields if f.required]
        if required:
            schema["required"] = required
        if spec.open_keys and spec.values is not None:
            schema["additionalProperties"] = json_schema(spec.values)
        else:
            schema["additionalProperties"] = False
        if title:
            schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title,
                      **schema}
        return schema
    if spec.model is not None:
        schema = json_schema(spec.model)
    else:
        schema = {
            "str": {"type": ["string", "number"]}, "text": {"type": "string"},
            "int": {"type": "integer"}, "number": {"type": "number"},
            "bool": {"type": "boolean"}, "date": {"type": "string", "format": "date"},
            "list": {"type": "array"}, "map": {"type": "object"}, "any": {},
        }[spec.kind].copy()
        if spec.kind == "list" and spec.items is not None:
            schema["items"] = json_schema(spec.items)
    if spec.help:
        schema["description"] = spec.help
    if spec.choices:
        schema["enum"] = list(spec.choices)
    if spec.minimum is not None:
        schema["minimum"] = spec.minimum
    if spec.maximum is not None:
        schema["maximum"] = spec.maximum
    if spec.default is not None and not isinstance(spec.default, (_dt.date,)):
        schema["default"] = list(spec.default) if isinstance(spec.default, tuple) else spec.default
    if not spec.required and spec.model is None and isinstance(schema.get("type"), (str, list)):
        # The loader reads an optional key left empty (`note:`) as absent; so must the editor.
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        schema["type"] = [*kinds, "null"]
        if "enum" in schema:
            schema["enum"] = [*schema["enum"], None]
    return schema


def checked(path: Path, spec: Model, post: Callable[[dict, Checker, Any], Any]) -> Any:
    """Load `path`, check it against `spec`, then let `post` build domain objects; raise all errors."""
    data = load_yaml(path)
    checker = Checker(path)
    value = checker.check(data, spec, "", getattr(data, "line", 1))
    if value is None:
        checker.raise_if_any()
    result = post(value, checker, data)
    checker.raise_if_any()
    return result
