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


def bundled_fonts() -> list[Path]:
    return sorted(fonts_dir().glob("*.ttf"))


def missing_in_bundled_fonts(text: str) -> tuple[list[str], list[str]]:
    """Characters of `text` (spaces aside) that one of the bundled fonts cannot draw, each once
    and in order; and the names of the fonts that lack them. For text printed in whichever font
    a template or the approval sheet uses (an office's name, a place)."""
    import unicodedata

    missing: list[str] = []
    fonts: list[str] = []
    chars = [c for c in dict.fromkeys(unicodedata.normalize("NFC", text)) if not c.isspace()]
    for path in bundled_fonts():
        font = _cmap_font(path)
        lacking = [c for c in chars if font.get_nominal_glyph(ord(c)) is None]
        if lacking:
            fonts.append(path.name)
        missing.extend(c for c in lacking if c not in missing)
    return missing, fonts


@cache
def _cmap_font(path: Path):
    import uharfbuzz as hb

    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path))))
