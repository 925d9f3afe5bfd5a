"""Explain a syntax mistake in a YAML file in the clerk's words: the line, an excerpt with a caret
under the place, and what to do (quote a text with a colon, spaces instead of tabs …)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from bannergen.errors import UserError
from bannergen.i18n import Msg

CURLY_QUOTES = "“”‘’„«»"
_SPECIAL_START = re.compile(r"found character '(.)' that cannot start any token")


def excerpt(source: str, column: int, width: int = 60) -> str:
    """Two lines showing where: the source line (cut around the column when long) and a caret
    under the column (1-based). Tabs are shown as one space, so that the caret stays in place."""
    source = source.replace("\t", " ").rstrip("\n")
    column = max(1, min(column, len(source) + 1))
    start = max(0, column - 1 - width // 2) if len(source) > width else 0
    shown = source[start:start + width]
    lead = "…" if start else ""
    tail = "…" if start + width < len(source) else ""
    return f"    {lead}{shown}{tail}\n    {' ' * (len(lead) + column - 1 - start)}^"


def explain_yaml_error(path: Path, text: str, exc: Any) -> UserError:
    """A PyYAML MarkedYAMLError, as one UserError: file, line, the fix, and the excerpt."""
    lines = text.splitlines() or [""]
    problem = exc.problem or exc.context or ""
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else len(lines)
    column = mark.column + 1 if mark else 1
    if line > len(lines) and exc.context_mark is not None:
        # "expected ']' but got end of stream": the opening bracket or quote is where to look.
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
    line = max(1, min(line, len(lines)))
    source = lines[line - 1]
    fix: Msg

    if "\t" in problem or "'\\t'" in problem or "tab character" in problem:
        fix = Msg("fix_yaml_tab")
    elif any(q in source for q in CURLY_QUOTES) or (
            exc.context_mark is not None and
            any(q in lines[exc.context_mark.line] for q in CURLY_QUOTES
                if exc.context_mark.line < len(lines))):
        fix = Msg("fix_yaml_curly_quotes")
        column = next((i + 1 for i, c in enumerate(source) if c in CURLY_QUOTES), column)
    elif "mapping values are not allowed" in problem:
        fix, column = _colon_or_indent(lines, line, column)
    elif "quoted scalar" in context and exc.context_mark is not None:
        line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        opening = lines[line - 1][column - 1:column] or '"'
        fix = Msg("fix_yaml_unclosed_quote", quote=opening)
    elif "sequence entries are not allowed" in problem:
        fix = Msg("fix_yaml_special_start", char="-", suggestion=_quoted(source))
    elif "block end" in problem and _after_quote(source, column):
        # `title: "Khẩu hiệu" mới`: the quotes closed the text, and more text follows them.
        fix = Msg("fix_yaml_after_quote", suggestion=_requoted(source))
    elif "flow sequence" in context or "flow mapping" in context:
        if exc.context_mark is not None:
            line, column = exc.context_mark.line + 1, exc.context_mark.column + 1
        fix = Msg("fix_yaml_unclosed_bracket", bracket="]" if "sequence" in context else "}")
    elif "simple key" in context and exc.context_mark is not None:
        line, column = exc.context_mark.line + 1, len(lines[exc.context_mark.line].rstrip()) + 1
        fix = Msg("fix_yaml_missing_colon")
    elif _SPECIAL_START.search(problem) or "undefined alias" in problem or "tag handle" in problem:
        found = _SPECIAL_START.search(problem)
        char = found.group(1) if found else source[column - 1:column] or "*"
        fix = Msg("fix_yaml_special_start", char=char, suggestion=_quoted(source))
    elif "block end" in problem or "expected key" in problem or "'-' indicator" in problem:
        stripped = source.lstrip()
        if re.match(r"-[^\s-]", stripped):
            fix = Msg("fix_yaml_dash_space")
            column = len(source) - len(stripped) + 2
        else:
            fix = _indent(lines, line)
            column = len(source) - len(stripped) + 1
    else:
        fix = Msg("fix_yaml_generic")
    source = lines[line - 1] if line <= len(lines) else ""
    return UserError("yaml_mistake", file=path, line=line, fix=fix, hint=excerpt(source, column))


def _colon_or_indent(lines: list[str], line: int, column: int) -> tuple[Msg, int]:
    """"mapping values are not allowed here": a second colon on a `key: value` line is a colon in
    the text (quote it); a colon that is the line's first is a key the indentation put in the
    wrong place."""
    source = lines[line - 1]
    first = source.find(":")
    if 0 <= first < column - 1:
        return Msg("fix_yaml_colon", suggestion=_quoted(source)), column
    return _indent(lines, line), len(source) - len(source.lstrip()) + 1


def _indent(lines: list[str], line: int) -> Msg:
    """Uneven indentation: how far this line is indented, and the line above."""
    source = lines[line - 1]
    here = len(source) - len(source.lstrip(" "))
    above = next((lines[i] for i in range(line - 2, -1, -1)
                  if lines[i].strip() and not lines[i].lstrip().startswith("#")), "")
    there = len(above) - len(above.lstrip(" "))
    if above.lstrip().startswith("- "):
        there += 2  # the keys of a list item line up after its "- "
    return Msg("fix_yaml_indent", found=here, above=there)


def _after_quote(source: str, column: int) -> bool:
    """Whether the mark stands mid-line, just after a closing quote (and spaces)."""
    before = source[: column - 1].rstrip()
    return column - 1 > len(source) - len(source.lstrip()) and before.endswith(("\"", "'"))


def _requoted(source: str) -> str:
    """The line with its whole value in single quotes, so that double quotes inside are text."""
    key, sep, value = source.partition(": ")
    value = value.strip().replace("'", "''")
    return f"{key.strip()}: '{value}'" if sep else f"'{source.strip()}'"


def _quoted(source: str) -> str:
    """The line as it should be: the value after the key's colon in double quotes."""
    key, sep, value = source.partition(": ")
    if not sep:
        return json.dumps(source.strip(), ensure_ascii=False)
    value = value.strip().strip(CURLY_QUOTES + "\"'")
    return f"{key.strip()}: {json.dumps(value, ensure_ascii=False)}"


# Spaces that look like spaces but are not YAML's: a no-break space from Word (U+00A0), the
# figure and narrow no-break spaces, the ideographic space, a stray byte-order mark.
_ODD_SPACES = "\u00a0\u2007\u202f\u3000\ufeff\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a"


def odd_indentation(path: Path, text: str) -> None:
    """Refuse a line indented with an unusual space: YAML reads it as text, so the line would
    become a key nobody wrote (or vanish into the one above), far from the real mistake."""
    for number, line in enumerate(text.splitlines(), 1):
        lead = line[: len(line) - len(line.lstrip(" \t" + _ODD_SPACES))]
        odd = sorted({f"U+{ord(c):04X}" for c in lead if c in _ODD_SPACES})
        if odd:
            column = next(i for i, c in enumerate(line) if c in _ODD_SPACES) + 1
            raise UserError("yaml_odd_space", file=path, line=number, chars=", ".join(odd),
                            hint=excerpt(line, column))
