"""A slogan catalogue from the official letter that approves the slogans (.txt or .docx)."""

from __future__ import annotations

import datetime as dt
import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bannergen.errors import UserError
from bannergen.i18n import DateText, os_reason
from bannergen.inputs.model import without_marks

MAX_LETTER_BYTES = 20_000_000
MAX_DOCX_UNPACKED = 50_000_000  # bytes of XML and parts a .docx may unpack to
MAX_SLOGAN_CHARS = 300   # longer "items" ending in "!" are prose, not slogans
MAX_SLOGAN_LINES = 4     # a slogan wrapped over more lines than this is prose too
SLUG_WORDS = 6


@dataclass(frozen=True)
class FoundSlogan:
    """A slogan found in a letter: its number in the new catalogue, its slug, its text, and the
    line of the letter where it starts (for the clerk to check against the paper)."""

    id: int
    slug: str
    text: str
    line: int


@dataclass(frozen=True)
class LetterDocument:
    """The approving document, as the clerk names it: "Công văn số 2808-CV/BTGTU ngày …"."""

    id: str
    title: str
    date: dt.date | None = None


# ---------------------------------------------------------------------------------------------
# Reading the letter

def read_letter(path: Path) -> str:
    """The text of a letter: a UTF-8 (or UTF-16) .txt file, or a Word .docx file, whose list
    paragraphs get a "- " so that Word's automatic bullets and numbers count as list marks."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".doc", ".rtf", ".odt", ".pdf"):
        raise UserError("letter_format", file=path, value=suffix)
    from bannergen.inputs.files import decode_utf8, read_regular

    data = read_regular(path, MAX_LETTER_BYTES)  # a pipe or a device: refused, never waited on
    if data.startswith(b"PK\x03\x04"):  # a zip: Word's .docx, whatever the name says
        return docx_text(data, path)
    if suffix == ".docx":
        raise UserError("letter_not_docx", file=path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode" is UTF-16 with a BOM
        return data.decode("utf-16")
    return decode_utf8(data, path)


def docx_text(data: bytes, path: Path) -> str:
    """The paragraphs of a .docx in document order, table cells included, one per line."""
    import io
    import zipfile

    try:
        import docx
        from docx.oxml.ns import qn
    except ImportError:  # pragma: no cover - a declared dependency
        raise UserError("letter_format", file=path, value=".docx") from None
    try:
        # A zip declares what its members unpack to: a few kilobytes could claim gigabytes of
        # XML (a zip bomb). A letter's text is far below the limit once unpacked too.
        unpacked = sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(data)).infolist())
        if unpacked > MAX_DOCX_UNPACKED:
            raise UserError("file_too_large", file=path, size=unpacked, limit=MAX_DOCX_UNPACKED)
        document = docx.Document(io.BytesIO(data))
    except UserError:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UserError("letter_broken_docx", file=path, reason=str(exc)[:80]) from None
    except Exception as exc:  # python-docx raises its own types for a zip that is not Word's
        raise UserError("letter_broken_docx", file=path, reason=type(exc).__name__) from None

    lines: list[str] = []

    def paragraph(p) -> None:
        text = "".join(node.text or "" if node.tag == qn("w:t") else
                       "\n" if node.tag in (qn("w:br"), qn("w:cr")) else
                       " " if node.tag == qn("w:tab") else ""
                       for node in p.iter(qn("w:t"), qn("w:br"), qn("w:cr"), qn("w:tab")))
        properties = p.find(qn("w:pPr"))
        numbered = properties is not None and properties.find(qn("w:numPr")) is not None
        style = properties.find(qn("w:pStyle")) if properties is not None else None
        listed = style is not None and "list" in (style.get(qn("w:val")) or "").lower()
        lines.append(("- " if (numbered or listed) and text.strip() else "") + text)

    for block in document.element.body.iter(qn("w:p")):
        paragraph(block)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# Finding the slogans

_SPACES = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u3000\t]")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
# A list mark: a dash or bullet (Word's Symbol-font bullet comes through as U+F0B7), or a number
# or letter followed by "." or ")" — "1.", "2)", "a)", "IV." — possibly followed by a dash too.
_MARK = re.compile(r"^\s*(?:[-–—•●○◦▪■□➢➤►✓+*·\uf0b7\uf0a7\uf076\uf0d8]"
                   r"|\(?(?:\d{1,2}(?:\.\d{1,2})*|[a-zđ]|[IVX]{1,4})[.)](?=\s)"
                   r"|\d{1,2}(?:\.\d{1,2})+(?=\s))\s*(?:[-–—]\s*)?")
_BARE_NUMBER = re.compile(r"^\(?\d{1,3}[.)]?$")
_QUOTES = "\"'“”‘’«»„"
# "!" ends a slogan, perhaps followed by its closing quote, a note in brackets ("(dùng cho các
# xã)"), and the ";" or "." that ends a list item in an administrative text.
_TAIL = r"!\s*[" + _QUOTES + r"]?\s*(?:\([^()]*\))?\s*[;,.]?\s*$"
_END = re.compile(_TAIL)
_ROMAN_HEADING = re.compile(r"^\s*[IVX]{1,4}\.\s+\S")
_SECTION = re.compile(r"khẩu\s+hiệu", re.IGNORECASE)
_SUBJECT = re.compile(r"^\s*v/v\b", re.IGNORECASE)
_END_OF_BODY = re.compile(r"^\s*(?:nơi\s+nhận|noi\s+nhan)\b", re.IGNORECASE)


def clean_letter(text: str) -> str:
    """NFC, plain spaces for every kind of space (NBSP from Word), no invisible characters, one
    line per line (Word's manual line break, U+000B, and old Mac CRs become newlines)."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x0b", "\n").replace("\f", "\n")
    text = _INVISIBLE.sub("", text)
    return _SPACES.sub(" ", text)


def find_slogans(text: str) -> list[tuple[str, int]]:
    """The slogans of a letter, in order, each with the line where it starts.

    A slogan is a list item (a dash, bullet or number at the start of a line, or a line in
    quotes, or any line once inside the khẩu hiệu section) whose text, joined over the lines it
    was wrapped on, ends with "!". The search starts at the first line that names khẩu hiệu
    (the whole letter if none does) and stops at "Nơi nhận" (the distribution list that ends an
    official letter, Nghị định 30/2020/NĐ-CP), or at the next Roman-numbered section once
    slogans were found.
    """
    lines = clean_letter(text).split("\n")
    start = _section_start(lines)
    found = _scan(lines, start)
    if not found and start:
        found = _scan(lines, 0)  # "khẩu hiệu" named only after the list: read it all
    return _unique(found)


def _scan(lines: list[str], start: int) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    item: list[str] = []
    item_line = 0

    def close() -> None:
        if not item:
            return
        joined = _join(item)
        if joined and len(joined) <= MAX_SLOGAN_CHARS and len(item) <= MAX_SLOGAN_LINES:
            found.append((joined, item_line))
        item.clear()

    for number, raw in enumerate(lines[start:], start + 1):
        line = raw.strip()
        if _END_OF_BODY.match(line):
            break
        if not line:
            item.clear()  # a blank line ends an unfinished item: it was not a slogan
            continue
        if found and _ROMAN_HEADING.match(line) and not _SECTION.search(line):
            break
        marked = _MARK.match(line) or _BARE_NUMBER.match(line)
        if _is_heading(line, marked is not None, bool(item)):
            item.clear()
            continue
        if marked or not item:
            item.clear()
            item_line = number
            line = line[marked.end():] if marked else line
            if not line:
                continue  # a table's number cell: the slogan is on the next line
        item.append(line)
        if _END.search(line):
            close()
        elif line.rstrip().endswith((":", ".", ";")) or len(item) > MAX_SLOGAN_LINES:
            item.clear()  # a heading ("Khẩu hiệu chung:") or a sentence of prose
    return found


def _section_start(lines: list[str]) -> int:
    """Where the slogans section begins: the first heading that names the khẩu hiệu ("II. KHẨU
    HIỆU TUYÊN TRUYỀN", "Các khẩu hiệu:"), else the first line that names them at all, else the
    top. The subject line ("V/v … khẩu hiệu …", the trích yếu) is not a heading."""
    named = [i for i, line in enumerate(lines)
             if _SECTION.search(line) and not _SUBJECT.match(line) and "!" not in line]
    for index in named:
        line = lines[index].strip()
        letters = [c for c in line if c.isalpha()]
        if _ROMAN_HEADING.match(line) or line.endswith(":") or all(c.isupper() for c in letters):
            return index
    return named[0] if named else 0


def _is_heading(line: str, marked: bool, open_item: bool) -> bool:
    """A section heading, not a slogan: no "!", and it names the khẩu hiệu, or is numbered in
    Roman figures ("II. NỘI DUNG"), or stands alone in capitals with no list mark."""
    if "!" in line:
        return False
    if _SECTION.search(line) or _ROMAN_HEADING.match(line):
        return True
    letters = [c for c in line if c.isalpha()]
    return not marked and not open_item and len(letters) > 3 and all(c.isupper() for c in letters)


def _join(parts: list[str]) -> str:
    """One slogan from the lines it was wrapped on: single spaces, no quotes around it, nothing
    after its "!", and no space before a "!" (a typing habit, not part of the text)."""
    text = " ".join(" ".join(parts).split())
    text = text.strip(_QUOTES + " ")
    text = re.sub(_TAIL, "!", text)
    text = text.strip(_QUOTES + " ")
    text = re.sub(r"\s+!", "!", text)
    # A word hyphenated across the break ("đổi-\nmới") is rare in Vietnamese: keep "- " as is.
    return text if text.endswith("!") and len(text) > 1 else ""


def _unique(found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    seen: set[str] = set()
    result = []
    for text, line in found:
        key = text.casefold()
        if key not in seen:
            seen.add(key)
            result.append((text, line))
    return result


def slugify(text: str, words: int = SLUG_WORDS) -> str:
    """A short ASCII slug: the first words, without diacritics ("đ" → "d"), joined by "-"."""
    slug = "-".join(re.findall(r"[a-z0-9]+", without_marks(text).lower())[:words])
    # Digits alone would read as another slogan's id ("2026"): such a slug gets a word first.
    return slug if re.search("[a-z]", slug) else "-".join(filter(None, ("khau-hieu", slug)))


def unique_slug(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


# ---------------------------------------------------------------------------------------------
# The approving document and dates

_DOC_NUMBER = re.compile(r"(?:số|so)\s*:?\s*([0-9A-Za-zĐđ][0-9A-Za-zĐđ./\-–]*[0-9A-Za-zĐđ])",
                         re.IGNORECASE)
_DOC_DATE = re.compile(r"ngày\s+(\d{1,2})\s*(?:/|-|\.|tháng)\s*(\d{1,2})\s*(?:/|-|\.|năm)\s*(\d{4})",
                       re.IGNORECASE)


def parse_document(title: str) -> LetterDocument:
    """The document's number ("2808-CV/BTGTU") and date from how the clerk names it."""
    title = " ".join(unicodedata.normalize("NFC", title).split()).rstrip(".")
    if not title:
        raise UserError("letter_no_document")
    number = _DOC_NUMBER.search(title)
    date = None
    when = _DOC_DATE.search(title)
    if when:
        try:
            date = dt.date(int(when.group(3)), int(when.group(2)), int(when.group(1)))
        except ValueError:
            raise UserError("bad_date", field="--document", value=when.group(0)) from None
    ident = number.group(1).replace("–", "-") if number else title[:60]
    return LetterDocument(id=ident, title=title, date=date)


def parse_date(text: str, field: str) -> dt.date:
    """A date as an office writes it (30/6/2027, 30/06/2027, 30-6-2027) or ISO (2027-06-30)."""
    value = text.strip()
    found = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", value)
    try:
        if found:
            return dt.date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UserError("bad_date", field=field, value=text) from None


# ---------------------------------------------------------------------------------------------
# The catalogue

def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is a subset of it)."""
    return json.dumps(text, ensure_ascii=False)


def catalog_from_letter(text: str, document: str, valid_from: dt.date | None = None,
                        valid_to: dt.date | None = None, title: str | None = None,
                        office: str | None = None) -> tuple[str, list[FoundSlogan]]:
    """The text of a new catalogue (YAML, commented) holding the slogans found in the letter,
    and those slogans. Pure: nothing is read or written. UserError if none is found."""
    doc = parse_document(document)
    found = find_slogans(text)
    if not found:
        raise UserError("letter_no_slogans")
    if valid_from and valid_to and valid_from > valid_to:
        raise UserError("bad_period", field="--valid-from", start=DateText(valid_from),
                        end=DateText(valid_to))
    taken: set[str] = set()
    slogans = []
    for number, (slogan, line) in enumerate(found, 1):
        slug = unique_slug(slugify(slogan), taken)
        taken.add(slug)
        slogans.append(FoundSlogan(id=number, slug=slug, text=slogan, line=line))
    out = [
        "# Danh mục khẩu hiệu — bannergen đọc tệp này (bannergen list --catalog TỆP).",
        f"# Lập bằng 'bannergen catalog new' từ {doc.title}.",
        "# Hãy đối chiếu từng khẩu hiệu với văn bản gốc trước khi dùng.",
        f"title: {_q(title or f'Khẩu hiệu tuyên truyền theo {doc.title}')}",
    ]
    if office:
        out.append(f"office: {_q(office)}")
    if valid_from:
        out.append(f"valid_from: {valid_from:%d/%m/%Y}")  # as the office writes dates
    if valid_to:
        out.append(f"valid_to: {valid_to:%d/%m/%Y}")
    out += ["", "documents:", f"  - id: {_q(doc.id)}", f"    title: {_q(doc.title)}"]
    if doc.date:
        out.append(f"    date: {doc.date:%d/%m/%Y}")
    out += ["", "slogans:"]
    for slogan in slogans:
        out += [f"  - id: {slogan.id}", f"    slug: {slogan.slug}", f"    text: {_q(slogan.text)}",
                f"    approved_by: [{_q(doc.id)}]", ""]
    return "\n".join(out).rstrip("\n") + "\n", slogans


def validate_catalog_text(text: str, name: str = "catalog.yaml"):
    """Load `text` with the catalogue loader itself (through a temporary file, as a user's file
    would be read); the Catalogue, or the loader's UserError naming `name`."""
    from bannergen.inputs.catalog import load_catalog

    with tempfile.TemporaryDirectory(prefix="bannergen-") as folder:
        path = Path(folder) / "catalog.yaml"
        path.write_text(text, encoding="utf-8")
        try:
            return load_catalog(path)
        except UserError as exc:
            for error in getattr(exc, "errors", [exc]):
                error.file = name
            raise


def write_text_file(path: Path, text: str, force: bool = False, edit: bool = False) -> None:
    """Write a new YAML file atomically; an existing file is kept unless `force` (or `edit`:
    the file is the one being edited, read earlier in this run)."""
    from bannergen.atomic import write_atomic

    path = Path(path)
    if path.exists() and not (force or edit):
        raise UserError("output_exists", value=str(path))
    if path.is_dir():
        raise UserError("output_is_directory", value=str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError("output_not_writable", value=str(path), reason=os_reason(exc)) from None
    write_atomic(path, text.encode("utf-8"), edit=edit)


def add_slogan_text(catalog_text: str, catalogue, text: str, slug: str | None = None,
                    approved_by: tuple[str, ...] | None = None) -> tuple[str, FoundSlogan]:
    """The catalogue's text with one more slogan at the end of its list (comments and layout
    kept), and that slogan. `catalogue` is the loaded form of `catalog_text`."""
    from bannergen.inputs.catalog import SLUG, user_text

    clean = user_text(text, field="text")
    if any(s.text.casefold() == clean.casefold() for s in catalogue.slogans):
        same = next(s for s in catalogue.slogans if s.text.casefold() == clean.casefold())
        raise UserError("slogan_exists", value=clean[:40], number=same.id)
    taken = {s.slug for s in catalogue.slogans}
    if slug is not None:
        if not SLUG.match(slug):
            raise UserError("bad_slug", field="--slug", value=slug)
        if slug in taken:
            raise UserError("duplicate_slug", field="--slug", value=slug, first_line="?")
    new_slug = slug or unique_slug(slugify(clean), taken)
    number = max((s.id for s in catalogue.slogans), default=0) + 1
    if approved_by is None:  # one approving document: the new slogan is under it too
        approved_by = (catalogue.documents[0].id,) if len(catalogue.documents) == 1 else ()
    lines = catalog_text.splitlines()
    last = catalogue.slogans[-1].line if catalogue.slogans else 0
    first = lines[last - 1] if last else "  - id: 1"
    indent = first[: len(first) - len(first.lstrip())]
    end = _end_of_item(lines, last, len(indent)) if last else len(lines)
    while end > last and not lines[end - 1].strip():
        end -= 1  # before the blank lines that close the list
    entry = [f"{indent}- id: {number}", f"{indent}  slug: {new_slug}", f"{indent}  text: {_q(clean)}"]
    if approved_by:
        entry.append(f"{indent}  approved_by: [{', '.join(_q(d) for d in approved_by)}]")
    blank = [""] if last and end > 1 and _blank_between_items(lines, catalogue) else []
    result = lines[:end] + blank + entry + lines[end:]
    return "\n".join(result) + "\n", FoundSlogan(id=number, slug=new_slug, text=clean,
                                                   line=end + len(blank) + 1)


def _end_of_item(lines: list[str], start: int, indent: int) -> int:
    """The line after the last line of the list item starting at `start` (1-based)."""
    for index in range(start, len(lines)):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            continue
        depth = len(line) - len(line.lstrip())
        if depth < indent or (depth == indent and stripped.startswith("- ")) or \
                (depth == indent and not stripped.startswith("#") and indent == 0
                 and not stripped.startswith("-")):
            return index
    return len(lines)


def _blank_between_items(lines: list[str], catalogue) -> bool:
    """Whether the file separates its slogans with a blank line (keep its style)."""
    if len(catalogue.slogans) < 2:
        return True
    second = catalogue.slogans[1].line
    return second >= 2 and not lines[second - 2].strip()


def add_slogan(path: Path, text: str, slug: str | None = None,
               approved_by: tuple[str, ...] | None = None) -> FoundSlogan:
    """Add one slogan to the catalogue file at `path` (its comments and layout kept); the file
    is checked by the loader before and after, and replaced only when the result is valid."""
    from bannergen.inputs.catalog import load_catalog
    from bannergen.inputs.yamlio import read_text

    path = Path(path)
    catalogue = load_catalog(path)
    new_text, slogan = add_slogan_text(read_text(path), catalogue, text, slug, approved_by)
    validate_catalog_text(new_text, str(path))
    write_text_file(path, new_text, edit=True)
    return slogan


def new_catalog(letter: Path, output: Path, document: str, valid_from: dt.date | None = None,
                valid_to: dt.date | None = None, title: str | None = None,
                force: bool = False) -> list[FoundSlogan]:
    """Read a letter, write the catalogue of its slogans to `output` once the loader accepts it;
    the slogans found."""
    output = Path(output)
    if output.exists() and not force:
        raise UserError("output_exists", value=str(output))
    text, slogans = catalog_from_letter(read_letter(letter), document, valid_from, valid_to, title)
    validate_catalog_text(text, str(output))
    write_text_file(output, text, force=force)
    return slogans
