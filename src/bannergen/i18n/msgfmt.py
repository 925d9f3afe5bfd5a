"""Read gettext .po catalogues and write .mo files, in pure Python (no GNU gettext needed).

Used by the wheel's build hook (hatch_build.py, which loads this file by path, so it imports
nothing from bannergen) and at run time when a source checkout has no fresh .mo yet.
Format: GNU gettext manual, "The Format of PO Files" and "The Format of GNU MO Files".
"""

from __future__ import annotations

import ast
import hashlib
import struct
from dataclasses import dataclass, field
from pathlib import Path

# The .mo header names the SHA-256 of the .po it was made from: a run from a source checkout
# recompiles when the two differ, whatever the files' dates say.
SOURCE_HASH_FIELD = "X-Source-SHA256"


class PoError(ValueError):
    """A .po file that does not follow the format (with its line number)."""


@dataclass
class Entry:
    """One message: its id, the plural id (or None) and the translated forms."""

    msgid: str
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    comments: list[str] = field(default_factory=list)
    line: int = 0

    @property
    def plural(self) -> bool:
        return self.msgid_plural is not None


def parse_po(text: str, name: str = "<po>") -> list[Entry]:
    """The entries of a .po file, the header (msgid "") first; fuzzy and obsolete ones included
    (their flags tell), as in the file."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # which string the next continuation line extends
    flags: set[str] = set()
    comments: list[str] = []

    def finish() -> None:
        nonlocal current
        if current is not None:
            entries.append(current)
        current = None

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#~"):
            continue  # an obsolete entry, kept by translators' tools for reference only
        if line.startswith("#,"):
            if current is not None and current.msgstr:
                finish()
            flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            if current is not None and current.msgstr:
                finish()
            comments.append(line)
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise PoError(f"{name}:{number}: a string outside any entry")
            _extend(current, target, _unquote(line, name, number))
            continue
        if keyword == "msgctxt":
            raise PoError(f"{name}:{number}: msgctxt is not used by bannergen")
        if keyword == "msgid":
            finish()
            current = Entry(_unquote(rest, name, number), flags=flags, comments=comments,
                            line=number)
            flags, comments = set(), []
            target = ("msgid", 0)
        elif keyword == "msgid_plural" and current is not None:
            current.msgid_plural = _unquote(rest, name, number)
            target = ("msgid_plural", 0)
        elif keyword == "msgstr" and current is not None:
            current.msgstr = [_unquote(rest, name, number)]
            target = ("msgstr", 0)
        elif keyword.startswith("msgstr[") and keyword.endswith("]") and current is not None:
            index = int(keyword[7:-1])
            if index != len(current.msgstr):
                raise PoError(f"{name}:{number}: plural forms out of order")
            current.msgstr.append(_unquote(rest, name, number))
            target = ("msgstr", index)
        else:
            raise PoError(f"{name}:{number}: unexpected line: {line[:40]}")
    finish()
    for entry in entries:
        if not entry.msgstr:
            raise PoError(f"{name}:{entry.line}: '{entry.msgid}' has no msgstr")
    return entries


def _unquote(text: str, name: str, number: int) -> str:
    text = text.strip()
    if len(text) < 2 or not (text.startswith('"') and text.endswith('"')):
        raise PoError(f"{name}:{number}: expected a quoted string")
    try:
        # PO strings use C escapes (\\, \", \n, \t); a Python literal reads them the same way.
        value = ast.literal_eval(text)
    except (SyntaxError, ValueError):
        raise PoError(f"{name}:{number}: bad string {text[:40]}") from None
    return value


def _extend(entry: Entry, target: tuple[str, int], value: str) -> None:
    kind, index = target
    if kind == "msgid":
        entry.msgid += value
    elif kind == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + value
    else:
        entry.msgstr[index] += value


def header(entries: list[Entry]) -> dict[str, str]:
    """The header's fields (Language, Plural-Forms, …)."""
    for entry in entries:
        if entry.msgid == "":
            fields = {}
            for line in entry.msgstr[0].splitlines():
                key, _, value = line.partition(":")
                if key:
                    fields[key.strip()] = value.strip()
            return fields
    return {}


def compile_po(text: str, name: str = "<po>") -> bytes:
    """The .mo bytes for a .po text: fuzzy entries left out (as GNU msgfmt does), the header
    given the source's SHA-256, keys sorted (the format's binary search needs it; and the same
    .po always gives the same bytes)."""
    catalogue: dict[bytes, bytes] = {}
    source_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for entry in parse_po(text, name):
        if "fuzzy" in entry.flags and entry.msgid:
            continue
        if entry.msgid == "":
            value = entry.msgstr[0].rstrip("\n") + f"\n{SOURCE_HASH_FIELD}: {source_hash}\n"
            catalogue[b""] = value.encode("utf-8")
            continue
        key = entry.msgid if not entry.plural else f"{entry.msgid}\0{entry.msgid_plural}"
        catalogue[key.encode("utf-8")] = "\0".join(entry.msgstr).encode("utf-8")
    return _mo_bytes(catalogue)


def _mo_bytes(catalogue: dict[bytes, bytes]) -> bytes:
    keys = sorted(catalogue)
    count = len(keys)
    ids = b"".join(key + b"\0" for key in keys)
    strs = b"".join(catalogue[key] + b"\0" for key in keys)
    start = 7 * 4 + 16 * count  # header, then the two tables of (length, offset) pairs
    key_table, value_table = [], []
    offset = 0
    for key in keys:
        key_table += [len(key), start + offset]
        offset += len(key) + 1
    offset = 0
    for key in keys:
        value_table += [len(catalogue[key]), start + len(ids) + offset]
        offset += len(catalogue[key]) + 1
    head = struct.pack("<7I", 0x950412DE, 0, count, 7 * 4, 7 * 4 + 8 * count, 0, 0)
    return (head + struct.pack(f"<{2 * count}I", *key_table)
            + struct.pack(f"<{2 * count}I", *value_table) + ids + strs)


def compile_file(po: Path, mo: Path) -> None:
    """Compile one .po into its .mo beside it (or wherever `mo` says)."""
    data = compile_po(po.read_text(encoding="utf-8"), str(po))
    mo.parent.mkdir(parents=True, exist_ok=True)
    mo.write_bytes(data)
