"""Screens and rooms: pixel sizes, WebP, the screen template, slideshows and events on the CLI."""

from __future__ import annotations

import json

import pytest
from PIL import Image, ImageChops

from conftest import write

EVENT = """\
title: Hội nghị Cán bộ, công chức, viên chức năm 2026
header: Sở Tài chính tỉnh Quảng Ngãi
subtitle: Dân chủ - Đoàn kết - Đổi mới
place_date: Quảng Ngãi, ngày 15 tháng 01 năm 2026
"""


@pytest.mark.parametrize("size,px", [("1920x400px", (1920, 400)), ("anh-chia-se", (1200, 630)),
                                     ("square-post", (1080, 1080)), ("story", (1080, 1920)),
                                     ("1366x768px", (1366, 768)), ("640x1136px", (640, 1136))])
def test_pixel_size_gives_exactly_those_pixels_on_the_screen_template(cli, tmp_path, size, px):
    out = tmp_path / "a.png"
    result = cli("render", "9", "--size", size, "-o", str(out))
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.size == px
        # the screen template by default: red field, yellow letters, every edge red (no bleed art)
        rgb = image.convert("RGB")
        assert rgb.getpixel((0, 0)) == rgb.getpixel((px[0] - 1, px[1] - 1))
        r, g, b = (band.point(lambda v, t=t: 255 if (v > 200) == t else 0)
                   for band, t in zip(rgb.split(), (True, True, False)))
        yellow = ImageChops.multiply(ImageChops.multiply(r, g), b).histogram()[255]
        assert yellow > 0.03 * px[0] * px[1]  # the text fills the screen, not a thin line


def test_webp_under_the_web_budget_and_pdf_at_96_px_per_inch(cli, tmp_path):
    from pypdf import PdfReader

    webp = tmp_path / "h.webp"
    assert cli("render", "4", "--size", "web-header", "-o", str(webp)).returncode == 0
    with Image.open(webp) as image:
        assert image.format == "WEBP" and image.size == (1920, 400)
        assert image.info.get("icc_profile")
    assert webp.stat().st_size < 250_000
    pdf = tmp_path / "h.pdf"
    assert cli("render", "4", "--size", "1920x400px", "-o", str(pdf)).returncode == 0
    box = PdfReader(pdf).pages[0].trimbox
    assert (float(box.width), float(box.height)) == pytest.approx((1920 * 0.75, 400 * 0.75))


def test_sizes_lists_screens_papers_and_banners(cli):
    result = cli("sizes", "--json")
    assert result.returncode == 0, result.stderr
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["dau-trang-web"]["pixels"] == [1920, 400]
    assert "web-header" in rows["dau-trang-web"]["aliases"]
    assert rows["man-hinh-4k"]["pixels"] == [3840, 2160]
    assert rows["A4"]["size"] == "A4" and rows["A4"]["pixels"] is None
    assert rows["phong-8x4m"]["size"] == "800x400cm"


@pytest.mark.parametrize("args,words", [
    (["render", "9", "--size", "0x400px"], ["0x400px"]),
    (["render", "9", "--size", "20000x400px"], ["20000x400px", "16384"]),
    (["render", "9", "--size", "1920x400px", "-f", "webp", "--cmyk"], ["TIFF"]),
    (["tile", "9", "--size", "1920x400px"], ["1920x400px"]),
    (["slideshow", "9", "--size", "1921x1080px", "-o", "{tmp}/s.mp4"], ["1921x1080px"]),
    (["slideshow", "9", "--size", "500x80cm", "-o", "{tmp}/s.mp4"], ["px"]),
    (["slideshow", "9", "-o", "{tmp}/s.avi"], ["mp4", "webp"]),
    (["slideshow", "9", "--seconds", "0", "-o", "{tmp}/s.webp"], ["0"]),
])
def test_bad_screen_input_is_exit_2_and_writes_nothing(cli, tmp_path, args, words):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    result = cli(*args, cwd=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2 and "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".png", ".pdf", ".mp4", ".webp")]


@pytest.mark.slow
def test_slideshow_mp4_is_h264_yuv420p_and_deterministic(cli, tmp_path):
    av = pytest.importorskip("av")
    a, b = tmp_path / "a.mp4", tmp_path / "b.mp4"
    for out in (a, b):
        result = cli("slideshow", "9", "10", "--size", "640x360px", "--seconds", "2", "-o", str(out))
        assert result.returncode == 0, result.stderr
    assert a.read_bytes() == b.read_bytes()
    with av.open(str(a)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.name == "h264"
        assert stream.codec_context.pix_fmt == "yuv420p"
        assert (stream.width, stream.height) == (640, 360)
        assert container.duration / 1_000_000 == pytest.approx(4.0, abs=0.1)
        frames = [f.to_image() for f in container.decode(stream)]
    # the first and the last frame are the two slogans: different pictures
    assert frames[0].tobytes() != frames[-1].tobytes()


@pytest.mark.parametrize("fmt", ["webp", "mp4"])
def test_slideshow_progress_counts_each_slide_rendered_then_encoded(catalog, templates, tmp_path,
                                                                    fmt):
    from bannergen.inputs.job import Job
    from bannergen.inputs.units import parse_size
    from bannergen.workflow.slideshow import make_slideshow

    if fmt == "mp4":
        pytest.importorskip("av")
    jobs = [Job.for_slogan(catalog.find(n), templates.get("man-hinh"), parse_size("320x180px"))
            for n in (9, 10, 4)]
    steps = []
    made = make_slideshow(jobs, tmp_path / f"s.{fmt}", 1.0,
                          progress=lambda done, total: steps.append((done, total)))
    assert made.slides == 3 and made.path.is_file()
    if fmt == "mp4":
        assert steps == [(n, 6) for n in range(1, 7)]
    else:  # the animation is encoded in one call
        assert steps == [(1, 6), (2, 6), (3, 6), (6, 6)]


def test_slideshow_webp_has_one_frame_per_slogan(cli, tmp_path):
    out = tmp_path / "s.webp"
    result = cli("slideshow", "9", "10", "4", "--size", "480x270px", "--seconds", "3", "-o", str(out))
    assert result.returncode == 0, result.stderr
    with Image.open(out) as image:
        assert image.n_frames == 3 and image.size == (480, 270)
        assert image.info.get("loop") == 0
    assert _frame_durations(out.read_bytes()) == [3000, 3000, 3000]


def _frame_durations(data: bytes) -> list[int]:
    """The duration of each frame of an animated WebP, from its ANMF chunks (WebP container
    spec, "Animation": X, Y, width, height (24 bits each) then the 24-bit duration in ms)."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    pos, out = 12, []
    while pos + 8 <= len(data):
        kind, size = data[pos:pos + 4], int.from_bytes(data[pos + 4:pos + 8], "little")
        if kind == b"ANMF":
            out.append(int.from_bytes(data[pos + 8 + 12:pos + 8 + 15], "little"))
        pos += 8 + size + (size & 1)
    return out


def test_event_renders_a_backdrop_without_draft_and_a_congress_banner(cli, tmp_path):
    from pypdf import PdfReader

    event = write(tmp_path / "hoi-nghi.yaml", EVENT)
    backdrop = tmp_path / "phong.pdf"
    result = cli("render", "--event", str(event), "-o", str(backdrop))
    assert result.returncode == 0, result.stderr
    text = PdfReader(backdrop).pages[0].extract_text()
    assert "HỘI NGHỊ CÁN BỘ" in text and "BẢN NHÁP" not in text
    assert "Quảng Ngãi, ngày 15 tháng 01 năm 2026" in text
    banner = tmp_path / "bang-ron.pdf"
    result = cli("render", "--event", str(event), "-t", "bang-ron", "-o", str(banner))
    assert result.returncode == 0, result.stderr
    text = PdfReader(banner).pages[0].extract_text().replace("\n", " ")
    assert text.startswith("NHIỆT LIỆT CHÀO MỪNG")


def test_bad_event_file_names_file_and_line(cli, tmp_path):
    event = write(tmp_path / "e.yaml", "title: Đại hội\nheader: [a, b, c]\n")
    result = cli("render", "--event", str(event), cwd=tmp_path)
    assert result.returncode == 2
    assert f"{event}:2" in result.stderr
    missing = cli("render", "--event", str(tmp_path / "none.yaml"), cwd=tmp_path)
    assert missing.returncode == 2 and "none.yaml" in missing.stderr
    both = cli("render", "9", "--event", str(event), cwd=tmp_path)
    assert both.returncode == 2
    assert not list(tmp_path.glob("*.pdf"))
