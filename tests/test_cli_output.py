"""--quiet, --verbose and --debug behave as users expect, wherever they stand on the line."""

from __future__ import annotations

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
