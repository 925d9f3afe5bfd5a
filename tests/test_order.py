"""Print orders: the example loads; every mistake is reported with its file, line and field."""

import pytest
from conftest import ROOT, write

from bannergen.errors import ErrorList, UserError
from bannergen.inputs.order import demo_order, load_order


def test_example_order_loads(catalog, templates):
    order = load_order(ROOT / "examples" / "don-dat-in.yaml", catalog, templates)
    assert order.organization == "Sở Tài chính tỉnh Kon Tum"
    assert [(s.id, i.template.name, i.size.label, i.quantity) for i, s in order.products()] == [
        (1, "bang-ron", "500x80cm", 2), (9, "bang-ron", "400x70cm", 1),
        (7, "bang-ron", "400x70cm", 1), (11, "ap-phich", "A2", 10),
        (10, "bang-ron-doc", "80x250cm", 4)]
    assert order.items[0].formats == ("pdf", "png")
    assert order.items[2].formats == ("pdf",)  # the default
    assert str(order.date) == "2020-09-15"


def test_defaults_template_size_quantity(tmp_path, catalog, templates):
    path = write(tmp_path / "o.yaml", "items:\n  - slogan: dang-quang-vinh\n")
    [(item, slogan)] = load_order(path, catalog, templates).products()
    assert (slogan.id, item.template.name, item.size.label, item.quantity, item.formats) == (
        9, "bang-ron", "500x80cm", 1, ("pdf",))


def test_errors_name_file_line_and_field(tmp_path, catalog, templates):
    path = write(tmp_path / "o.yaml", (
        "organization: Sở Tài chính\n"
        "items:\n"
        "  - slogan: 99\n"
        "    template: bang-ron\n"
        "  - slogan: 1\n"
        "    sise: 500x80cm\n"
        "  - slogan: 1\n"
        "    size: 500x80\n"
        "    formats: [pdf, gif]\n"
        "    quantity: 0\n"
        "    template: khong-co\n"))
    with pytest.raises(ErrorList) as info:
        load_order(path, catalog, templates)
    lines = info.value.render("en").splitlines()
    assert any(l.startswith(f"{path}:3: Field 'items[1].slogan'") and "no slogan '99'" in l
               for l in lines), lines
    assert any(f"{path}:6:" in l and "unknown key 'sise'" in l and "did you mean 'size'" in l
               for l in lines), lines
    assert any(f"{path}:8: Field 'items[3].size'" in l for l in lines), lines
    assert any(f"{path}:9: Field 'items[3].formats'" in l and "gif" in l for l in lines), lines
    assert any(f"{path}:10: Field 'items[3].quantity'" in l for l in lines), lines
    assert any(f"{path}:11: Field 'items[3].template'" in l and "khong-co" in l for l in lines)


def test_empty_items_and_missing_slogan(tmp_path, catalog, templates):
    with pytest.raises(UserError, match="no items"):
        load_order(write(tmp_path / "a.yaml", "items: []\n"), catalog, templates)
    with pytest.raises(UserError, match=r"o.yaml:2: Field 'items\[1\]'.*'slogan' is missing"):
        load_order(write(tmp_path / "o.yaml", "items:\n  - template: bang-ron\n"), catalog,
                   templates)


def test_demo_order_is_the_whole_catalogue_twice(catalog, templates):
    order = demo_order(catalog, templates)
    assert len(list(order.products())) == 2 * len(catalog.slogans)
    assert {i.template.name for i in order.items} == {"bang-ron", "ap-phich"}


def test_free_text_fields_refuse_hidden_characters_and_overlong_text(tmp_path, catalog, templates):
    """A note or an office goes into a table cell of the proof: control characters would print
    as boxes (or reach a terminal as escape sequences), and a cell cannot run onto a new page."""
    from bannergen.inputs.model import MAX_NAME_CHARS, MAX_NOTE_CHARS

    path = write(tmp_path / "o.yaml", (
        'organization: "Sở\\u001b[31m Tài chính"\n'
        "items:\n"
        "  - slogan: 1\n"
        f"    note: {'x' * (MAX_NOTE_CHARS + 1)}\n"
        f"    material: {'v' * (MAX_NAME_CHARS + 1)}\n"))
    with pytest.raises(ErrorList) as info:
        load_order(path, catalog, templates)
    lines = info.value.render("en").splitlines()
    assert any(f"{path}:1: Field 'organization'" in l and "U+001B" in l for l in lines), lines
    assert any(f"{path}:4: Field 'items[1].note'" in l and f"{MAX_NOTE_CHARS + 1} characters" in l
               for l in lines), lines
    assert any(f"{path}:5: Field 'items[1].material'" in l for l in lines), lines


def test_the_longest_free_texts_still_make_a_proof(tmp_path, catalog, templates):
    from bannergen.inputs.model import MAX_NAME_CHARS, MAX_NOTE_CHARS
    from bannergen.workflow.proof import build_proof

    short, note = "Sở Tài chính " * 10, "Vải lụa đỏ " * 30
    head = "".join(f'{k}: "{short[:MAX_NAME_CHARS]}"\n'
                   for k in ("organization", "title", "prepared_by"))
    line = (f'    note: "{note[:MAX_NOTE_CHARS]}"\n    material: "{short[:MAX_NAME_CHARS]}"\n'
            f'    finishing: "{short[:MAX_NAME_CHARS]}"\n')
    path = write(tmp_path / "o.yaml", head + "items:\n" + "".join(
        f"  - slogan: {n}\n    template: {t}\n" + line
        for n, t in ((1, "bang-ron"), (2, "ap-phich"), (3, "bang-ron-doc"))))
    order = load_order(path, catalog, templates)
    import datetime as dt
    assert build_proof(order, catalog, dt.date(2026, 1, 5)).startswith(b"%PDF")
