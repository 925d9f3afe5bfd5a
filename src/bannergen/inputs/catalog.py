"""Load and validate approved slogan catalogues (slogans.yaml)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from bannergen.errors import UserError
from bannergen.inputs.yamlio import Checker, Field, Model, checked

# Zero-width and other invisible characters: a copy-paste from Word or a web page brings them in,
# and on a banner they are either nothing or a missing-glyph box. Reject rather than guess.
INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
                       "\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]"
                       "|[\x00-\x08\x0b-\x1f\x7f]")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

DOCUMENT = Model("document", (
    Field("id", "str", required=True, help="Số, ký hiệu văn bản, vd. 2808-CV/BTGTU"),
    Field("title", "text", required=True, help="Trích yếu / tên đầy đủ của văn bản"),
    Field("date", "date", help="Ngày ban hành (YYYY-MM-DD)"),
    Field("issuer", "text", help="Cơ quan ban hành"),
), help="Văn bản phê duyệt khẩu hiệu")

HINTS = Model("hints", (
    Field("keep", "list", items=Field("keep", "text"), default=(),
          help="Cụm từ không được ngắt dòng ở giữa, vd. 'hệ thống chính trị'"),
    Field("lines", "list", items=Field("line", "text"), default=(),
          help="Cách ngắt dòng ưu tiên: mỗi phần tử là một dòng, ghép lại phải đúng nguyên văn"),
), help="Gợi ý ngắt dòng cho khẩu hiệu này")

SLOGAN = Model("slogan", (
    Field("id", "int", required=True, minimum=1, help="Số thứ tự cố định của khẩu hiệu"),
    Field("slug", "str", required=True, help="Mã ngắn không dấu, vd. dang-quang-vinh"),
    Field("text", "text", required=True, help="Nguyên văn khẩu hiệu đã được phê duyệt"),
    Field("approved_by", "list", items=Field("document", "str"), default=(),
          help="Các văn bản phê duyệt (id trong 'documents')"),
    Field("note", "text", help="Ghi chú, vd. chỗ đã sửa so với văn bản gốc"),
    Field("hints", "map", model=HINTS, help=HINTS.help),
), help="Một khẩu hiệu đã được phê duyệt")

CATALOG = Model("catalog", (
    Field("title", "text", required=True, help="Tên danh mục / đợt tuyên truyền"),
    Field("office", "text", help="Cơ quan sử dụng danh mục"),
    Field("plan", "text", help="Kế hoạch làm căn cứ"),
    Field("valid_from", "date", help="Ngày bắt đầu hiệu lực"),
    Field("valid_to", "date", help="Ngày hết hiệu lực"),
    Field("documents", "list", items=DOCUMENT, default=(), help="Văn bản phê duyệt"),
    Field("slogans", "list", items=SLOGAN, required=True, help="Các khẩu hiệu"),
), help="Danh mục khẩu hiệu đã được phê duyệt (bannergen)")


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    date: dt.date | None = None
    issuer: str | None = None


@dataclass(frozen=True)
class Slogan:
    id: int
    slug: str
    text: str
    approved_by: tuple[str, ...] = ()
    note: str | None = None
    keep: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()
    line: int = 0  # where it stands in its file, for messages


@dataclass(frozen=True)
class Catalogue:
    path: Path
    title: str
    slogans: tuple[Slogan, ...]
    documents: tuple[Document, ...] = ()
    office: str | None = None
    plan: str | None = None
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def find(self, ref: str | int) -> Slogan:
        """A slogan by id (`7`) or slug (`dang-quang-vinh`)."""
        key = str(ref).strip()
        problem = text_problem(key)
        if problem and problem[0] == "invisible_chars":  # pasted from a document: say so
            raise UserError("invisible_chars", value=key, **problem[1])
        for slogan in self.slogans:
            if key == str(slogan.id) or key.lower() == slogan.slug:
                return slogan
        raise UserError("unknown_slogan", value=key, catalog=self.path.name)

    def expired(self, today: dt.date) -> bool:
        return self.valid_to is not None and today > self.valid_to


def clean_text(text: str) -> str:
    """NFC at the boundary (WeasyPrint #547), single spaces, no stray whitespace."""
    return " ".join(unicodedata.normalize("NFC", text).split())


# How much text a template can set legibly. A line holds at most LINE_WORDS words: the reading
# line of 45–75 characters (Bringhurst, The Elements of Typographic Style, 2.1.2) is 9–15
# Vietnamese words of four or five letters and a space; a template sets at most `max_lines`
# lines, and the template schema allows 12 at most. So no template, bundled or an office's own,
# can set more than 12 × 15 = 180 words, nor a word longer than a line (LINE_CHARS). Checked
# before any layout, so that the time a layout takes stays bounded whatever the input.
LINE_WORDS = 15
LINE_CHARS = 75
MAX_LINES = 12  # the template schema's bound on text.max_lines


def max_words(templates: Iterable[Any] = ()) -> int:
    """The most words the largest of `templates` can set legibly (any template's, if none)."""
    lines = [t.text.max_lines for t in templates]
    return (max(lines) if lines else MAX_LINES) * LINE_WORDS


def length_problem(text: str, limit: int | None = None) -> tuple[str, dict[str, Any]] | None:
    """A text too long for any template (more words than `limit`, or a word longer than a line)."""
    words = text.split()
    limit = max_words() if limit is None else limit
    if len(words) > limit:
        return "text_too_long", {"words": len(words), "limit": limit}
    longest = max(words, key=len, default="")
    if len(longest) > LINE_CHARS:
        return "word_too_long", {"value": longest[:20], "length": len(longest),
                                 "limit": LINE_CHARS}
    return None


def text_problem(text: str) -> tuple[str, dict[str, Any]] | None:
    """Why a slogan text cannot be used as it is, or None."""
    if not text.strip():
        return "empty_text", {}
    too_long = length_problem(text)
    if too_long:
        return too_long
    found = sorted({f"U+{ord(c):04X}" for c in INVISIBLE.findall(text)})
    if found:
        return "invisible_chars", {"chars": ", ".join(found)}
    # A tone mark with no letter under it (a slip of the Telex/VNI keyboard, or a bad copy) would
    # print as a mark over a dotted circle, or over nothing.
    composed = unicodedata.normalize("NFC", text)
    stray = sorted({f"U+{ord(c):04X}" for i, c in enumerate(composed)
                    if unicodedata.category(c).startswith("M")
                    and (i == 0 or composed[i - 1].isspace())})
    if stray:
        return "stray_mark", {"chars": ", ".join(stray)}
    return None


def user_text(text: str, *, field: str | None = None) -> str:
    """Text typed by the user (a draft `--text`, an order line): NFC and single spaces, or a
    UserError for empty text and invisible characters — the same rule as in the catalogue."""
    problem = text_problem(text)
    if problem:
        params = {"value": text[:40], **problem[1]}
        raise UserError(problem[0], field=field, **params)
    return clean_text(text)


def _build(value: dict, checker: Checker, raw: Any) -> Catalogue:
    documents = tuple(Document(**d) for d in value["documents"] or () if d)
    known_documents = {d.id for d in documents}
    slogans: list[Slogan] = []
    seen_ids: dict[int, int] = {}
    seen_slugs: dict[str, int] = {}
    raw_slogans = raw.get("slogans") if isinstance(raw, dict) else None
    for index, item in enumerate(value["slogans"] or ()):
        if not item:
            continue
        raw_item = raw_slogans[index] if isinstance(raw_slogans, list) else {}
        line = getattr(raw_item, "line", 0)
        lines_of = getattr(raw_item, "line_of", lambda key: line)
        where = f"slogans[{index + 1}]"
        if item["id"] is None or item["slug"] is None or item["text"] is None:
            continue  # already reported by the checker
        if item["id"] in seen_ids:
            checker.fail("duplicate_id", line=lines_of("id"), field=f"{where}.id", value=item["id"],
                         first_line=seen_ids[item["id"]])
        seen_ids.setdefault(item["id"], lines_of("id"))
        slug = str(item["slug"])
        if not SLUG.match(slug):
            checker.fail("bad_slug", line=lines_of("slug"), field=f"{where}.slug", value=slug)
        elif slug in seen_slugs:
            checker.fail("duplicate_slug", line=lines_of("slug"), field=f"{where}.slug",
                         value=slug, first_line=seen_slugs[slug])
        seen_slugs.setdefault(slug, lines_of("slug"))
        problem = text_problem(item["text"])
        if problem:
            checker.fail(problem[0], line=lines_of("text"), field=f"{where}.text", **problem[1])
        for doc in item["approved_by"] or ():
            if known_documents and doc not in known_documents:
                checker.fail("unknown_document", line=lines_of("approved_by"),
                             field=f"{where}.approved_by", value=doc)
        hints = item["hints"] or {}
        slogans.append(Slogan(
            id=item["id"], slug=slug, text=clean_text(item["text"]),
            approved_by=tuple(item["approved_by"] or ()), note=item["note"],
            keep=tuple(clean_text(k) for k in hints.get("keep") or ()),
            lines=tuple(clean_text(k) for k in hints.get("lines") or ()),
            line=line,
        ))
    if not value["slogans"] and not checker.errors:
        checker.fail("no_slogans", line=getattr(raw, "line_of", lambda k: 1)("slogans"),
                     field="slogans")
    start, end = value["valid_from"], value["valid_to"]
    if start and end and start > end and not checker.errors:
        checker.fail("bad_period", line=raw.line_of("valid_from"), field="valid_from",
                     start=start, end=end)
    return Catalogue(path=checker.path, title=clean_text(value["title"] or ""), slogans=tuple(slogans),
                     documents=documents, office=value["office"], plan=value["plan"],
                     valid_from=start, valid_to=end)


def load_catalog(path: Path) -> Catalogue:
    """Load a catalogue, reporting every problem with its file, line and field."""
    return checked(Path(path), CATALOG, _build)
