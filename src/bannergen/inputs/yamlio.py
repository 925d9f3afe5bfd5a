"""Safe YAML loading that remembers the line of every key and item (the models check the values)."""

from __future__ import annotations

import datetime as _dt
from functools import cache
from pathlib import Path
from typing import Any

from bannergen.errors import UserError
from bannergen.i18n import Msg
from bannergen.inputs.mistakes import explain_yaml_error, odd_indentation

MAX_FILE_BYTES = 2_000_000
# PyYAML shares aliased nodes; walking them can still explode ("billion laughs"). Bound the walk.
MAX_NODES = 200_000
MAX_DEPTH = 50
# Anchors may be referred to this often in one file; a catalogue or an order needs a handful.
MAX_ALIASES = 1_000
MERGE_TAG = "tag:yaml.org,2002:merge"
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
    from bannergen.inputs.files import decode_utf8, read_regular

    return decode_utf8(read_regular(path, limit), path)


def load_yaml(path: Path) -> Any:
    """Parse a YAML file with the safe loader into LDict/LList/scalars carrying line numbers."""
    import yaml

    text = read_text(path)
    odd_indentation(path, text)  # NBSP from Word would parse, as a key no one wrote
    node, loader = _compose_with_libyaml(text)
    if loader is not None:
        if node is None:
            raise UserError("yaml_empty", file=path)
        return _convert(node, loader, path, [MAX_NODES], 0)
    try:
        # The reader checks characters as it goes: already in the constructor for the first
        # chunk, later while parsing; both raise ReaderError.
        loader = _bounded_loader()(text)
        node = loader.get_single_node()
    except _TooComplex as exc:
        # PyYAML composes nested collections by recursion: 1,000 levels would end in Python's
        # RecursionError. The loader stops at MAX_DEPTH first, with our own message.
        raise UserError("yaml_too_complex", file=path, line=exc.line) from None
    except RecursionError:
        # A caller that lowered Python's recursion limit below what MAX_DEPTH levels take:
        # the same message, at the line the reader had reached.
        raise UserError("yaml_too_complex", file=path,
                        line=getattr(loader, "line", 0) + 1) from None
    except yaml.reader.ReaderError as exc:
        # YAML forbids control characters (NUL, BEL …) anywhere in a file (YAML 1.1 §5.1).
        raise UserError("yaml_bad_char", file=path, line=text[:exc.position].count("\n") + 1,
                        chars=f"U+{exc.character:04X}" if isinstance(exc.character, int)
                        else repr(exc.character)) from None
    except yaml.MarkedYAMLError as exc:
        # Said in the clerk's words, with the line, a caret under the place and the fix.
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


def _compose_with_libyaml(text: str) -> tuple[Any, Any]:
    """The document's node and its loader, composed by libyaml's C parser; (None, None) when
    PyYAML was built without libyaml, when the file uses aliases, or when it is not valid YAML.

    libyaml is ~15x faster than the pure-Python parser and gives the same nodes with the same
    line marks. It has no hook for the alias bound of _bounded_loader, so a file with any alias
    ("*") goes the Python way, and so does a file with an error: that loader reports it, in its
    words and with its bounds. Nesting needs no hook: libyaml stops at 1,000 levels by itself
    (an error, so reported by the Python loader) and _convert at MAX_DEPTH.
    """
    import yaml

    if "*" in text or not hasattr(yaml, "CSafeLoader"):
        return None, None
    loader = yaml.CSafeLoader(text)
    try:
        return loader.get_single_node(), loader
    except (yaml.YAMLError, RecursionError):  # deep nesting: the Python loader's bound says so
        return None, None
    finally:
        loader.dispose()


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
        # A merge key (<<) puts the merged pairs first, and the mapping's own pairs may then
        # override them; a key written twice by hand is refused: the last would silently win
        # (a second `slogans:` would replace the whole approved catalogue).
        own = sum(1 for key_node, _ in node.value if key_node.tag != MERGE_TAG)
        loader.flatten_mapping(node)
        first_own = len(node.value) - own
        result = LDict()
        result.line = line
        result.key_lines = {}
        own_keys: set[str] = set()
        for index, (key_node, value_node) in enumerate(node.value):
            key = _convert(key_node, loader, path, budget, depth + 1)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise UserError("wrong_type", file=path, line=key_node.start_mark.line + 1,
                                expected=Msg("type_key"), got=type_name(key))
            key = str(key) if not isinstance(key, str) else key
            key_line = key_node.start_mark.line + 1
            if index >= first_own:
                if key in own_keys:
                    raise UserError("yaml_duplicate_key", file=path, line=key_line, value=key,
                                    first=result.key_lines[key])
                own_keys.add(key)
            result[key] = _convert(value_node, loader, path, budget, depth + 1)
            result.key_lines[key] = key_line
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


def type_name(value: Any) -> Msg:
    """What the user wrote, named in their language (filled into `wrong_type`)."""
    if value is None:
        return Msg("got_null")
    if isinstance(value, bool):
        return Msg("got_bool", value=str(value).lower())
    if isinstance(value, dict):
        return Msg("type_map")
    if isinstance(value, (list, tuple)):
        return Msg("type_list")
    if isinstance(value, (int, float)):
        return Msg("got_number", value=value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return Msg("got_date", value=value)
    return Msg("got_text", value=repr(str(value)[:40]))
