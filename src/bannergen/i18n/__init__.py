"""Every user-facing string, in Vietnamese (default) and English: gettext catalogues.

The catalogues are `locale/{vi,en}/LC_MESSAGES/bannergen.po`; their message ids are the symbolic
keys the code uses (`message("wrote", lang, path=…)`), their texts use str.format placeholders,
and a message with a `{count}` has plural forms (`ngettext`). The wheel carries them compiled to
.mo (hatch_build.py); a source checkout compiles them on first use (i18n/msgfmt.py).
"""

from __future__ import annotations

import gettext
import hashlib
import io
import os
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path

LANGUAGES = ("vi", "en")
DOMAIN = "bannergen"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def catalogue_path(lang: str, suffix: str = ".po") -> Path:
    """Where one language's catalogue lives (`.po`, or the compiled `.mo` beside it)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The stdlib's reader over one language's compiled catalogue.

    The .mo shipped in the wheel is used as it is. Beside a .po (a source checkout, an editable
    install) it is used only if it was made from that very .po (the SHA-256 in its header); else
    the .po is compiled now, and the .mo saved for the next run where the folder allows it.
    """
    mo, po = catalogue_path(lang, ".mo"), catalogue_path(lang)
    catalogue = _read(mo, po)
    catalogue.add_fallback(_Missing())
    return catalogue


class _Missing(gettext.NullTranslations):
    """The end of the lookup: a key in neither catalogue is a programming error, not a text to
    show (gettext would print the key itself)."""

    def gettext(self, message: str) -> str:
        raise KeyError(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        raise KeyError(msgid1)


# The header field msgfmt.SOURCE_HASH_FIELD, as GNUTranslations.info() names it (lower case);
# spelled out so that a run with fresh catalogues never imports the compiler.
_SOURCE_HASH = "x-source-sha256"


def _read(mo: Path, po: Path) -> gettext.GNUTranslations:
    source = po.read_bytes() if po.is_file() else None
    if mo.is_file():
        with mo.open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        if source is None or compiled.info().get(_SOURCE_HASH) == hashlib.sha256(source).hexdigest():
            return compiled
    if source is None:
        raise FileNotFoundError(po)
    from bannergen.i18n import msgfmt

    data = msgfmt.compile_po(source.decode("utf-8"), str(po))
    _save(mo, data)
    return gettext.GNUTranslations(io.BytesIO(data))


def _save(mo: Path, data: bytes) -> None:
    """Keep a compiled catalogue for the next run; a read-only install simply goes without."""
    temporary = mo.with_name(f".{mo.name}.{os.getpid()}.tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, mo)
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass


def current_language(explicit: str | None = None) -> str:
    """The message language: an explicit choice, else BANNERGEN_LANG, else Vietnamese."""
    lang = (explicit or os.environ.get("BANNERGEN_LANG") or "vi").strip().lower()[:2]
    return lang if lang in LANGUAGES else "vi"


class Msg:
    """A message filled in later, in the reader's language: a type name or a reason inside another
    message (`wrong_type` says "expected {expected}", and `expected` is itself translated)."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params

    def render(self, lang: str) -> str:
        return message(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)


def message(key: str, lang: str = "vi", **params: object) -> str:
    """The message `key` in `lang`, filled with `params` (Msg values rendered in `lang` too).

    A message with a `{count}` placeholder picks its plural form by `count` (ngettext). An
    unknown key raises KeyError."""
    catalogue = translations(lang if lang in LANGUAGES else "vi")
    count = params.get("count")
    if isinstance(count, int) and not isinstance(count, bool):
        try:
            template = catalogue.ngettext(key, key, count)
        except KeyError:  # a count in a message without plural forms
            template = catalogue.gettext(key)
    else:
        template = catalogue.gettext(key)
    return template.format(**{k: v.render(lang) if isinstance(v, (Msg, Measure, DateText)) else v
                              for k, v in params.items()})


def has_message(key: str) -> bool:
    """Whether the catalogues hold a message `key` (plural or not)."""
    catalogue = translations("vi")
    for lookup in (lambda: catalogue.gettext(key), lambda: catalogue.ngettext(key, key, 1)):
        try:
            lookup()
            return True
        except KeyError:
            pass
    return False


class _Catalogue(Mapping):
    """Read-only view of the messages, key → (Vietnamese, English) (the first plural form): for
    code that asks whether a key exists. Messages are added in the .po files, not here."""

    def _entries(self) -> dict[str, tuple[str, str]]:
        return _texts()

    def __getitem__(self, key: str) -> tuple[str, str]:
        return self._entries()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries())

    def __len__(self) -> int:
        return len(self._entries())

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and has_message(key)


MESSAGES: Mapping[str, tuple[str, str]] = _Catalogue()


@cache
def _texts() -> dict[str, tuple[str, str]]:
    from bannergen.i18n import msgfmt

    texts = []
    for lang in LANGUAGES:
        path = catalogue_path(lang)
        entries = msgfmt.parse_po(path.read_text(encoding="utf-8"), str(path))
        texts.append({e.msgid: e.msgstr[0] for e in entries if e.msgid})
    vi, en = texts
    return {key: (vi[key], en.get(key, vi[key])) for key in vi}


_OS_REASONS = {"EACCES": "reason_permission", "EPERM": "reason_permission",
               "EROFS": "reason_read_only", "ENOSPC": "reason_no_space", "EDQUOT": "reason_no_space",
               "ENOENT": "reason_not_found", "EISDIR": "reason_is_directory",
               "ENOTDIR": "reason_not_directory", "ENAMETOOLONG": "reason_name_too_long",
               "EEXIST": "reason_exists", "ELOOP": "reason_link_loop"}


def os_reason(exc: OSError) -> Msg:
    """An operating-system error as a reason in the user's language (strerror is English)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return Msg(_OS_REASONS[name])
    return Msg("reason_other", detail=exc.strerror or type(exc).__name__)


def number_text(value: float, lang: str = "vi", places: int = 2) -> str:
    """A number as the reader writes it: "59,4" in Vietnamese (the decimal comma of Vietnamese
    administrative texts), "59.4" in English; no trailing zeros."""
    text = f"{value:.{places}f}".rstrip("0").rstrip(".") if places else f"{value:.0f}"
    return text.replace(".", ",") if lang == "vi" else text


def date_text(date, lang: str = "vi") -> str:
    """A date as the reader writes it: 30/06/2027 in Vietnamese, 2027-06-30 (ISO) in English."""
    if date is None:
        return "—"
    return date.strftime("%d/%m/%Y") if lang == "vi" else date.isoformat()


class Measure:
    """A measure filled into a message in the reader's number style: Measure(400, 80, unit="cm")
    reads "400 × 80 cm", Measure(59.4, unit="cm") "59,4 cm" in Vietnamese, "59.4 cm" in English."""

    __slots__ = ("values", "unit", "places")

    def __init__(self, *values: float, unit: str, places: int = 1) -> None:
        self.values, self.unit, self.places = values, unit, places

    def render(self, lang: str) -> str:
        return " × ".join(number_text(v, lang, self.places) for v in self.values) + f" {self.unit}"

    def __str__(self) -> str:
        return self.render("en")


class DateText:
    """A date filled into a message in the reader's style (30/06/2027, or ISO in English)."""

    __slots__ = ("date",)

    def __init__(self, date) -> None:
        self.date = date

    def render(self, lang: str) -> str:
        return date_text(self.date, lang)

    def __str__(self) -> str:
        return self.render("en")
