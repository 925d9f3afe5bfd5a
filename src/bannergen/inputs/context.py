"""What a run takes from its surroundings: today's date, the office's settings, the catalogue in
use, who signs, and paths as the system will take them. The command line and the web page decide
these the same way."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING

from bannergen.errors import UserError

if TYPE_CHECKING:
    from bannergen.inputs.catalog import Catalogue
    from bannergen.inputs.images import Logo
    from bannergen.inputs.settings import Settings

# POSIX NAME_MAX on every file system a clerk meets (ext4, NTFS, APFS, FAT's long names): a longer
# folder or file name fails with ENAMETOOLONG, so say so before anything is rendered.
NAME_MAX_BYTES = 255


def today() -> dt.date:
    """Today: BANNERGEN_TODAY (YYYY-MM-DD), else SOURCE_DATE_EPOCH (reproducible-builds.org, for
    byte-identical files), else the clock. It dates proofs and slug lines and checks validity.

    SOURCE_DATE_EPOCH is checked even when BANNERGEN_TODAY wins: ReportLab reads it too (for the
    PDF's creation date) and would fail on a value that is not a whole number.
    """
    epoch = source_date_epoch()
    fixed = os.environ.get("BANNERGEN_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise UserError("bad_date", field="BANNERGEN_TODAY", value=fixed) from None
    if epoch is not None:
        return dt.datetime.fromtimestamp(epoch, dt.UTC).date()
    return dt.date.today()


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH as a number of seconds, None when unset or blank, a UserError when it is
    not a whole number of seconds a date can be made of (the spec: "an ASCII integer")."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not raw.strip():
        return None  # ReportLab also treats a blank value as unset
    text = raw.strip()
    try:
        if not text.isascii():
            raise ValueError(text)
        seconds = int(text)
        dt.datetime.fromtimestamp(seconds, dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise UserError("bad_epoch", field="SOURCE_DATE_EPOCH", value=raw[:40]) from None
    return seconds


def catalog_path(explicit: Path | None = None, configured: Settings | Path | None = None) -> Path:
    """The catalogue to use: the one named on the command line, else BANNERGEN_CATALOG, else the
    office's settings (`configured`: the settings or their catalogue), else the bundled one."""
    from bannergen.resources import default_catalog

    if explicit is not None:
        return check_path(explicit, "--catalog")
    env = os.environ.get("BANNERGEN_CATALOG")
    if env:
        return check_path(Path(env), "BANNERGEN_CATALOG")
    if configured is not None and not isinstance(configured, Path):
        configured = configured.catalog
    return configured or default_catalog()


def catalog_named(explicit: Path | None = None) -> bool:
    """Whether the user chose a catalogue (then even a draft carries its office's name)."""
    return explicit is not None or bool(os.environ.get("BANNERGEN_CATALOG"))


def check_path(path: Path, field: str | None = None) -> Path:
    """A path the operating system can take: no NUL character, no name over NAME_MAX bytes.

    Either would otherwise surface deep inside a library as a ValueError or ENAMETOOLONG."""
    text = os.fspath(path)
    if "\0" in text:
        raise UserError("path_nul", field=field, value=text.replace("\0", "\\0")[:120])
    for part in Path(text).parts:
        size = len(os.fsencode(part))
        if size > NAME_MAX_BYTES:
            shown = part if len(part) <= 40 else f"{part[:24]}…{part[-12:]}"
            raise UserError("path_name_too_long", field=field, value=shown, size=size,
                            limit=NAME_MAX_BYTES)
    return path


def office(settings: Settings | None, catalogue: Catalogue | None) -> str | None:
    """Who signs the posters: the settings' office, else the catalogue's (an order's own
    organization, where there is an order, comes before both)."""
    if settings is not None and settings.office_text:
        return settings.office_text
    return catalogue.office if catalogue is not None else None


def settings_logo(settings: Settings | None) -> Logo | None:
    """The office's logo (settings), checked like any logo; None when there is none."""
    if settings is None or settings.logo is None:
        return None
    from bannergen.inputs.images import read_logo

    return read_logo(settings.logo)
