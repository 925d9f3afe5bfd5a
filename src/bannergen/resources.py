"""Where the bundled catalogue, templates and fonts are: inside the wheel, or at the repository top."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def data_root() -> Path:
    # A wheel carries them in bannergen/resources (pyproject force-include); a source checkout
    # or an editable install keeps them at the repository top, where an office edits them.
    packaged = Path(__file__).resolve().parent / "resources"
    if (packaged / "slogans.yaml").is_file():
        return packaged
    return Path(__file__).resolve().parents[2]


def default_catalog() -> Path:
    return data_root() / "slogans.yaml"


def templates_dir() -> Path:
    return data_root() / "templates"


def fonts_dir() -> Path:
    return data_root() / "fonts"
