"""`bannergen check`: validate a catalogue, the templates and the fonts, collecting every problem."""

from __future__ import annotations

from pathlib import Path

from bannergen.errors import BannergenError, ErrorList, UserError


def check_all(catalog_path: Path, templates_dir: Path | None) -> tuple[list[BannergenError], dict]:
    """Every problem found, and counts of what was checked."""
    from bannergen.catalog import load_catalog
    from bannergen.compose import Job, compose
    from bannergen.fonts import get_font
    from bannergen.text import set_case
    from bannergen.templates import load_templates

    problems: list[BannergenError] = []

    def collect(error: BannergenError) -> None:
        problems.extend(error.errors if isinstance(error, ErrorList) else [error])

    catalog = templates = None
    try:
        catalog = load_catalog(catalog_path)
    except BannergenError as exc:
        collect(exc)
    try:
        templates = load_templates(templates_dir)
    except BannergenError as exc:
        collect(exc)
    fonts: set[str] = set()
    if templates is not None:
        for template in templates.templates:
            names = [template.text.font] + ([template.secondary.font] if template.secondary else [])
            for name in names:
                try:
                    font = get_font(name)
                except BannergenError as exc:
                    collect(UserError(exc.key, file=template.path, field="text.font",
                                      value=exc.value, **exc.params))
                    continue
                fonts.add(name)
                if catalog is None:
                    continue
                for slogan in catalog.slogans:
                    for case in ("upper", "as-is"):
                        missing = font.missing_chars(set_case(slogan.text, case))
                        if missing:
                            chars = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in missing)
                            problems.append(UserError("missing_glyph", file=catalog.path,
                                                      line=slogan.line, field=f"slogan {slogan.id}",
                                                      font=name, chars=chars))
                            break
        if catalog is not None and not problems:
            for template in templates.templates:
                for slogan in catalog.slogans:
                    try:
                        compose(Job.for_slogan(slogan, template, office=catalog.office))
                    except UserError as exc:
                        exc.file, exc.line = str(catalog.path), slogan.line
                        problems.append(exc)
    counts = {"slogans": len(catalog.slogans) if catalog else 0,
              "templates": len(templates.templates) if templates else 0, "fonts": len(fonts)}
    return problems, counts
