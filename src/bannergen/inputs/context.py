"""What a run takes from its surroundings: today's date, the office's settings, the catalogue in
use, and who signs. The command line and the web page decide these the same way."""

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


def today() -> dt.date:
    """Today: BANNERGEN_TODAY (YYYY-MM-DD), else SOURCE_DATE_EPOCH (reproducible-builds.org, for
    byte-identical files), else the clock. It dates proofs and slug lines and checks validity."""
    fixed = os.environ.get("BANNERGEN_TODAY")
    if fixed:
        try:
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise UserError("bad_date", field="BANNERGEN_TODAY", value=fixed) from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def catalog_path(explicit: Path | None = None, settings: Settings | None = None) -> Path:
    """The catalogue in use: the one named (--catalog), else BANNERGEN_CATALOG, else the
    settings' catalogue, else the bundled one."""
    from bannergen.resources import default_catalog

    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("BANNERGEN_CATALOG")
    if env:
        return Path(env)
    if settings is not None and settings.catalog is not None:
        return settings.catalog
    return default_catalog()


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
