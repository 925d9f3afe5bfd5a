"""What a run takes from its surroundings: today's date and the catalogue in use."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from bannergen.errors import UserError


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


def catalog_path(explicit: Path | None = None) -> Path:
    """The catalogue in use: the one named (--catalog), else BANNERGEN_CATALOG, else the bundled."""
    from bannergen.resources import default_catalog

    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("BANNERGEN_CATALOG")
    return Path(env) if env else default_catalog()
