"""`bannergen check`: validate a catalogue, the templates and the fonts, collecting every problem."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bannergen.errors import BannergenError, ErrorList, UserError

if TYPE_CHECKING:
    from bannergen.inputs.catalog import Catalogue
    from bannergen.inputs.templates import TemplateSet


def check_all(catalog_path: Path, templates_dir: Path | None) -> tuple[list[BannergenError], dict]:
    """Every problem found, and counts of what was checked."""
    from bannergen.inputs.catalog import load_catalog
    from bannergen.inputs.templates import load_templates

    problems: list[BannergenError] = []
    catalog = _attempt(problems, load_catalog, catalog_path)
    templates = _attempt(problems, load_templates, templates_dir)
    if catalog and templates:
        problems.extend(_check_lengths(catalog, templates))
    fonts = _check_fonts(templates, catalog, problems) if templates else set()
    if catalog and templates and not problems:
        # Only a clean catalogue and template set are worth laying out: every slogan on every
        # template at its default size, as the clerk will first render them.
        problems.extend(_check_layouts(catalog, templates))
    counts = {"slogans": len(catalog.slogans) if catalog else 0,
              "templates": len(templates.templates) if templates else 0, "fonts": len(fonts)}
    return problems, counts


def _attempt(problems: list[BannergenError], load: Callable[[Any], Any], source: Any) -> Any:
    """`load(source)`, or None with its problems collected."""
    try:
        return load(source)
    except ErrorList as exc:
        problems.extend(exc.errors)
    except BannergenError as exc:
        problems.append(exc)
    return None


def _check_fonts(templates: TemplateSet, catalog: Catalogue | None,
                 problems: list[BannergenError]) -> set[str]:
    """Every template font loads and draws every catalogue character, in both cases."""
    from bannergen.layout.fonts import get_font
    from bannergen.layout.text import set_case

    fonts: set[str] = set()
    tried: set[str] = set()
    for template in templates.templates:
        uses = [("text.font", template.text.font, template.text.line)]
        if template.secondary:
            uses.append(("secondary.font", template.secondary.font, template.secondary.line))
        for field, name, line in uses:
            if name in tried:
                continue  # shared by several templates: checked, and reported, once
            tried.add(name)
            try:
                font = get_font(name)
            except BannergenError as exc:
                problems.append(UserError(exc.key, file=template.path, line=line or None,
                                          field=field, value=exc.value, **exc.params))
                continue
            fonts.add(name)
            for slogan in catalog.slogans if catalog else ():
                try:
                    for case in ("upper", "as-is"):
                        font.require(set_case(slogan.text, case))
                except UserError as exc:
                    exc.file, exc.line = str(catalog.path), slogan.line
                    exc.field = f"slogan {slogan.id}"
                    problems.append(exc)
    return fonts


def _check_lengths(catalog: Catalogue, templates: TemplateSet) -> list[BannergenError]:
    """Every slogan within what the largest of these templates can set legibly: an office's own
    template set may allow fewer lines than the schema's bound the catalogue was loaded with."""
    from bannergen.inputs.catalog import length_problem, max_words

    limit = max_words(templates.templates)
    problems: list[BannergenError] = []
    for slogan in catalog.slogans:
        problem = length_problem(slogan.text, limit)
        if problem:
            problems.append(UserError(problem[0], file=catalog.path, line=slogan.line,
                                      field=f"slogan {slogan.id}", **problem[1]))
    return problems


def _check_layouts(catalog: Catalogue, templates: TemplateSet) -> list[BannergenError]:
    from bannergen.inputs.job import Job
    from bannergen.layout.compose import compose

    problems: list[BannergenError] = []
    for template in templates.for_slogans:
        for slogan in catalog.slogans:
            try:
                compose(Job.for_slogan(slogan, template, office=catalog.office))
            except UserError as exc:
                exc.file, exc.line = str(catalog.path), slogan.line
                problems.append(exc)
    return problems


def file_kind(path: Path) -> str:
    """What a file is, by its content (the clerk names files freely): "order" (it has `items`),
    "catalog" (`slogans`), "settings" (a .toml file); a UserError for anything else."""
    from bannergen.inputs.yamlio import load_yaml

    if Path(path).suffix.lower() == ".toml":
        return "settings"
    data = load_yaml(Path(path))
    if isinstance(data, dict):
        if "items" in data:
            return "order"
        if "slogans" in data:
            return "catalog"
    raise UserError("check_unknown_kind", file=path)


def check_file(path: Path, catalog_path: Path, office: str | None = None,
               templates_dir: Path | None = None) -> tuple[str, list[BannergenError], dict]:
    """Check one file of whatever kind it is: its kind, every problem, and what it holds (for
    the message). An order is checked against the catalogue in use, and each of its lines laid
    out as `batch` would."""
    kind = file_kind(path)
    if kind == "catalog":
        problems, counts = check_all(Path(path), templates_dir)
        return kind, problems, counts
    if kind == "settings":
        from bannergen.inputs.settings import read_settings_file

        problems: list[BannergenError] = []
        values = _attempt(problems, read_settings_file, Path(path))
        return kind, problems, {"keys": len(values or {})}
    from bannergen.inputs.catalog import load_catalog
    from bannergen.inputs.order import load_order
    from bannergen.inputs.templates import load_templates

    catalog = load_catalog(catalog_path)
    templates = load_templates(templates_dir)
    problems = []
    order = _attempt(problems, lambda p: load_order(p, catalog, templates), Path(path))
    if order is None:
        return kind, problems, {}
    from bannergen.layout.compose import compose

    products = list(order.products())
    for item, slogan in products:
        try:
            compose(order.job(item, slogan, office or catalog.office))
        except UserError as exc:
            exc.file, exc.line = str(path), item.line
            problems.append(exc)
    counts = {"items": len(products), "copies": sum(item.quantity for item, _ in products),
              "catalog": catalog.path.name}
    return kind, problems, counts
