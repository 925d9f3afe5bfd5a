"""--quiet, --verbose and --debug behave as users expect, wherever they stand on the line."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from conftest import invoke_cli, run_cli


def test_quiet_prints_nothing_on_success(tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    result = invoke_cli("render", "9", "--size", "100x20cm", "-o", str(out), "--quiet")
    assert result.returncode == 0 and out.is_file()
    assert result.stdout == "" and result.stderr == ""
    one = tmp_path / "c.yaml"  # one slogan: the check lays out a single text on every template
    one.write_text("title: X\nslogans:\n  - id: 1\n    slug: a\n    text: Xin chào\n",
                   encoding="utf-8")
    assert invoke_cli("check", "--catalog", str(one)).stdout.startswith("No problems")
    assert invoke_cli("--quiet", "check", "--catalog", str(one)).stdout == ""


def test_quiet_still_reports_errors(tmp_path: Path) -> None:
    result = invoke_cli("--quiet", "render", "99", cwd=tmp_path)
    assert result.returncode == 2 and "no slogan '99'" in result.stderr.lower()


def test_verbose_describes_each_product(tmp_path: Path) -> None:
    png = tmp_path / "b.png"
    result = invoke_cli("render", "9", "--size", "100x20cm", "-f", "png", "--dpi", "50", "-o", str(png),
                     "--verbose")
    assert result.returncode == 0, result.stderr
    assert f"Wrote {png}" in result.stdout
    assert "bang-ron, 100x20cm (1000×200 mm)" in result.stderr
    assert "type size" in result.stderr and "1969×394 px at 50 DPI" in result.stderr
    assert "  | ĐẢNG CỘNG SẢN VIỆT NAM" in result.stderr  # the chosen lines


def test_verbose_in_vietnamese(tmp_path: Path) -> None:
    result = invoke_cli("--verbose", "render", "9", "--size", "100x20cm", "-o", str(tmp_path / "b.pdf"),
                     env={"BANNERGEN_LANG": "vi"})
    assert result.returncode == 0 and "cỡ chữ" in result.stderr and "Đã ghi" in result.stdout


def test_quiet_wins_over_verbose(tmp_path: Path) -> None:
    result = invoke_cli("--verbose", "--quiet", "render", "9", "--size", "100x20cm",
                     "-o", str(tmp_path / "b.pdf"))
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run_cli("render", "99", "--debug", cwd=tmp_path)
    assert result.returncode != 0 and "Traceback" in result.stderr and "UserError" in result.stderr
    usage = run_cli("render", "--bogus", "--debug", cwd=tmp_path)
    assert usage.returncode != 0 and "Traceback" in usage.stderr


def test_verbose_pixel_size_is_the_scaled_file(tmp_path: Path) -> None:
    """--scale 1:2 halves the page, so the raster has half the pixels: say what is written."""
    from PIL import Image

    png = tmp_path / "b.png"
    result = invoke_cli("render", "9", "--size", "100x20cm", "-f", "png", "--dpi", "50",
                        "--scale", "1:2", "-o", str(png), "--verbose")
    assert result.returncode == 0, result.stderr
    with Image.open(png) as image:
        width, height = image.size
    assert (width, height) == (984, 197)
    assert f"{width}×{height} px at 50 DPI" in result.stderr
    assert "1969×394" not in result.stderr


def test_verbose_counts_lines_in_the_singular(tmp_path: Path) -> None:
    result = invoke_cli("render", "--text", "Mừng Xuân", "--draft", "--size", "200x40cm",
                        "-o", str(tmp_path / "b.pdf"), "--verbose")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if line.startswith("  | ")] == [
        "  | MỪNG XUÂN"]
    assert "(2000×400 mm), 1 line, type size" in result.stderr


def test_a_fifo_named_as_output_is_refused_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    result = invoke_cli("render", "9", "--size", "100x20cm", "-o", str(fifo))
    assert result.returncode == 2 and "not a file" in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)  # still the FIFO, not a PDF in its place
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.pdf"]  # no temporary left


def test_a_symlink_named_as_output_is_written_through(tmp_path: Path) -> None:
    target = tmp_path / "real" / "b.pdf"
    target.parent.mkdir()
    target.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(target)
    result = invoke_cli("render", "9", "--size", "100x20cm", "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and target.read_bytes().startswith(b"%PDF")


def test_an_output_ending_in_a_slash_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "new.v2"  # a dot in the name is no format when the slash says folder
    result = invoke_cli("render", "9", "--size", "100x20cm", "-o", f"{folder}{os.sep}")
    assert result.returncode == 0, result.stderr
    assert [p.name for p in folder.iterdir()] == ["09-dang-quang-vinh_bang-ron_100x20cm.pdf"]


def test_a_folder_given_for_a_file_is_said_plainly(tmp_path: Path) -> None:
    for args, name in ((["proof", str(tmp_path)], "the argument ORDER"),
                       (["render", "9", "--logo", str(tmp_path)], "the option --logo")):
        result = invoke_cli(*args)
        assert result.returncode == 2
        assert f"'{tmp_path}' is a folder; {name} needs a file" in result.stderr, result.stderr
        assert "Invalid value" not in result.stderr and "mv_" not in result.stderr
    a_file = tmp_path / "f.txt"
    a_file.write_text("x")
    result = invoke_cli("gallery", "-o", str(a_file))
    assert result.returncode == 2 and f"'{a_file}' is a file" in result.stderr


def test_an_option_given_an_empty_value_is_refused_not_defaulted(tmp_path: Path) -> None:
    # `--size "$SIZE"` with SIZE unset: the default size (or, for a path, ".") would be a
    # silent surprise; nothing is written and the option is named.
    for args, option in ((["render", "9", "--size", ""], "--size"),
                         (["render", "9", "-f", " "], "--format"),
                         (["render", "9", "--output="], "--output"),
                         (["batch", "-o", ""], "--output"),
                         (["tile", "9", "--paper", ""], "--paper"),
                         (["--catalog=", "list"], "--catalog")):  # a global option too
        result = invoke_cli(*args, cwd=tmp_path)
        assert result.returncode == 2, (args, result.stderr)
        assert f"Option {option} was given an empty value" in result.stderr, result.stderr
        assert list(tmp_path.iterdir()) == [], args
    vi = invoke_cli("--lang", "vi", "render", "9", "--scale", "", cwd=tmp_path)
    assert vi.returncode == 2 and "Tùy chọn --scale được cho một giá trị trống" in vi.stderr
    # an empty --lang, wherever it stands, is said in the default language
    no_lang = invoke_cli("list", "--lang", " ", cwd=tmp_path)
    assert no_lang.returncode == 2 and "Tùy chọn --lang được cho một giá trị trống" in no_lang.stderr
    # an argument is the command's own business, and a value with text in it is untouched
    fine = invoke_cli("render", "9", "--size", "100x20cm", "--occasion", "Tết", cwd=tmp_path)
    assert fine.returncode == 0, fine.stderr


def test_a_template_on_a_page_of_the_other_shape_is_warned(tmp_path: Path) -> None:
    square = invoke_cli("render", "7", "-t", "bang-ron", "--size", "100x100cm",
                        "-o", str(tmp_path / "a.pdf"))
    assert square.returncode == 0 and "the bang-ron template sets its text" in square.stderr
    assert "ap-phich, bang-ron-doc" in square.stderr
    wide = invoke_cli("render", "9", "-t", "bang-ron-doc", "--size", "1000x60cm",
                      "-o", str(tmp_path / "b.pdf"))
    assert wide.returncode == 0 and "bang-ron, pano" in wide.stderr
    for template, size in (("bang-ron", "300x100cm"), ("ap-phich", "A2-landscape"),
                           ("bang-ron-doc", "80x240cm"), ("pano", "400x200cm")):
        fine = invoke_cli("render", "9", "-t", template, "--size", size,
                          "-o", str(tmp_path / f"{template}.pdf"))
        assert fine.returncode == 0 and "sets its text" not in fine.stderr, (template, size)
