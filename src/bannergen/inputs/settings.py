"""The office's settings (bannergen.toml): who the office is, where it is, its logo and defaults."""

from __future__ import annotations

import difflib
import json
import os
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
)

from bannergen.errors import ErrorList, UserError
from bannergen.i18n import Msg, os_reason
from bannergen.inputs.mistakes import excerpt
from bannergen.inputs.model import one_line, problem
from bannergen.resources import missing_in_bundled_fonts

FILE_NAME = "bannergen.toml"
MAX_SETTINGS_BYTES = 100_000
# The keys in the order they are explained to the user (`bannergen config`, the commented file).
KEYS = ("office", "place", "logo", "catalog", "output")
PATH_KEYS = ("logo", "catalog", "output")
#: The longest office line and place, in characters. An office line is printed in capitals at the
#: head of the approval sheet (a column of 42 % of the A4 text width, about 70 mm: it wraps) and at
#: the foot of a poster (shrunk to the poster's width); the longest real names, "BAN QUẢN LÝ CÁC
#: KHU CÔNG NGHIỆP VÀ KHU KINH TẾ TỈNH …", have about 60. The place opens the one centred line
#: "Quảng Ngãi, ngày 25 tháng 12 năm 2026" under the national motto (about 99 mm at 10 pt):
#: 40 characters fill it, and the longest province name, "Thành phố Hồ Chí Minh", has 21.
MAX_OFFICE_CHARS = 80
MAX_PLACE_CHARS = 40


class Settings(BaseModel):
    """Cài đặt của cơ quan (bannergen.toml); mục nào cũng có thể bỏ trống."""

    model_config = ConfigDict(extra="forbid", frozen=True,
                              title="bannergen — cài đặt của cơ quan (bannergen.toml)")

    office: tuple[str, ...] | None = Field(
        None, min_length=1, max_length=2,
        # one line may also be written as a plain string (see _one_or_two_lines)
        json_schema_extra=lambda schema: schema["anyOf"].insert(0, {"type": "string",
                                                                    "minLength": 1}),
        description="Tên cơ quan, một hoặc hai dòng: cơ quan chủ quản ở trên, cơ quan ở dưới, "
                    "vd. [\"UBND TỈNH QUẢNG NGÃI\", \"SỞ TÀI CHÍNH\"]. In trên áp phích và "
                    "phiếu duyệt (đơn đặt in có 'organization' thì dùng của đơn).")
    place: str | None = Field(
        None, min_length=1,
        description="Địa danh ghi trước ngày tháng trên phiếu duyệt, vd. \"Quảng Ngãi\".")
    logo: Path | None = Field(
        None, description="Tệp logo PNG/JPEG của cơ quan (đường dẫn tính từ thư mục của tệp "
                          "cài đặt), đặt vào chỗ logo của mẫu.")
    catalog: Path | None = Field(
        None, description="Danh mục khẩu hiệu dùng khi không ghi --catalog (đường dẫn tính từ "
                          "thư mục của tệp cài đặt).")
    output: Path | None = Field(
        None, description="Thư mục ghi tệp khi không ghi -o (đường dẫn tính từ thư mục của tệp "
                          "cài đặt).")

    # Where each value came from: the settings file, or absent for the built-in default.
    _sources: dict[str, Path] = PrivateAttr(default_factory=dict)

    @field_validator("office", mode="before")
    @classmethod
    def _one_or_two_lines(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if isinstance(value, (list, tuple)):
            return tuple(one_line(v) if isinstance(v, str) else v for v in value)
        return value

    @field_validator("office")
    @classmethod
    def _no_empty_line(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None and not all(value):
            raise ValueError("empty line")
        for line in value or ():
            _refuse_unprintable(line, MAX_OFFICE_CHARS)
        return value

    @field_validator("place", mode="before")
    @classmethod
    def _nfc(cls, value: Any) -> Any:
        return one_line(value) if isinstance(value, str) else value

    @field_validator("place")
    @classmethod
    def _printable_place(cls, value: str | None) -> str | None:
        if value:
            _refuse_unprintable(value, MAX_PLACE_CHARS)
        return value

    def source(self, key: str) -> Path | None:
        """The settings file that gave `key`, or None when it is the built-in default."""
        return self._sources.get(key)

    @property
    def office_text(self) -> str | None:
        """The office as a Job carries it: its lines joined by a line break (a poster prints
        each line under the other, the parent body first)."""
        return "\n".join(self.office) if self.office else None

    def with_sources(self, sources: dict[str, Path]) -> Settings:
        copy = self.model_copy()
        copy._sources = dict(sources)
        return copy


# ---------------------------------------------------------------------------------------------
# Text printed as it is: the office and the place

def printed_text_problem(text: str, limit: int) -> tuple[str, dict[str, Any]] | None:
    """Why an office line or a place (one line, NFC) cannot be printed, as a message key and its
    parameters, or None: an invisible or control character (the catalogue's rule for slogan
    text, model.INVISIBLE), more than `limit` characters, or a character the bundled fonts
    cannot draw (it would fail the poster and print as a box on the approval sheet)."""
    import unicodedata

    from bannergen.inputs.model import INVISIBLE

    hidden = sorted({f"U+{ord(c):04X}" for c in text if INVISIBLE.match(c)
                     or unicodedata.category(c) in ("Cc", "Cf", "Co", "Cs", "Cn")})
    if hidden:
        return "invisible_chars", {"chars": ", ".join(hidden)}
    if len(text) > limit:
        return "settings_too_long", {"length": len(text), "limit": limit}
    missing, fonts = missing_in_bundled_fonts(text)
    if missing:
        return "settings_missing_glyph", {
            "chars": ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing),
            "font": ", ".join(fonts)}
    return None


def _refuse_unprintable(text: str, limit: int) -> None:
    """A validator's refusal of an office line or place that cannot be printed."""
    found = printed_text_problem(text, limit)
    if found:
        raise problem(found[0], value=text[:40], **found[1])


def check_printed_text(text: str, limit: int, field: str | None = None) -> str:
    """`text` as one line (NFC, single spaces), or a UserError saying why it cannot be printed
    (printed_text_problem); for a form that checks a field before the settings are written."""
    text = one_line(text)
    found = printed_text_problem(text, limit)
    if found:
        raise UserError(found[0], field=field, value=text[:40], **found[1])
    return text


# ---------------------------------------------------------------------------------------------
# Where settings files are

def user_config_dir() -> Path:
    """The user's configuration folder for bannergen, by the platform's convention:
    %APPDATA%\\bannergen on Windows, else $XDG_CONFIG_HOME/bannergen (XDG Base Directory
    specification), else ~/.config/bannergen."""
    if sys.platform == "win32" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "bannergen"
    xdg = os.environ.get("XDG_CONFIG_HOME")
    if xdg and Path(xdg).is_absolute():  # the spec says a relative value is to be ignored
        return Path(xdg) / "bannergen"
    return Path.home() / ".config" / "bannergen"


def settings_files(cwd: Path | None = None) -> list[Path]:
    """The settings files consulted, strongest first: the working folder's, then the user's."""
    here = Path(cwd) if cwd is not None else Path.cwd()
    return [here / FILE_NAME, user_config_dir() / FILE_NAME]


# ---------------------------------------------------------------------------------------------
# Reading

def load_settings(cwd: Path | None = None) -> Settings:
    """The settings in effect: each key from the first file that has it (the working folder's
    bannergen.toml, then the user's), else absent. Relative paths are taken from the folder of
    the file that gives them. A broken file is a UserError naming the file and line."""
    merged: dict[str, Any] = {}
    sources: dict[str, Path] = {}
    for path in reversed(settings_files(cwd)):  # weakest first; stronger files overwrite
        if not path.exists():  # a folder or a pipe of that name is reported, not skipped
            continue
        for key, value in read_settings_file(path).items():
            merged[key] = value
            sources[key] = path
    return Settings.model_validate(merged).with_sources(sources)


def read_settings_file(path: Path) -> dict[str, Any]:
    """One settings file: its keys checked, paths made absolute; every problem reported with its
    file and line."""
    path = Path(path)
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise toml_error(path, text, exc) from None
    try:
        checked = Settings.model_validate(data)
    except ValidationError as exc:
        raise _validation_errors(path, text, data, exc) from None
    result = checked.model_dump(exclude_unset=True)
    for key in PATH_KEYS:
        if result.get(key) is not None:
            result[key] = _resolve(result[key], path.parent)
    if result.get("logo") is not None:
        # A settings file may come with a folder someone sent: its logo must lie beside it.
        from bannergen.inputs.images import logo_in_folder

        try:
            result["logo"] = logo_in_folder(path.parent, str(result["logo"]))
        except UserError as exc:
            exc.file, exc.field = str(path), "logo"
            raise
    return result


def _read(path: Path) -> str:
    from bannergen.inputs.files import decode_utf8, read_regular

    # a pipe or a device: refused, never waited on
    return decode_utf8(read_regular(path, MAX_SETTINGS_BYTES), path)


def _resolve(value: Path, folder: Path) -> Path:
    value = Path(os.path.expanduser(str(value)))
    return value if value.is_absolute() else folder / value


_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_END = re.compile(r"\(at end of document\)")


def toml_error(path: Path, text: str, exc: tomllib.TOMLDecodeError) -> UserError:
    """A TOML syntax error in the user's words, with the line and what to do."""
    found = _TOML_POSITION.search(str(exc))
    lines = text.splitlines() or [""]
    if found:
        line, column = int(found.group(1)), int(found.group(2))
    else:
        line, column = len(lines), len(lines[-1]) + 1
    opened = _open_bracket_line(lines[: line - 1])
    if opened is not None:
        # TOML lets a list run over lines, so the parser stumbles only on the next key: the
        # mistake is the list left open above it.
        source = lines[opened - 1]
        return UserError("settings_syntax", file=path, line=opened,
                         fix=Msg("fix_settings_unclosed_list"),
                         hint=excerpt(source, len(source.rstrip()) + 1))
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    return UserError("settings_syntax", file=path, line=line,
                     fix=Msg(_toml_fix(source)), hint=excerpt(source, column))


def _open_bracket_line(lines: list[str]) -> int | None:
    """The line (1-based) where a bracket still open at the end of `lines` was opened."""
    stack: list[int] = []
    for number, line in enumerate(lines, 1):
        for char in _strip_comment(_strip_strings(line)):
            if char == "[":
                stack.append(number)
            elif char == "]" and stack:
                stack.pop()
    return stack[0] if stack else None


def _strip_strings(line: str) -> str:
    return re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', '""', line)


def _toml_fix(source: str) -> str:
    """The likely mistake on a TOML line, as a message key."""
    key, sep, value = source.partition("=")
    value = value.strip()
    if "“" in source or "”" in source:
        return "fix_settings_curly_quotes"
    if "\t" in source[: len(source) - len(source.lstrip())]:
        return "fix_settings_generic"
    if not sep:
        return "fix_settings_no_equals"
    if value and value[0] not in "\"'[{0123456789-+tf":
        return "fix_settings_quote"
    if value.count('"') % 2:
        return "fix_settings_unclosed_quote"
    if value.startswith("[") and not value.rstrip().endswith("]"):
        return "fix_settings_unclosed_list"
    return "fix_settings_generic"


# Raised by the validators above with their own message (printed_text_problem).
_OWN_PROBLEMS = ("invisible_chars", "settings_too_long", "settings_missing_glyph")
_EXPECTED = {"office": "expect_office", "place": "expect_place", "logo": "expect_path",
             "catalog": "expect_path", "output": "expect_path"}


def _validation_errors(path: Path, text: str, data: dict, exc: ValidationError) -> UserError:
    errors: list[UserError] = []
    for error in exc.errors():
        key = str(error["loc"][0]) if error["loc"] else ""
        line = _line_of_key(text, key)
        if error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(key, KEYS, n=1, cutoff=0.6)
            errors.append(UserError("settings_unknown_key", file=path, line=line, name=key,
                                    suggest=close[0] if close else None, choices=", ".join(KEYS)))
        elif error["type"] in _OWN_PROBLEMS and key not in {e.field for e in errors}:
            ctx = dict(error.get("ctx") or {})
            errors.append(UserError(error["type"], file=path, line=line, field=key, **ctx))
        elif key not in {e.field for e in errors}:  # one message per key
            errors.append(UserError("settings_bad_value", file=path, line=line, field=key,
                                    value=_shown(data.get(key)),
                                    expected=Msg(_EXPECTED.get(key, "type_any"))))
    return errors[0] if len(errors) == 1 else ErrorList(errors)


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:59] + "…"


def _line_of_key(text: str, key: str) -> int | None:
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=")
    for number, line in enumerate(text.splitlines(), 1):
        if pattern.match(line):
            return number
    return None


# ---------------------------------------------------------------------------------------------
# Writing

def toml_value(value: Any) -> str:
    """A TOML value: a basic string (JSON's escapes are TOML's) or an array of them."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, Path):
        value = value.as_posix()
    return json.dumps(str(value), ensure_ascii=False)


def _relative(value: Path, folder: Path) -> Path:
    """A path written into a settings file: relative to its folder when it lies inside it."""
    if not value.is_absolute():
        return value
    try:
        relative = Path(os.path.relpath(value, folder))
    except ValueError:  # another drive on Windows
        return value
    return value if relative.parts[:1] == ("..",) else relative


def _values(settings: Settings, folder: Path) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key in KEYS:
        value = getattr(settings, key)
        if value is None:
            continue
        values[key] = _relative(value, folder) if key in PATH_KEYS else value
    return values


COMMENTED_TEMPLATE = """\
# Cài đặt của bannergen cho cơ quan (tệp TOML, mã UTF-8).
# bannergen đọc tệp bannergen.toml ở thư mục đang làm việc, rồi tệp trong thư mục cài đặt của
# người dùng. Dòng bắt đầu bằng # là ghi chú. Nội dung chữ đặt trong ngoặc kép thẳng "…".
# Xem cài đặt đang dùng: bannergen config

# Tên cơ quan, một hoặc hai dòng: cơ quan chủ quản ở trên, cơ quan ở dưới.
# In trên áp phích và phiếu duyệt (đơn đặt in có 'organization' thì dùng của đơn).
{office}

# Địa danh ghi trước ngày tháng trên phiếu duyệt: "Quảng Ngãi, ngày 05 tháng 3 năm 2026".
{place}

# Logo của cơ quan (PNG hoặc JPEG), đường dẫn tính từ thư mục của tệp này.
{logo}

# Danh mục khẩu hiệu dùng khi không ghi --catalog.
{catalog}

# Thư mục ghi tệp khi không ghi -o.
{output}
"""

EXAMPLES = {"office": ["UBND TỈNH QUẢNG NGÃI", "SỞ TÀI CHÍNH"], "place": "Quảng Ngãi",
            "logo": "logo.png", "catalog": "khau-hieu.yaml", "output": "bang-ron"}


def commented_settings(settings: Settings | None = None, folder: Path = Path(".")) -> str:
    """A settings file with a comment above every key: the given values, and the others as
    commented-out examples."""
    values = _values(settings, folder) if settings is not None else {}
    lines = {key: f"{key} = {toml_value(values[key])}" if key in values
             else f"# {key} = {toml_value(EXAMPLES[key])}" for key in KEYS}
    return COMMENTED_TEMPLATE.format(**lines)


def write_settings(settings: Settings, path: Path) -> Path:
    """Write `settings` to `path`. An existing file keeps its comments and layout: each key's
    line is replaced where it stands (a commented-out example is taken up), new keys are added
    at the end, and keys the settings no longer have are commented out. A new file is the
    commented file of `init_settings`. Written atomically."""
    from bannergen.atomic import write_atomic

    path = Path(path)
    values = _values(settings, path.parent.resolve() if path.parent else Path.cwd())
    if path.is_file():
        text = update_settings_text(_read(path), values)
    else:
        text = commented_settings(settings, path.parent.resolve())
    tomllib.loads(text)  # never write a file we could not read back
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError("output_not_writable", value=str(path), reason=os_reason(exc)) from None
    write_atomic(path, text.encode("utf-8"), edit=True)
    return path


_KEY_LINE = re.compile(r"^(?P<comment>#\s*)?(?P<key>[A-Za-z_][A-Za-z0-9_-]*)\s*=\s*(?P<value>.*)$")


def update_settings_text(text: str, values: dict[str, Any]) -> str:
    """The text of a settings file with `values` put in (pure: see write_settings)."""
    lines = text.splitlines()
    out: list[str] = []
    done: set[str] = set()
    commented_at: dict[str, tuple[int, int]] = {}  # key → (where in `out`, how many lines)
    i = 0
    in_table = False
    while i < len(lines):
        line = lines[i]
        i += 1
        if line.lstrip().startswith("["):
            in_table = True  # keys under a [table] are not ours (the model has no tables)
        found = None if in_table else _KEY_LINE.match(line.strip())
        if found is None or found.group("key") not in KEYS:
            out.append(line)
            continue
        key, value = found.group("key"), found.group("value")
        span = [line]
        # An array written over several lines runs to its closing bracket.
        if value.lstrip().startswith("[") and "]" not in _strip_comment(value):
            while i < len(lines):
                span.append(lines[i])
                i += 1
                if "]" in _strip_comment(lines[i - 1]):
                    break
        if found.group("comment"):
            if key not in commented_at:
                commented_at[key] = (len(out), len(span))
            out.extend(span)
            continue
        if key in done:
            continue  # a duplicate key (TOML forbids it): keep one
        done.add(key)
        if key in values:
            out.append(f"{key} = {toml_value(values[key])}")
        else:
            out.extend("# " + part for part in span)
    # Keys still to write: in place of their commented-out example, else at the end.
    for key in sorted((k for k in values if k not in done and k in commented_at),
                      key=lambda k: -commented_at[k][0]):
        start, count = commented_at[key]
        out[start:start + count] = [f"{key} = {toml_value(values[key])}"]
        done.add(key)
    rest = [f"{key} = {toml_value(values[key])}" for key in KEYS if key in values and key not in done]
    if rest:
        if out and out[-1].strip():
            out.append("")
        out.extend(rest)
    return "\n".join(out) + "\n"


def _strip_comment(text: str) -> str:
    """A line's content without its trailing # comment (a # inside quotes is content)."""
    quote = None
    for index, char in enumerate(text):
        if quote:
            if char == quote:
                quote = None
        elif char in "\"'":
            quote = char
        elif char == "#":
            return text[:index]
    return text


def init_settings(path: Path, settings: Settings | None = None, force: bool = False) -> Path:
    """Write a new commented settings file; an existing one is kept unless `force`."""
    path = Path(path)
    if path.exists() and not force:
        raise UserError("settings_exists", value=str(path))
    if path.exists():
        path.unlink()
    return write_settings(settings or Settings(), path)
