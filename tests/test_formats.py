"""Formats and limits are declared once (inputs/formats.py); every stage reads the same values."""

from __future__ import annotations

import pytest
from conftest import write

from bannergen.errors import UserError
from bannergen.inputs import formats
from bannergen.inputs import schema as schemas
from bannergen.inputs.order import load_order

SPELLINGS = [(spelling, f.name) for f in formats.FORMATS.values() for spelling in
             (f.name, *f.aliases, f.name.upper(), f".{f.name}")]


@pytest.mark.parametrize("spelling, name", SPELLINGS)
def test_every_spelling_reads_the_same_in_orders_and_on_the_command_line(
        tmp_path, catalog, templates, spelling, name):
    assert formats.normalise_format(spelling) == name
    path = write(tmp_path / "o.yaml", f"items:\n  - slogan: 9\n    formats: ['{spelling}']\n")
    [item] = load_order(path, catalog, templates).items
    assert item.formats == (name,)


def test_an_unknown_format_lists_the_choices():
    with pytest.raises(UserError) as info:
        formats.normalise_format("gif")
    assert info.value.render("en") == \
        "The format 'gif' is not supported; choose one of: pdf, png, jpg, tiff, webp."


@pytest.mark.parametrize("name", ["png", "jpg"])
def test_cmyk_pixels_need_a_format_that_holds_them(name):
    with pytest.raises(UserError) as info:
        formats.check_cmyk(name)
    assert info.value.key == "cmyk_raster_needs_tiff"
    formats.check_cmyk("tiff")
    formats.check_cmyk("pdf")  # the PDF's CMYK is a painting option, not pixels


def test_the_schemas_carry_the_same_limits():
    template = schemas.schema("template")["properties"]
    assert (template["dpi"]["minimum"], template["dpi"]["maximum"]) == (formats.MIN_DPI, formats.MAX_DPI)
    assert template["bleed_mm"]["maximum"] == formats.MAX_BLEED_MM
    item = schemas.schema("order")["$defs"]["OrderItem"]["properties"]
    assert (item["dpi"]["minimum"], item["dpi"]["maximum"]) == (formats.MIN_DPI, formats.MAX_DPI)


def test_the_raster_encoder_refuses_what_the_format_cannot_hold(tmp_path):
    from bannergen.output.raster import RasterError, rasterise

    with pytest.raises(RasterError, match="TIFF"):
        rasterise(b"%PDF-1.4", tmp_path / "x.png", "png", 72, cmyk=True)
    with pytest.raises(RasterError, match="unknown raster format"):
        rasterise(b"%PDF-1.4", tmp_path / "x.pdf", "pdf", 72)
