"""What one run of `bannergen web` keeps: its token, its temporary folder, the catalogue in use
and the order being drafted. One clerk, one browser: the state is the server's, not a cookie's."""

from __future__ import annotations

import itertools
import re
import secrets
import shutil
import tempfile
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bannergen.errors import BannergenError, ErrorList, UserError
from bannergen.i18n import has_message
from bannergen.inputs.model import without_marks

# A preview is kept until this many newer ones exist: enough for the page that shows it and a
# few back-button steps, bounded for a session left open all day.
PREVIEWS_KEPT = 16


@dataclass
class OrderLine:
    """One line of the order as the clerk filled it in (text as typed, checked when added): an
    approved slogan of the catalogue (`ref`, its number or code), or the office's own event
    (`event`: title, header, subtitle, place and date, as an order file writes it inline)."""

    ref: str
    template: str = ""
    size: str = ""
    quantity: str = "1"
    formats: tuple[str, ...] = ("pdf",)
    note: str = ""
    event: dict[str, Any] | None = None
    # Names this line in the remove button's form: a position alone would remove the next line
    # when the same request comes twice (a double click, a reload, a second tab).
    key: str = field(default_factory=lambda: secrets.token_urlsafe(9), compare=False)


@dataclass
class OrderDraft:
    organization: str = ""
    title: str = ""
    date: str = ""
    prepared_by: str = ""
    occasion: str = ""
    lines: list[OrderLine] = field(default_factory=list)


class Session:
    """The state of one `bannergen web` run. Every path it hands out lies in its own temporary
    folder, named by the server; nothing the browser sends becomes a path."""

    def __init__(self, *, lang: str = "vi", catalog: Path | None = None,
                 token: str | None = None, cwd: Path | None = None) -> None:
        self.lang = lang
        self.token = token or secrets.token_urlsafe(24)
        self.port = 0
        self.origin = ""
        self.hosts: frozenset[str] = frozenset()
        self.origins: frozenset[str] = frozenset()
        self.folder = Path(tempfile.mkdtemp(prefix="bannergen-web-"))
        # The settings files are looked for where `bannergen web` was started, as for any command.
        self.cwd = Path(cwd) if cwd is not None else Path.cwd()
        self.explicit_catalog = catalog  # --catalog
        self.chosen_catalog: tuple[Path, str] | None = None  # a catalogue chosen on the page
        self.order = OrderDraft()
        self.letter: dict | None = None  # the last catalogue made from a letter
        self.previews: OrderedDict[str, Path] = OrderedDict()
        # One render at a time: PDFium is serialised anyway, and batch forks its workers, which
        # must not happen while another thread holds a lock they would inherit.
        self.render_lock = threading.Lock()
        self._counter = itertools.count(1)
        self._catalog_cache: tuple[tuple, object] | None = None
        self._settings_cache: tuple[tuple, object, BannergenError | None] | None = None
        self.display_names: dict[str, str] = {}

    def bind(self, port: int) -> None:
        """The address the server answers at: 127.0.0.1 (or localhost, which browsers resolve to
        loopback without asking DNS) on this port, and nothing else."""
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        names = ("127.0.0.1", "localhost")
        hosts = {f"{name}:{port}" for name in names}
        if port == 80:  # a browser leaves the default port out of Host and Origin
            hosts |= set(names)
        self.hosts = frozenset(hosts)
        self.origins = frozenset(f"http://{host}" for host in hosts)

    def url(self, path: str = "/") -> str:
        """The address to open: with the token, which the first visit turns into a cookie."""
        return f"{self.origin}{path}?token={self.token}"

    # -- where things go ---------------------------------------------------------------------
    def new_folder(self, kind: str) -> Path:
        """A fresh folder for one request's files, inside the session's folder."""
        path = self.folder / f"{kind}-{next(self._counter)}"
        path.mkdir()
        return path

    def save_upload(self, data: bytes, filename: str, kind: str) -> Path:
        """Keep an uploaded file under a name the server makes; the browser's name is only
        shown (in messages, where the CLI would show the path the user typed)."""
        shown = display_name(filename)
        path = self.new_folder(kind) / safe_name(shown)
        path.write_bytes(data)
        self.display_names[str(path)] = shown
        return path

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    # -- the office's settings (bannergen.toml) ----------------------------------------------
    def settings(self):
        """The settings in effect, read again when a settings file changes (the clerk may edit
        it by hand while the page is open). A broken file gives empty settings here and its
        error in `settings_error`, shown on every page."""
        from bannergen.inputs.settings import Settings, load_settings, settings_files

        key = tuple(_stamp(path) for path in settings_files(self.cwd))
        if self._settings_cache is None or self._settings_cache[0] != key:
            try:
                self._settings_cache = (key, load_settings(self.cwd), None)
            except UserError as exc:
                self._settings_cache = (key, Settings(), exc)
        return self._settings_cache[1]

    @property
    def settings_error(self) -> BannergenError | None:
        self.settings()
        return self._settings_cache[2]

    def office(self, catalogue) -> str | None:
        from bannergen.inputs.context import office

        return office(self.settings(), catalogue)

    def logo(self):
        from bannergen.inputs.context import settings_logo

        return settings_logo(self.settings())

    # -- the catalogue in use ----------------------------------------------------------------
    @property
    def default_catalog(self) -> Path:
        from bannergen.inputs.context import catalog_path

        return catalog_path(self.explicit_catalog, self.settings())

    @property
    def catalog_file(self) -> Path:
        return self.chosen_catalog[0] if self.chosen_catalog else self.default_catalog

    @property
    def catalog_display(self) -> str:
        return self.chosen_catalog[1] if self.chosen_catalog else self.default_catalog.name

    def catalogue(self):
        """The catalogue in use, loaded again only when its file changed."""
        from bannergen.inputs.catalog import load_catalog

        path = self.catalog_file
        key = _stamp(path)
        if self._catalog_cache is None or self._catalog_cache[0] != key:
            self._catalog_cache = (key, load_catalog(path))
        return self._catalog_cache[1]

    def use_catalog(self, path: Path | None, shown: str = "") -> None:
        """Use `path` for the rest of the session (None: back to the default)."""
        self.chosen_catalog = (path, shown) if path is not None else None
        self._catalog_cache = None

    # -- previews ----------------------------------------------------------------------------
    def keep_preview(self, path: Path) -> str:
        key = secrets.token_hex(8)
        self.previews[key] = path
        while len(self.previews) > PREVIEWS_KEPT:
            _, old = self.previews.popitem(last=False)
            old.unlink(missing_ok=True)
        return key

    # -- messages ----------------------------------------------------------------------------
    def say(self, error: BannergenError, *, located: bool = True) -> list[str]:
        """An error in the words the CLI prints it, with the files of this session under the
        names the clerk knows them by (an upload by its own name). `located=False` drops file,
        line and field: for a value typed into a form field, the field on the page is the
        location. A message that tells the CLI's user what option to give has an `_on_page` twin
        that names the page's field instead."""
        errors = error.errors if isinstance(error, ErrorList) else [error]
        out = []
        for item in errors:
            saved = (item.file, item.line, item.field, item.key)
            if not located:
                item.file, item.line, item.field = None, None, None
            if has_message(f"{item.key}_on_page"):  # the page's words: its fields, not options
                item.key = f"{item.key}_on_page"
            try:
                out.append(self._ours_named(item.render(self.lang)))
            finally:
                item.file, item.line, item.field, item.key = saved
        return out

    def _ours_named(self, text: str) -> str:
        """Paths inside the session folder, wherever a message put them (file, value, reason),
        as the clerk named the file; no temporary path reaches the page."""
        for path, shown in self.display_names.items():
            text = text.replace(path, shown)
        folder = re.escape(str(self.folder))
        return re.sub(folder + r"[\\/](?:[^\s'\"\\/:]+[\\/])*", "", text)


def _stamp(path: Path) -> tuple:
    """What tells that a file changed: its path, time and size (None when absent)."""
    try:
        stat = path.stat()
        return (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return (str(path), None, None)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def display_name(filename: str) -> str:
    """The last part of a browser's file name (some send a whole Windows path), printable."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(c for c in unicodedata.normalize("NFC", name) if c.isprintable()).strip()
    return name[:120] or "upload"


def safe_name(name: str) -> str:
    """An ASCII file name with the original extension: never a path, never hidden."""
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    plain = _UNSAFE.sub("-", without_marks(stem))
    plain = plain.strip(".-")[:60] or "upload"
    suffix = _UNSAFE.sub("", suffix).lower()[:10]
    return f"{plain}.{suffix}" if suffix else plain
