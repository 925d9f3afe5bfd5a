"""Property-based tests: whatever a clerk types, bannergen draws it inside the safe area or says
clearly why not. Run `pytest tests/test_fuzz.py --hypothesis-show-statistics` to see the counts.

Budgets stay small (the whole suite must run in minutes on two cores); FUZZ_EXAMPLES scales them.
"""

from __future__ import annotations

import functools
import math
import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from bannergen.errors import UserError
from bannergen.inputs.catalog import load_catalog, user_text
from bannergen.inputs.templates import load_template
from bannergen.inputs.units import MAX_SIDE_MM, parse_size

SCALE = float(os.environ.get("FUZZ_EXAMPLES", "1"))
FUZZ = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def budget(n: int) -> settings:
    return settings(FUZZ, max_examples=max(1, int(n * SCALE)))


VIETNAMESE = ("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợ"
              "ùủũúụừửữứựỳỷỹýỵĐĂÂÊÔƠƯ")
PUNCTUATION = " ,.!?-–:;()\"'0123456789"

texts = st.one_of(
    st.text(max_size=80),                                                    # any Unicode at all
    st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + PUNCTUATION, max_size=200),
    st.text(alphabet="\u0300\u0301\u0303\u0309\u0323 \u200b", max_size=6),  # marks alone
    st.lists(st.sampled_from(["Đảng", "Cộng", "sản", "Việt", "Nam", "quang", "vinh", "muôn",
                              "năm!", "đại", "hội", "\u200b", "\u0301", "☭", "\t", "ﬁ", "ß"]),
             max_size=40).map(" ".join),
)


PRODUCTS = [("bang-ron", "100x20cm"), ("bang-ron-doc", "20x100cm"), ("ap-phich", "A4"),
            ("pano", "100x50cm")]


@pytest.mark.slow
@budget(300)
@given(text=texts, product=st.sampled_from(PRODUCTS))
def test_any_text_draws_inside_the_safe_area_or_fails_cleanly(templates, text, product):
    from bannergen.inputs.job import Job
    from bannergen.layout.compose import compose
    from bannergen.output.pdf import PdfOptions, render_pdf

    template, size = templates.get(product[0]), parse_size(product[1])
    try:
        job = Job(text=user_text(text), template=template, size=size, office="Sở Tài chính")
        scene = compose(job)
    except UserError as exc:
        assert exc.exit_code == 2 and exc.render("vi") and exc.render("en")
        event(f"text refused: {exc.key}")
        return
    event("text drawn")
    runs = list(scene.glyph_runs())
    assert runs
    tolerance = 0.01  # points
    for run in runs:
        assert scene.safe_area.contains(run.ink, tolerance), (text, run.text, run.ink, scene.safe_area)
        assert all(math.isfinite(v) for v in (run.x, run.y, run.size)) and run.size > 0
    pdf = render_pdf(scene, PdfOptions())
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")


numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-10**30, max_value=10**30).map(str),
    st.sampled_from(["0", "0.0", ".5", "5,5", "1e3", "1e400", "-0", "nan", "inf", "", " ", "٣"]),
)
units = st.sampled_from(["", "mm", "cm", "m", "in", "pt", "MM", "km", "px", " cm"])
sizes = st.one_of(
    st.text(max_size=30),
    st.builds(lambda w, u1, sep, h, u2: f"{w}{u1}{sep}{h}{u2}", numbers, units,
              st.sampled_from(["x", "X", "×", "*", " x ", "-"]), numbers, units),
    st.builds(lambda p, o: p + o, st.sampled_from(["A0", "A4", "A9", "B2", "C4", "a2"]),
              st.sampled_from(["", "-landscape", "-ngang", "-dọc", "landscape", "-sideways"])),
)


@budget(400)
@given(raw=sizes)
def test_any_size_string_parses_to_a_sane_size_or_fails_cleanly(raw):
    try:
        size = parse_size(raw)
    except UserError as exc:
        assert exc.key in {"bad_size", "size_not_positive", "size_too_small", "size_too_large",
                           "size_too_small_px", "size_too_large_px"}
        assert exc.render("vi")
        event(f"size refused: {exc.key}")
        return
    for side in (size.width_mm, size.height_mm):
        assert math.isfinite(side) and 0 < side <= MAX_SIDE_MM
    again = parse_size(size.label)  # the label we print (and put in file names) reads back
    assert again.width_mm == pytest.approx(size.width_mm, abs=0.1)
    assert again.height_mm == pytest.approx(size.height_mm, abs=0.1)
    event("size accepted")


KEYS = ["title", "office", "plan", "valid_from", "valid_to", "documents", "slogans", "id", "slug",
        "text", "approved_by", "note", "hints", "keep", "lines", "date", "issuer", "name", "aliases",
        "default_size", "dpi", "bleed_mm", "colors", "background", "margins", "ratio", "min_mm",
        "font", "color", "case", "align", "max_lines", "rgb", "cmyk", "flags", "position",
        "secondary", "size_ratio", "red", "x", "tiltle", "slogan", "quantity", "jobs", "template",
        "size", "format"]
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**70, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=20),
    st.sampled_from(["2020-01-01", "2020-13-45", "#ff0000", "500x80cm", "A2", "upper",
                     "RobotoCondensed-Bold.ttf", "red", "Đảng\u200b", "0x0m", "center"]),
    st.dates(),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=8),
                                                      st.integers(-3, 3)), inner, max_size=6)),
    max_leaves=30,
)
top_level = st.one_of(documents, st.dictionaries(st.sampled_from(KEYS), documents, max_size=8))


def _dump(data, tmp: Path, name: str) -> Path:
    path = tmp / name
    try:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    except (yaml.YAMLError, UnicodeEncodeError, RecursionError):
        path.write_text(repr(data), encoding="utf-8", errors="replace")
    return path


@pytest.fixture(scope="module")
def scratch():
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


@pytest.mark.slow
@budget(150)
@given(data=top_level)
def test_random_catalogue_documents_never_crash_the_loader(scratch, data):
    try:
        load_catalog(_dump(data, scratch, "slogans.yaml"))
    except UserError as exc:  # ErrorList is a UserError too
        assert exc.render("vi") and exc.render("en")


@pytest.mark.slow
@budget(150)
@given(data=top_level)
def test_random_template_documents_never_crash_the_loader(scratch, data):
    try:
        load_template(_dump(data, scratch, "bang-ron.yaml"))
    except UserError as exc:
        assert exc.render("vi") and exc.render("en")


@budget(150)
@given(raw=st.one_of(st.binary(max_size=200), st.text(max_size=200).map(lambda t: t.encode("utf-8")),
                     st.lists(st.sampled_from(["title: X", "slogans:", "  - id: 1", "    text: a",
                                               "- &a [x]", "*a", "!!python/name:os.system", "{",
                                               "]", "\t", "---", "...", "? x", ": y", "%YAML 1.1",
                                               "&x", "<<: *a", "!!binary AAAA", "!!set {a}"]),
                              max_size=12).map(lambda ls: "\n".join(ls).encode("utf-8"))))
def test_random_bytes_never_crash_the_loader(scratch, raw):
    path = scratch / "raw.yaml"
    path.write_bytes(raw)
    try:
        load_catalog(path)
    except UserError as exc:
        assert exc.render("vi")


@pytest.mark.slow
@budget(150)
@given(data=top_level)
def test_random_order_documents_never_crash_the_loader(scratch, data):
    from bannergen.inputs.order import load_order

    path = _dump(data, scratch, "order.yaml")
    try:
        load_order(path, _seed_catalogue(), _bundled_templates())
    except UserError as exc:
        assert exc.render("vi") and exc.render("en")


@functools.cache
def _seed_catalogue():
    from bannergen.inputs.catalog import load_catalog
    from bannergen.resources import default_catalog

    return load_catalog(default_catalog())


@functools.cache
def _bundled_templates():
    from bannergen.inputs.templates import load_templates

    return load_templates()


def _mutate(document, path: list[int], replacement):
    """Replace one node, chosen by `path` (indices into keys/items), of a copy of `document`."""
    import copy

    doc = copy.deepcopy(document)
    node, parent, key = doc, None, None
    for step in path:
        if isinstance(node, dict) and node:
            parent, key = node, list(node)[step % len(node)]
        elif isinstance(node, list) and node:
            parent, key = node, step % len(node)
        else:
            break
        node = parent[key]
    if parent is None:
        return replacement
    parent[key] = replacement
    return doc


@pytest.fixture(scope="module")
def real_documents():
    from conftest import ROOT

    def read(path):
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    return {"catalog": read(ROOT / "slogans.yaml"),
            "template": read(ROOT / "templates" / "bang-ron.yaml")}


@pytest.mark.slow
@budget(200)
@given(kind=st.sampled_from(["catalog", "template"]),
       path=st.lists(st.integers(0, 50), min_size=1, max_size=5), replacement=documents)
def test_real_files_with_one_node_replaced_never_crash_the_loader(scratch, real_documents, kind,
                                                                   path, replacement):
    """Deep mutations: the rest of the file is valid, so the checks past the top level run too."""
    data = _mutate(real_documents[kind], path, replacement)
    load = load_catalog if kind == "catalog" else load_template
    try:
        load(_dump(data, scratch, "slogans.yaml" if kind == "catalog" else "bang-ron.yaml"))
        event(f"{kind}: still valid")
    except UserError as exc:
        assert exc.render("vi") and exc.render("en")
        event(f"{kind}: refused")
