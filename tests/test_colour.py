"""True CMYK: flat template colours keep their declared inks, everything else goes through the
bundled profile with generated black; logos on CMYK pages show no box; the profile travels."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from bannergen.inputs.images import read_logo
from bannergen.inputs.job import Job
from bannergen.inputs.units import parse_size
from bannergen.output.colour import FOGRA39_PROFILE, CmykPixels, byte, to_cmyk
from bannergen.output.pdf import PdfOptions
from bannergen.workflow.render import Output, render_job


def inks(template, name):
    return tuple(byte(c) for c in template.palette[name].cmyk)


def logo_file(tmp_path: Path) -> Path:
    """A logo with a transparent margin and a dark navy disc: sRGB colours no template declares."""
    from PIL import ImageDraw

    image = Image.new("RGBA", (200, 200), (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((40, 40, 160, 160), fill=(20, 30, 90, 255))
    path = tmp_path / "logo.png"
    image.save(path)
    return path


def counts(path: Path) -> Counter:
    with Image.open(path) as image:
        return Counter(image.get_flattened_data() if hasattr(image, "get_flattened_data")
                       else image.getdata())


def test_flat_colours_keep_their_declared_inks(catalog, templates, tmp_path):
    template = templates.get("bang-ron")
    job = Job.for_slogan(catalog.find(7), template, parse_size("150x30cm"))
    out = render_job(job, Output("tiff", 40, PdfOptions(cmyk=True)), tmp_path / "b.tiff")
    with Image.open(out) as image:
        assert image.mode == "CMYK"
        assert image.info["icc_profile"] == FOGRA39_PROFILE.read_bytes()
        width, height = image.size
    assert (width, height) == (2362, 472)
    common = counts(out).most_common(2)
    red, yellow = inks(template, "red"), inks(template, "yellow")
    # The background and the letters: exactly the YAML's 0/83/87/15 and 0/0/100/0, not a
    # conversion of their RGB (which would be about 0/94/95/6 through the profile).
    assert red == (0, 212, 222, 38) and yellow == (0, 0, 255, 0)
    assert [colour for colour, _ in common] == [red, yellow]
    assert sum(n for _, n in common) > 0.9 * width * height


def test_bleed_is_included_when_asked(catalog, templates, tmp_path):
    template = templates.get("bang-ron")
    job = Job.for_slogan(catalog.find(9), template, parse_size("100x20cm"), bleed_mm=20)
    trim = render_job(job, Output("tiff", 25.4, PdfOptions(cmyk=True)), tmp_path / "t.tiff")
    bleed = render_job(job, Output("tiff", 25.4, PdfOptions(cmyk=True), raster_bleed=True),
                       tmp_path / "b.tiff")
    with Image.open(trim) as a, Image.open(bleed) as b:
        assert a.size == (1000, 200) and b.size == (1040, 240)  # 1 px per mm, 20 mm each side
        assert b.getpixel((0, 0)) == inks(template, "red")  # the background runs into the bleed


def test_a_logo_on_a_cmyk_page_shows_no_box(catalog, templates, tmp_path):
    template = templates.get("bang-ron")
    logo = read_logo(logo_file(tmp_path))
    job = Job.for_slogan(catalog.find(9), template, parse_size("200x40cm"), logo=logo)
    out = render_job(job, Output("tiff", 30, PdfOptions(cmyk=True)), tmp_path / "b.tiff")
    from bannergen.layout.compose import compose
    from bannergen.scene import Image as SceneImage

    [placed] = [i for i in compose(job).items if isinstance(i, SceneImage)]
    px = 30 / 72
    with Image.open(out) as image:
        h = image.height
        box = (round(placed.box.x0 * px), h - round(placed.box.y1 * px),
               round(placed.box.x1 * px), h - round(placed.box.y0 * px))
        region = image.crop(box)
    # The transparent corner of the logo is the background's own inks: no box around it.
    red = inks(template, "red")
    for corner in [(2, 2), (region.width - 3, 2), (2, region.height - 3)]:
        assert region.getpixel(corner) == red
    # The disc went through the profile: process inks with generated black, not 255 - RGB.
    centre = region.getpixel((region.width // 2, region.height // 2))
    assert centre[3] > 60 and centre != (235, 225, 165, 0)
    assert centre == to_cmyk(Image.new("RGB", (1, 1), (20, 30, 90))).getpixel((0, 0))


def test_the_logo_in_a_cmyk_pdf_stands_on_the_background_inks(catalog, templates, tmp_path):
    from pypdf import PdfReader

    from bannergen.layout.compose import compose
    from bannergen.output.pdf import render_pdf

    template = templates.get("bang-ron")
    job = Job.for_slogan(catalog.find(9), template, parse_size("200x40cm"),
                         logo=read_logo(logo_file(tmp_path)))
    pdf = render_pdf(compose(job), PdfOptions(cmyk=True))
    [image] = PdfReader(io.BytesIO(pdf)).pages[0].images
    pixels = image.image
    assert pixels.mode == "CMYK"
    assert pixels.getpixel((0, 0)) == inks(template, "red")
    assert pixels.getpixel((100, 100)) == to_cmyk(
        Image.new("RGB", (1, 1), (20, 30, 90))).getpixel((0, 0))


def test_cmyk_pixels_match_exactly_or_convert():
    converter = CmykPixels({(218, 37, 29): (0, 212, 222, 38)})
    image = Image.new("RGB", (3, 1))
    image.putpixel((0, 0), (218, 37, 29))
    image.putpixel((1, 0), (218, 37, 30))  # one level off: an edge pixel, converted
    image.putpixel((2, 0), (0, 0, 0))
    out = converter.convert(image)
    assert out.getpixel((0, 0)) == (0, 212, 222, 38)
    assert out.getpixel((1, 0)) != (0, 212, 222, 38)
    black = out.getpixel((2, 0))
    # sRGB black through FOGRA39 at 330 % total ink: a rich black with full K
    assert black[3] > 240 and sum(black) / 255 * 100 <= 331


@pytest.mark.parametrize("fmt", ["png", "jpg"])
def test_cmyk_pixels_exist_only_in_tiff(cli, tmp_path, fmt):
    result = cli("render", "9", "--size", "100x20cm", "--cmyk", "-f", fmt,
                 "-o", str(tmp_path / f"b.{fmt}"))
    assert result.returncode == 2 and "TIFF" in result.stderr
