"""Tests for bannergen.output.raster: strip rendering, PNG/JPEG/TIFF encoders, geometry, memory bound."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, JpegImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.generic import FloatObject, NameObject
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from bannergen.output import raster
from bannergen.output.raster import (
    ImageTooLargeError,
    RasterError,
    RasterInfo,
    base,
    jpeg,
    png,
    rasterise,
    registry,
    strips,
    tiff,
    webp,
)

FONT = Path(__file__).resolve().parents[1] / "fonts" / "BeVietnamPro-Bold.ttf"
RED = (255, 0, 0)
YELLOW = (255, 255, 0)
BLUE = (0, 0, 255)


# ---------------------------------------------------------------------------------------------
# Test PDFs (ReportLab; pypdf only to add /UserUnit or /Rotate)


def _font() -> str:
    if "BVP-Bold" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("BVP-Bold", str(FONT)))
    return "BVP-Bold"


def _draw_banner(c: canvas.Canvas, x0: float, y0: float, w: float, h: float) -> None:
    """Red ground, a yellow rectangle, an anti-aliased diagonal triangle and Vietnamese text."""
    c.setFillColorRGB(*[v / 255 for v in RED])
    c.rect(x0, y0, w, h, stroke=0, fill=1)
    c.setFillColorRGB(*[v / 255 for v in YELLOW])
    c.rect(x0 + 0.2 * w, y0 + 0.25 * h, 0.2 * w, 0.5 * h, stroke=0, fill=1)
    path = c.beginPath()  # edges at odd angles: anti-aliased pixels on every strip border
    path.moveTo(x0 + 0.45 * w, y0 + 0.03 * h)
    path.lineTo(x0 + 0.97 * w, y0 + 0.96 * h)
    path.lineTo(x0 + 0.62 * w, y0 + 0.11 * h)
    path.close()
    c.drawPath(path, stroke=0, fill=1)
    c.setFont(_font(), 0.3 * h)
    c.drawString(x0 + 0.013 * w, y0 + 0.07 * h, "ĐẠI HỘI ĐẢNG BỘ TỈNH LẦN THỨ XVI")
    c.saveState()
    c.translate(x0 + 0.5 * w, y0 + 0.5 * h)
    c.rotate(11.3)
    c.drawString(0, 0, "TIẾN TỚI ĐẠI HỘI XIII!")
    c.restoreState()


def make_pdf(
    w: float, h: float, *, bleed: float = 0.0, user_unit: float | None = None, rotate: int = 0
) -> bytes:
    """A one-page banner of ``w`` x ``h`` points of trim; bleed (blue) around it sets a TrimBox."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(w + 2 * bleed, h + 2 * bleed), invariant=1)
    if bleed:
        c.setTrimBox((bleed, bleed, bleed + w, bleed + h))
        c.setFillColorRGB(*[v / 255 for v in BLUE])
        c.rect(0, 0, w + 2 * bleed, h + 2 * bleed, stroke=0, fill=1)
    _draw_banner(c, bleed, bleed, w, h)
    c.showPage()
    c.save()
    data = buf.getvalue()
    if user_unit is None and not rotate:
        return data
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(data)).pages:
        if user_unit is not None:
            page[NameObject("/UserUnit")] = FloatObject(user_unit)
        if rotate:
            page.rotate(rotate)
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def one_shot(
    pdf: bytes, scale: float, crop: tuple[float, float, float, float] = (0, 0, 0, 0)
) -> Image.Image:
    """The reference: the whole page rendered by pypdfium2 in one call, white ground, no annots."""
    page = pdfium.PdfDocument(pdf)[0]
    bitmap = page.render(
        scale=scale,
        crop=crop,
        rev_byteorder=True,
        draw_annots=False,
        may_draw_forms=False,
        fill_color=(255, 255, 255, 255),
    )
    return bitmap.to_pil().convert("RGB")


def assert_same_pixels(a: Image.Image, b: Image.Image) -> None:
    assert a.size == b.size
    diff = ImageChops.difference(a.convert("RGB"), b.convert("RGB"))
    assert diff.getbbox() is None, f"pixels differ in {diff.getbbox()}, max {diff.getextrema()}"


def px(cm_value: float, dpi: float) -> int:
    return round(cm_value / 2.54 * dpi)


# Sizes in points that render exactly at 144 DPI (scale 2.0): pypdfium2's one-shot render uses
# ceil(size * scale) pixels, ours round(size * dpi / 72); they agree when the product is whole.
W_PT, H_PT = 1000.5, 200.5  # -> 2001 x 401 px at 144 DPI; 401 is prime: no strip height divides it


@pytest.fixture(params=["numpy", "pillow"])
def png_filter(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """The PNG Up filter with numpy in place (the fast extra) or with Pillow into copies."""
    if request.param == "numpy":
        pytest.importorskip("numpy")
    else:
        monkeypatch.setattr(png, "_numpy", lambda: None)
    return request.param


@pytest.fixture(scope="module")
def banner_50x8() -> bytes:
    return make_pdf(50 * cm, 8 * cm)


@pytest.fixture(scope="module")
def exact_pdf() -> bytes:
    return make_pdf(W_PT, H_PT)


# ---------------------------------------------------------------------------------------------
# Geometry, DPI metadata, colours


@pytest.mark.parametrize("fmt", ["png", "jpg", "jpeg", "tiff"])
@pytest.mark.parametrize("dpi", [72, 100, 150])
def test_pixel_size_is_physical_size_times_dpi(
    tmp_path: Path, banner_50x8: bytes, fmt: str, dpi: int
) -> None:
    out = tmp_path / f"b.{fmt}"
    info = rasterise(banner_50x8, out, fmt, dpi)
    assert (info.width_px, info.height_px) == (px(50, dpi), px(8, dpi))
    assert info.path == out and info.dpi == dpi
    assert info.fmt == {"jpg": "jpeg"}.get(fmt, fmt)
    with Image.open(out) as im:
        assert im.size == (px(50, dpi), px(8, dpi))
        assert im.mode == "RGB"
        assert im.format == {"png": "PNG", "jpg": "JPEG", "jpeg": "JPEG", "tiff": "TIFF"}[fmt]
        # PNG stores pixels per metre (5906 for 150 DPI), so the read-back is within 0.013 DPI.
        assert im.info["dpi"] == pytest.approx((dpi, dpi), abs=0.02)


def test_accepts_a_path_and_reports_info(tmp_path: Path, banner_50x8: bytes) -> None:
    src = tmp_path / "in.pdf"
    src.write_bytes(banner_50x8)
    info = rasterise(src, tmp_path / "b.png", "PNG", 50.5)
    assert info == RasterInfo(px(50, 50.5), px(8, 50.5), 50.5, "png", tmp_path / "b.png")


@pytest.mark.parametrize("fmt", ["png", "jpg", "tiff"])
def test_colours_at_known_places(tmp_path: Path, banner_50x8: bytes, fmt: str) -> None:
    out = tmp_path / f"b.{fmt}"
    rasterise(banner_50x8, out, fmt, 100, strip_height=50)
    tolerance = 6 if fmt == "jpg" else 0
    with Image.open(out) as im:
        rgb = im.convert("RGB")

        def near(xy_cm: tuple[float, float], colour: tuple[int, int, int]) -> None:
            x, y_from_bottom = xy_cm
            pixel = rgb.getpixel((px(x, 100), px(8 - y_from_bottom, 100)))
            assert all(abs(p - q) <= tolerance for p, q in zip(pixel, colour, strict=True)), (
                xy_cm,
                pixel,
            )

        near((15, 4), YELLOW)  # the yellow rectangle spans 10-20 cm by 2-6 cm
        near((10.3, 2.3), YELLOW)
        near((9.7, 4), RED)
        near((15, 6.3), RED)
        near((5, 6), RED)
        near((0.2, 0.2), RED)  # corners: the trim is filled edge to edge
        near((49.8, 7.8), RED)


def test_trim_box_crops_bleed(tmp_path: Path) -> None:
    bleed = 1 * cm
    pdf = make_pdf(50 * cm, 8 * cm, bleed=bleed)
    info = rasterise(pdf, tmp_path / "t.png", "png", 100)
    assert (info.width_px, info.height_px) == (px(50, 100), px(8, 100))
    with Image.open(info.path) as im:
        w, h = im.size
        for xy in [(0, 0), (w - 1, 0), (0, h - 1), (w - 1, h - 1), (w // 2, 0), (0, h // 2)]:
            assert im.getpixel(xy) == RED, xy  # no blue bleed, no white edge


def test_trim_box_matches_cropped_one_shot_render(tmp_path: Path) -> None:
    pdf = make_pdf(W_PT, H_PT, bleed=36)  # 36 pt of bleed = 72 px at 144 DPI
    rasterise(pdf, tmp_path / "t.png", "png", 144, strip_height=64)
    with Image.open(tmp_path / "t.png") as im:
        assert_same_pixels(im, one_shot(pdf, 2.0, crop=(36, 36, 36, 36)))


def test_user_unit_scales_the_page(tmp_path: Path) -> None:
    # 500.25 x 100.25 units of 2/72 in = the same physical page as exact_pdf
    pdf = make_pdf(W_PT / 2, H_PT / 2, user_unit=2)
    assert pdfium.PdfDocument(pdf)[0].get_size() == (W_PT / 2, H_PT / 2)  # PDFium ignores it
    info = rasterise(pdf, tmp_path / "u.png", "png", 144, user_unit=2, strip_height=100)
    assert (info.width_px, info.height_px) == (2001, 401)
    with Image.open(info.path) as im:
        assert_same_pixels(im, one_shot(pdf, 4.0))


def test_user_unit_comes_from_the_caller(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's maker passes its /UserUnit; the PDF is not parsed again (no pypdf needed)."""
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf now raises ImportError
    pdf = make_pdf(W_PT / 2, H_PT / 2)
    told = rasterise(pdf, tmp_path / "a.png", "png", 144, user_unit=2)
    plain = rasterise(pdf, tmp_path / "b.png", "png", 144)
    assert (told.width_px, told.height_px) == (2001, 401)
    assert (plain.width_px, plain.height_px) == (1001, 201)  # 500.25 x 100.25 pt, halves up


def test_user_unit_600cm_banner_size(tmp_path: Path) -> None:
    pdf = make_pdf(300 * cm, 40 * cm, user_unit=2)  # a 600 x 80 cm banner in 2/72 in units
    info = rasterise(pdf, tmp_path / "u.jpg", "jpg", 10, user_unit=2)
    assert (info.width_px, info.height_px) == (px(600, 10), px(80, 10))


def test_rotated_page_is_rendered_as_shown(tmp_path: Path) -> None:
    pdf = make_pdf(W_PT, H_PT, rotate=90)
    info = rasterise(pdf, tmp_path / "r.png", "png", 144, strip_height=128)
    assert (info.width_px, info.height_px) == (401, 2001)
    with Image.open(info.path) as im:
        assert_same_pixels(im, one_shot(pdf, 2.0))


# ---------------------------------------------------------------------------------------------
# Strips: seams must not exist


@pytest.mark.parametrize("strip_height", [1, 7, 64, 100, 400, 401, 1024])
def test_png_equals_one_shot_render(
    tmp_path: Path, exact_pdf: bytes, strip_height: int, png_filter: str
) -> None:
    out = tmp_path / "s.png"
    rasterise(exact_pdf, out, "png", 144, strip_height=strip_height)
    with Image.open(out) as im:
        assert_same_pixels(im, one_shot(exact_pdf, 2.0))


def test_tiff_equals_one_shot_render(tmp_path: Path, exact_pdf: bytes) -> None:
    out = tmp_path / "s.tiff"
    rasterise(exact_pdf, out, "tiff", 144, strip_height=37)
    with Image.open(out) as im:
        assert im.info["compression"] == "tiff_adobe_deflate"
        assert_same_pixels(im, one_shot(exact_pdf, 2.0))


def test_small_work_chunks_and_strip_cap(
    tmp_path: Path, exact_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Many deflate pieces, many TIFF strips, strips capped by bytes rather than strip_height.
    monkeypatch.setattr(base, "WORK_BYTES", 20_000)
    monkeypatch.setattr(strips, "MAX_STRIP_BYTES", 100_000)
    monkeypatch.setattr(tiff, "STRIP_BYTES", 50_000)
    reference = one_shot(exact_pdf, 2.0)
    for fmt in ("png", "tiff"):
        out = tmp_path / f"w.{fmt}"
        rasterise(exact_pdf, out, fmt, 144)
        with Image.open(out) as im:
            assert_same_pixels(im, reference)


def test_png_stream_is_valid(
    tmp_path: Path, exact_pdf: bytes, monkeypatch: pytest.MonkeyPatch, png_filter: str
) -> None:
    """Chunk CRCs, one zlib stream with a correct Adler-32, Up filter on every row."""
    monkeypatch.setattr(base, "WORK_BYTES", 100_000)  # ~17 separately deflated pieces
    monkeypatch.setattr(png, "IDAT_BYTES", 4096)
    out = tmp_path / "v.png"
    rasterise(exact_pdf, out, "png", 144, strip_height=50)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, kinds, idat = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack_from(">I", data, pos)
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack_from(">I", data, pos + 8 + length)
        assert crc == zlib.crc32(kind + body), kind
        kinds.append(kind)
        idat += body if kind == b"IDAT" else b""
        assert kind != b"IDAT" or length <= 4096
        pos += 12 + length
    assert kinds[:3] == [b"IHDR", b"pHYs", b"sRGB"] and kinds[-1] == b"IEND"
    assert set(kinds[3:-1]) == {b"IDAT"} and len(kinds) > 5
    raw = zlib.decompress(idat)  # raises on a bad Adler-32 or a broken deflate stream
    row = 2001 * 3 + 1
    assert len(raw) == 401 * row
    assert {raw[i * row] for i in range(401)} == {2}


def strip_pixels(pdf: bytes, dpi: float, strip_height: int) -> Image.Image:
    """The page as the JPEG encoder sees it: PDFium's fast RGBx strips, glued together."""
    with strips.open_page(pdf, 0) as page:
        geo = strips.geometry(page, 1.0, dpi)
        rows = b"".join(bytes(view) for view in strips.render_strips(
            page, geo, strip_height, bytes_per_pixel=4, row_multiple=16, exact=False))
    return Image.frombytes("RGBX", (geo.width_px, geo.height_px), rows).convert("RGB")


def test_jpeg_pieces_join_into_the_one_shot_jpeg(tmp_path: Path, exact_pdf: bytes) -> None:
    """Pieces encoded apart and joined with restart markers decode like one encode of it all."""
    out = tmp_path / "j.jpg"
    rasterise(exact_pdf, out, "jpg", 144, strip_height=16)  # 16-row pieces: RST0..7 wrap around
    data = out.read_bytes()
    assert data.count(b"\xff\xdd") == 1  # one DRI
    assert sum(data.count(bytes((0xFF, 0xD0 + m))) for m in range(8)) == 401 // 16  # 26 pieces
    whole = io.BytesIO()
    strip_pixels(exact_pdf, 144, 16).save(whole, "JPEG", quality=95, subsampling="4:2:0")
    with Image.open(out) as ours, Image.open(whole) as theirs:
        assert ours.info.get("progressive") is None
        assert JpegImagePlugin.get_sampling(ours) == 2  # 4:2:0: chroma at half size each way
        assert_same_pixels(ours, theirs)


def test_jpeg_strips_are_within_two_levels_of_a_one_shot_render(exact_pdf: bytes) -> None:
    """The fast strips JPEG takes move a few anti-aliased edge pixels by a level or two against
    a one-shot render: nothing beside what quality 95 quantisation itself does to the page."""
    import numpy as np

    reference = np.asarray(one_shot(exact_pdf, 2.0), dtype=np.int16)
    ours = np.asarray(strip_pixels(exact_pdf, 144, 48), dtype=np.int16)
    moved = np.abs(ours - reference).max(axis=2)
    assert moved.max() <= 2
    assert np.count_nonzero(moved) < 0.01 * moved.size
    encoded = io.BytesIO()
    one_shot(exact_pdf, 2.0).save(encoded, "JPEG", quality=95, subsampling="4:2:0")
    quantised = np.abs(np.asarray(Image.open(encoded), dtype=np.int16) - reference)
    assert quantised.max() > 10 * moved.max() and quantised.mean() > 10 * moved.mean()


def test_several_bands_differ_by_at_most_one_level(
    tmp_path: Path, exact_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the band limit (huge images) band borders may move anti-aliased pixels by 1 level."""
    monkeypatch.setattr(strips, "MAX_BAND_BYTES", 2001 * 3 * 150)
    out = tmp_path / "b.png"
    rasterise(exact_pdf, out, "png", 144, strip_height=50)
    with Image.open(out) as im:
        diff = ImageChops.difference(im.convert("RGB"), one_shot(exact_pdf, 2.0))
        assert max(hi for _, hi in diff.getextrema()) <= 1


# ---------------------------------------------------------------------------------------------
# CMYK, determinism, atomic writes, errors


def test_cmyk_tiff(tmp_path: Path, banner_50x8: bytes) -> None:
    from bannergen.output.colour import FOGRA39_PROFILE, CmykPixels, to_cmyk

    out = tmp_path / "c.tiff"
    # The page's flat colours keep the inks their template declares; the rest is converted.
    flat = CmykPixels({(255, 255, 0): (0, 0, 255, 0), (255, 0, 0): (0, 212, 222, 38)})
    info = rasterise(banner_50x8, out, "tiff", 100, cmyk=flat, strip_height=77)
    assert info.fmt == "tiff"
    with Image.open(out) as im:
        assert im.mode == "CMYK"
        assert im.tag_v2[262] == 5  # PhotometricInterpretation: separated
        assert im.tag_v2[332] == 1  # InkSet: CMYK
        assert im.info["dpi"] == (100, 100)
        assert im.info["icc_profile"] == FOGRA39_PROFILE.read_bytes()
        assert im.getpixel((px(15, 100), px(4, 100))) == (0, 0, 255, 0)  # yellow, as declared
        assert im.getpixel((3, 3)) == (0, 212, 222, 38)  # red, as declared
    # Without flat colours every pixel goes through the bundled profile (not 255 - RGB, K = 0).
    rasterise(banner_50x8, out, "tiff", 100, cmyk=True)
    with Image.open(out) as im:
        red = to_cmyk(Image.new("RGB", (1, 1), (255, 0, 0))).getpixel((0, 0))
        assert im.getpixel((3, 3)) == red != (0, 255, 255, 0)


@pytest.mark.parametrize("fmt", ["png", "jpeg"])
def test_cmyk_only_for_tiff(tmp_path: Path, banner_50x8: bytes, fmt: str) -> None:
    with pytest.raises(RasterError, match="TIFF"):
        rasterise(banner_50x8, tmp_path / "c.out", fmt, 72, cmyk=True)


@pytest.mark.parametrize("fmt", ["png", "jpg", "tiff"])
def test_deterministic_bytes(
    tmp_path: Path, exact_pdf: bytes, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        base, "WORK_BYTES", 50_000
    )  # many parallel pieces, finishing in any order
    rasterise(exact_pdf, tmp_path / f"a.{fmt}", fmt, 144, strip_height=40)
    rasterise(exact_pdf, tmp_path / f"b.{fmt}", fmt, 144, strip_height=40)
    assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()


def test_both_filters_give_the_same_bytes(
    tmp_path: Path, exact_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("numpy")
    monkeypatch.setattr(base, "WORK_BYTES", 50_000)  # pieces inside strips and across rows
    rasterise(exact_pdf, tmp_path / "a.png", "png", 144, strip_height=40)
    monkeypatch.setattr(png, "_numpy", lambda: None)
    rasterise(exact_pdf, tmp_path / "b.png", "png", 144, strip_height=40)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


def test_png_encoder_takes_read_only_rows(png_filter: str) -> None:
    """A caller's own bytes (the gallery's contact sheet) are encoded, not filtered in place."""
    picture = one_shot(make_pdf(100, 30), 1.0)
    data = picture.tobytes()
    out = io.BytesIO()
    encoder = registry.lookup("png").open(out, *picture.size, 72, cmyk=False)
    try:
        encoder.write(memoryview(data))
        encoder.finish()
    finally:
        encoder.close()
    assert data == picture.tobytes()
    assert_same_pixels(Image.open(io.BytesIO(out.getvalue())), picture)


def test_adler32_combine() -> None:
    data = bytes(range(256)) * 700 + b"\xff" * 70_000
    for cut in (0, 1, 5551, 65521, 100_000, len(data)):
        first, second = data[:cut], data[cut:]
        assert png._adler32_combine(
            zlib.adler32(first), zlib.adler32(second), len(second)
        ) == zlib.adler32(data)


def test_single_thread_gives_the_same_bytes(
    tmp_path: Path, exact_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    rasterise(exact_pdf, tmp_path / "a.png", "png", 144, strip_height=40)
    monkeypatch.setattr(base, "worker_count", lambda: 1)
    rasterise(exact_pdf, tmp_path / "b.png", "png", 144, strip_height=40)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()


@pytest.mark.parametrize(
    "fmt, cls", [("png", png.PngEncoder), ("tiff", tiff.TiffEncoder), ("jpg", jpeg.JpegEncoder)]
)
def test_failure_mid_encode_leaves_nothing(
    tmp_path: Path, exact_pdf: bytes, monkeypatch: pytest.MonkeyPatch, fmt: str, cls: type
) -> None:
    original = cls.write
    calls = {"n": 0}

    def failing_write(self: object, rows: memoryview) -> None:
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        original(self, rows)

    monkeypatch.setattr(cls, "write", failing_write)
    out = tmp_path / f"x.{fmt}"
    with pytest.raises(OSError, match="disk full"):
        rasterise(exact_pdf, out, fmt, 144, strip_height=50)
    assert calls["n"] == 3
    assert list(tmp_path.iterdir()) == []


def test_failure_inside_the_encoder_surfaces_unchanged(
    tmp_path: Path, exact_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error raised while Pillow views of the strip are alive is the error the caller sees."""
    import PIL.ImageChops

    monkeypatch.setattr(png, "_numpy", lambda: None)

    original = PIL.ImageChops.subtract_modulo
    calls = {"n": 0}

    def failing(a: Image.Image, b: Image.Image) -> Image.Image:
        calls["n"] += 1
        if calls["n"] == 6:
            raise MemoryError("out of memory")
        return original(a, b)

    monkeypatch.setattr(PIL.ImageChops, "subtract_modulo", failing)
    with pytest.raises(MemoryError, match="out of memory"):
        rasterise(exact_pdf, tmp_path / "x.png", "png", 144, strip_height=50)
    assert list(tmp_path.iterdir()) == []


def test_failure_on_a_deflate_worker_surfaces_unchanged(
    tmp_path: Path, exact_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error on a worker thread, while pieces still read the strip buffer, reaches the caller."""
    original = png._deflate_piece
    calls = {"n": 0}

    def failing(*args: object) -> object:
        calls["n"] += 1
        if calls["n"] == 6:
            raise MemoryError("out of memory")
        return original(*args)

    monkeypatch.setattr(base, "WORK_BYTES", 60_000)
    monkeypatch.setattr(png, "_deflate_piece", failing)
    with pytest.raises(MemoryError, match="out of memory"):
        rasterise(exact_pdf, tmp_path / "x.png", "png", 144, strip_height=50)
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_the_previous_file(
    tmp_path: Path, exact_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "x.png"
    out.write_bytes(b"old")

    def boom(self: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(png.PngEncoder, "finish", boom)
    with pytest.raises(RuntimeError):
        rasterise(exact_pdf, out, "png", 144)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.png"]


def test_output_mode_follows_umask(tmp_path: Path, exact_pdf: bytes) -> None:
    old = os.umask(0o022)
    try:
        rasterise(exact_pdf, tmp_path / "m.png", "png", 72)
    finally:
        os.umask(old)
    assert (tmp_path / "m.png").stat().st_mode & 0o777 == 0o644


def test_jpeg_size_limit(tmp_path: Path, banner_50x8: bytes) -> None:
    # 50 cm at 3400 DPI = 66,929 px > 65,535: refused before any rendering or file.
    with pytest.raises(ImageTooLargeError) as caught:
        rasterise(banner_50x8, tmp_path / "big.jpg", "jpg", 3400)
    assert caught.value.limit == 65535 and caught.value.width_px == px(50, 3400)
    assert "65535" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"fmt": "bmp"}, "unknown raster format"),
        ({"dpi": 0}, "DPI"),
        ({"dpi": float("nan")}, "DPI"),
        ({"user_unit": 0}, "user_unit"),
        ({"user_unit": float("inf")}, "user_unit"),
        ({"page_index": 1}, "out of range"),
        ({"strip_height": 0}, "strip_height"),
        ({"dpi": 0.001}, "smaller than one pixel"),
    ],
)
def test_bad_arguments(
    tmp_path: Path, exact_pdf: bytes, kwargs: dict[str, object], message: str
) -> None:
    args: dict[str, object] = {"fmt": "png", "dpi": 72} | kwargs
    with pytest.raises(RasterError, match=message):
        rasterise(exact_pdf, tmp_path / "x.png", **args)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_registry_limits_match_the_encoders() -> None:
    assert registry.lookup(".JPG").max_side == jpeg.MAX_SIDE
    assert registry.lookup("png").max_side == png.MAX_SIDE
    assert registry.lookup("tif").cmyk and not registry.lookup("jpeg").cmyk
    assert registry.lookup("webp").max_side == webp.MAX_SIDE and not registry.lookup("webp").cmyk
    assert raster.FORMATS == {"png": "png", "jpeg": "jpeg", "jpg": "jpeg", "tiff": "tiff",
                              "tif": "tiff", "webp": "webp"}


def test_unreadable_pdf(tmp_path: Path) -> None:
    with pytest.raises(RasterError, match="cannot read the PDF"):
        rasterise(b"not a pdf", tmp_path / "x.png", "png", 72)


def test_second_page(tmp_path: Path) -> None:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(100, 50))
    c.showPage()
    c.setPageSize((300, 20))
    c.showPage()
    c.save()
    info = rasterise(buf.getvalue(), tmp_path / "p.png", "png", 72, page_index=1)
    assert (info.width_px, info.height_px) == (300, 20)


# ---------------------------------------------------------------------------------------------
# Cheap import, bounded memory


def _run(code: str) -> str:
    env = dict(os.environ, PYTHONPATH=str(Path(raster.__file__).resolve().parents[3]))
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_import_is_cheap() -> None:
    out = _run(
        """
        import sys
        import bannergen
        before = set(sys.modules)
        import bannergen.output.raster
        heavy = {"pypdfium2", "PIL", "pypdf", "reportlab"}
        print(sorted(m for m in set(sys.modules) - before if m.split(".")[0] in heavy))
        """
    )
    assert out.strip() == "[]"


@pytest.mark.slow
def test_peak_memory_is_bounded(tmp_path: Path) -> None:
    """A 300 x 80 cm banner at 150 DPI: 17,717 x 4,724 px, 251 MB as one RGB bitmap.

    A watcher process runs the rasteriser in its own child and reads that child's peak RSS with
    getrusage(RUSAGE_CHILDREN): the test process's own children (other tests' CLI runs) would
    otherwise share the figure.
    """
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(make_pdf(300 * cm, 80 * cm))
    worker = f"""
import resource
from pathlib import Path
import pypdfium2, PIL.Image, PIL.ImageChops  # loaded before the baseline is taken
from bannergen.output.raster import rasterise
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
info = rasterise(Path({str(pdf)!r}), Path({str(tmp_path / "long.png")!r}), "png", 150,
                 strip_height=256)
print(base, info.width_px, info.height_px)
"""
    out = _run(
        f"""
        import resource, subprocess, sys
        run = subprocess.run([sys.executable, "-c", {worker!r}], capture_output=True, text=True)
        sys.stderr.write(run.stderr)
        run.check_returncode()
        print(run.stdout.strip(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        """
    )
    base_kib, width, height, peak_kib = map(int, out.split())  # ru_maxrss is in KiB on Linux
    assert (width, height) == (px(300, 150), px(80, 150))
    bitmap_kib = width * height * 3 // 1024
    # Measured: ~68 MiB peak (23 MiB before rasterising); 106 MiB with the default 1024-row strips.
    assert peak_kib < 300 * 1024
    assert peak_kib < bitmap_kib // 2, (peak_kib, bitmap_kib)
    assert peak_kib - base_kib < bitmap_kib // 4, (peak_kib, base_kib, bitmap_kib)


def test_screen_formats_are_tagged_srgb(tmp_path: Path) -> None:
    """A browser or a TV shows the template's colours only when the file says they are sRGB."""
    from PIL import Image, ImageCms

    source = make_pdf(400, 80)
    srgb = base.srgb_profile()
    assert ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(srgb))).strip()
    for fmt in ("webp", "jpg"):
        out = tmp_path / f"x.{fmt}"
        rasterise(source, out, fmt, 72)
        with Image.open(out) as image:
            assert image.info.get("icc_profile") == srgb, fmt
    rasterise(source, tmp_path / "x.png", "png", 72)
    assert b"sRGB\x00" in (tmp_path / "x.png").read_bytes()[:80]


def test_webp_is_lossless_and_deterministic(tmp_path: Path) -> None:
    from PIL import Image

    source = make_pdf(400, 80)
    a, b, ref = tmp_path / "a.webp", tmp_path / "b.webp", tmp_path / "ref.png"
    info = rasterise(source, a, "webp", 50)
    rasterise(source, b, "webp", 50)
    rasterise(source, ref, "png", 50)
    assert a.read_bytes() == b.read_bytes() and info.fmt == "webp"
    with Image.open(a) as wp, Image.open(ref) as pn:
        assert wp.format == "WEBP" and wp.size == pn.size
        assert wp.convert("RGB").tobytes() == pn.convert("RGB").tobytes()
    with pytest.raises(RasterError):
        rasterise(source, tmp_path / "c.webp", "webp", 50, cmyk=True)
