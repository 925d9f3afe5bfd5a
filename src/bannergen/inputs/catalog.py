"""Load and validate approved slogan catalogues (slogans.yaml)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Annotated, Any, Iterable

from pydantic import AfterValidator, Field, PrivateAttr, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from bannergen.errors import UserError
from bannergen.i18n import DateText
from bannergen.inputs.model import (
    Date,
    InputModel,
    Int,
    Name,
    OneLine,
    Text,
    line_in_file,
    load,
    one_line,
    invisible_chars,
    problem,
    problems,
)

# At least one letter: a slug of digits alone ("3") would be read as another slogan's id.
SLUG = re.compile(r"^(?=[a-z0-9-]*[a-z])[a-z0-9]+(?:-[a-z0-9]+)*$")

class Document(InputModel):
    """Văn bản phê duyệt khẩu hiệu"""

    id: Name = Field(description="Số, ký hiệu văn bản, vd. 2808-CV/BTGTU")
    title: Text = Field(description="Trích yếu / tên đầy đủ của văn bản")
    date: Date | None = Field(None, description="Ngày ban hành (YYYY-MM-DD hoặc 23/12/2019)")
    issuer: Text | None = Field(None, description="Cơ quan ban hành")


#: Hints for every format, or per template name or per shape ('wide': horizontal banners,
#: 'narrow': vertical banners, posters, billboards), so that fixing a banner does not change the
#: poster. A template's own entry wins over its shape's.
PerFormat = dict[Name, tuple[OneLine, ...]]


class Hints(InputModel):
    """Gợi ý ngắt dòng cho khẩu hiệu này"""

    keep: tuple[OneLine, ...] | PerFormat = Field(
        (), description="Cụm từ không được ngắt dòng ở giữa, vd. 'hệ thống chính trị'; hoặc theo "
        "khổ/mẫu: {wide: [...], narrow: [...], bang-ron-doc: [...]}")
    lines: tuple[OneLine, ...] | PerFormat = Field(
        (), description="Cách ngắt dòng ưu tiên: mỗi phần tử là một dòng, ghép lại phải đúng "
        "nguyên văn; hoặc theo khổ/mẫu: {wide: [...], narrow: [...], bang-ron-doc: [...]}")
    lead: OneLine | bool | None = Field(
        None, description="Câu mở đầu đặt thành dòng riêng chữ nhỏ hơn (phải là phần đầu của "
        "khẩu hiệu), vd. 'Nhiệt liệt chào mừng'; false: không dùng dòng mở đầu")

    def for_format(self, which: str, template: str, shape: str) -> tuple[str, ...]:
        """The `keep` or `lines` hint that applies to one template of one shape."""
        value = getattr(self, which)
        if not isinstance(value, dict):
            return tuple(value)
        for key in (template, shape):
            if key in value:
                return tuple(value[key])
        return ()


# A slug names every file of its slogan, beside an id, a template and a size; a file name must
# stay under 255 bytes (and a path readable): 80 characters leave room for the rest.
MAX_SLUG_CHARS = 80


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise problem("bad_slug", value=value)
    if len(value) > MAX_SLUG_CHARS:
        raise problem("slug_too_long", value=value[:40] + "…", length=len(value),
                      limit=MAX_SLUG_CHARS)
    return value


class Slogan(InputModel):
    """Một khẩu hiệu đã được phê duyệt"""

    id: Int = Field(ge=1, description="Số thứ tự cố định của khẩu hiệu")
    slug: Annotated[Name, AfterValidator(_slug)] = Field(
        description="Mã ngắn không dấu, vd. dang-quang-vinh")
    # Checked for invisible characters and stray marks by the catalogue, with the other slogans
    # (text_problem), so that one pass reports a duplicate id and an empty text together.
    text: OneLine = Field(description="Nguyên văn khẩu hiệu đã được phê duyệt")
    approved_by: tuple[Name, ...] = Field((), description="Các văn bản phê duyệt (id trong 'documents')")
    note: Text | None = Field(None, description="Ghi chú, vd. chỗ đã sửa so với văn bản gốc")
    hints: Hints = Hints()

    @property
    def keep(self) -> tuple[str, ...]:
        """The `keep` hint for every format (a per-format hint: its entries for none)."""
        return self.hints.for_format("keep", "", "")

    @property
    def lines(self) -> tuple[str, ...]:
        """The `lines` hint for every format (a per-format hint: its entries for none)."""
        return self.hints.for_format("lines", "", "")


class Catalogue(InputModel):
    """Danh mục khẩu hiệu đã được phê duyệt (bannergen)"""

    title: OneLine = Field(description="Tên danh mục / đợt tuyên truyền")
    office: Text | None = Field(None, description="Cơ quan sử dụng danh mục")
    plan: Text | None = Field(None, description="Kế hoạch làm căn cứ")
    valid_from: Date | None = Field(None, description="Ngày bắt đầu hiệu lực")
    valid_to: Date | None = Field(None, description="Ngày hết hiệu lực")
    documents: tuple[Document, ...] = Field((), description="Văn bản phê duyệt")
    slogans: tuple[Slogan, ...] = Field(description="Các khẩu hiệu")

    _path: Path = PrivateAttr(Path("slogans.yaml"))

    @property
    def path(self) -> Path:
        return self._path

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Catalogue:
        """The rules across slogans: unique ids and slugs, printable texts, known documents."""
        found = []
        if not self.slogans:
            found.append((("slogans",), problem("no_slogans"), None))
        known = {d.id for d in self.documents}
        first_id: dict[int, int] = {}
        first_slug: dict[str, int] = {}
        for index, slogan in enumerate(self.slogans):
            where = ("slogans", index)
            if slogan.id in first_id:
                found.append(((*where, "id"), problem("duplicate_id", value=slogan.id,
                                                      first_line=first_id[slogan.id]), slogan.id))
            if slogan.slug in first_slug:
                found.append(((*where, "slug"), problem("duplicate_slug", value=slogan.slug,
                                                        first_line=first_slug[slogan.slug]), slogan.slug))
            first_id.setdefault(slogan.id, line_in_file(info, (*where, "id")))
            first_slug.setdefault(slogan.slug, line_in_file(info, (*where, "slug")))
            text = problem_of(slogan.text)
            if text:
                found.append(((*where, "text"), text, slogan.text))
            for doc in slogan.approved_by:
                if known and doc not in known:
                    found.append(((*where, "approved_by"), problem("unknown_document", value=doc), doc))
        if self.valid_from and self.valid_to and self.valid_from > self.valid_to and not found:
            found.append((("valid_from",), problem("bad_period", start=DateText(self.valid_from),
                                                   end=DateText(self.valid_to)), self.valid_from))
        problems(type(self), found)
        return self

    def find(self, ref: str | int) -> Slogan:
        """A slogan by id (`7`) or slug (`dang-quang-vinh`)."""
        key = str(ref).strip()
        problem = text_problem(key)
        if problem and problem[0] == "invisible_chars":  # pasted from a document: say so
            raise UserError("invisible_chars", value=key, **problem[1])
        for slogan in self.slogans:
            if key == str(slogan.id) or key.lower() == slogan.slug:
                return slogan
        raise UserError("unknown_slogan", value=key, catalog=self.path.name,
                        command=list_command(self.path))

    def expired(self, today: dt.date) -> bool:
        return self.valid_to is not None and today > self.valid_to


def list_command(path: Path) -> str:
    """The command that lists this catalogue: hints name the catalogue in use, not the bundled
    one (`bannergen list` alone would show another list)."""
    from bannergen.resources import default_catalog

    try:
        bundled = Path(path).resolve() == default_catalog().resolve()
    except OSError:
        bundled = False
    if bundled:
        return "bannergen list"
    shown = str(path)
    return f"bannergen list --catalog {shown if ' ' not in shown else repr(shown)}"


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
    if any("\ud800" <= c <= "\udfff" for c in text):
        # Bytes that are not UTF-8 on the command line (a terminal in another encoding) reach
        # Python as lone surrogates: no font has them, and they are no letter the user typed.
        return "text_not_utf8", {}
    hidden = invisible_chars(text)
    if hidden:
        return "invisible_chars", {"chars": hidden}
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
    return one_line(text)


def problem_of(text: str) -> PydanticCustomError | None:
    found = text_problem(text)
    return problem(found[0], **found[1]) if found else None


def load_catalog(path: Path) -> Catalogue:
    """Load a catalogue, reporting every problem with its file, line and field."""
    return load(Catalogue, Path(path))
