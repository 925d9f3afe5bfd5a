"""Every class of bad input a clerk can type, end to end through the command line (in-process).

Each case must give exit code 2, one or two lines that name the offending file/line/field/value,
no traceback, and no output file (nor a temporary one) left behind.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from conftest import invoke_cli

SLOGAN = "title: X\nslogans:\n  - id: 1\n    slug: a\n    text: {text}\n"


def _catalog(text: str) -> dict[str, str | bytes]:
    return {"c.yaml": SLOGAN.format(text=text)}


def _billion_laughs() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\ntitle: X\nslogans: []\n"


# name: (files to create in the input folder, CLI arguments, texts the message must contain)
CASES: dict[str, tuple[dict, list[str], list[str]]] = {
    "malformed_yaml": ({"c.yaml": "title: X\nslogans:\n  - id: 1\n    text: [oops\n"},
                       ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml:4", "not valid YAML", "add ]"]),
    "empty_file": ({"c.yaml": "\n# nothing\n"}, ["render", "1", "--catalog", "{in}/c.yaml"],
                   ["c.yaml", "empty"]),
    "wrong_type": ({"c.yaml": "title: X\nslogans:\n  - id: one\n    slug: a\n    text: b\n"},
                   ["render", "1", "--catalog", "{in}/c.yaml"],
                   ["c.yaml:3", "slogans[1].id", "an integer", "'one'"]),
    "wrong_type_top_level": ({"c.yaml": "- just\n- a list\n"},
                             ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml:1", "a mapping"]),
    "unknown_key_did_you_mean": (
        {"c.yaml": "title: X\nslogans:\n  - id: 1\n    slug: a\n    txet: b\n    text: b\n"},
        ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml:5", "'txet'", "did you mean 'text'"]),
    "duplicate_id": ({"c.yaml": SLOGAN.format(text="b") + "  - id: 1\n    slug: c\n    text: d\n"},
                     ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml:6", "duplicate id 1", "line 3"]),
    "duplicate_slug": ({"c.yaml": SLOGAN.format(text="b") + "  - id: 2\n    slug: a\n    text: d\n"},
                       ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml:7", "duplicate slug 'a'"]),
    "zero_width_space": (_catalog("Đảng\u200b quang vinh"), ["render", "1", "--catalog", "{in}/c.yaml"],
                         ["c.yaml:5", "U+200B", "invisible"]),
    "soft_hyphen_and_bidi": (_catalog("Đảng quang\u00ad vinh\u202e"),
                             ["render", "1", "--catalog", "{in}/c.yaml"], ["U+00AD", "U+202E"]),
    "stray_tone_mark": (_catalog("Đảng quang \u0301vinh"), ["render", "1", "--catalog", "{in}/c.yaml"],
                        ["c.yaml:5", "U+0301"]),
    "control_character": ({"c.yaml": SLOGAN.format(text='"Đảng\\x07 quang vinh"')},
                          ["render", "1", "--catalog", "{in}/c.yaml"], ["U+0007"]),
    "glyph_missing_from_font": (_catalog("Đảng ☭ quang vinh"),
                                ["render", "1", "--catalog", "{in}/c.yaml"],
                                ["U+262D", "RobotoCondensed-Bold.ttf"]),
    "unknown_slogan": ({}, ["render", "99"], ["99", "bannergen list"]),
    "slogan_id_with_invisible_char": ({}, ["render", "1\u200b"], ["U+200B"]),
    "usage_global_option_without_value": ({}, ["render", "1", "--lang"], ["--lang"]),
    "unknown_template": ({}, ["render", "1", "-t", "co-dong"], ["co-dong", "bang-ron"]),
    "size_zero": ({}, ["render", "1", "--size", "0x80cm"], ["0x80cm"]),
    "size_negative": ({}, ["render", "1", "--size", "-5x3m"], ["-5x3m"]),
    "size_not_finite": ({}, ["render", "1", "--size", "infxnanm"], ["infxnanm"]),
    "size_overflow": ({}, ["render", "1", "--size", "1e400x1m"], ["1e400x1m"]),
    "size_beyond_100m": ({}, ["render", "1", "--size", "101x1m"], ["101x1m", "100 m"]),
    "size_garbage": ({}, ["render", "1", "--size", "năm mét"], ["năm mét"]),
    "pixel_budget": ({}, ["render", "1", "--size", "99x99m", "-f", "png", "--dpi", "1200"],
                     ["megapixel", "--dpi"]),
    "dpi_zero": ({}, ["render", "1", "-f", "png", "--dpi", "0"], ["DPI '0'", "10 and 1200"]),
    "dpi_nan": ({}, ["render", "1", "-f", "png", "--dpi", "nan"], ["nan"]),
    "dpi_not_a_number": ({}, ["render", "1", "--dpi", "abc"], ["'abc'", "--dpi", "a number"]),
    "jpeg_over_65535_px": ({}, ["render", "9", "--size", "600x50cm", "-f", "jpg", "--dpi", "300"],
                           ["65535", "JPEG"]),
    "unknown_format": ({}, ["render", "1", "-f", "gif"], ["'gif'", "pdf, png, jpg, tiff"]),
    "unknown_format_by_suffix": ({}, ["render", "1", "-o", "{out}/banner.gif"], ["'.gif'"]),
    "output_under_a_file": ({"plain.txt": "x"}, ["render", "1", "-o", "{in}/plain.txt/b.pdf"],
                            ["plain.txt", "cannot write"]),
    "output_directory_unwritable": ({}, ["render", "1", "-o", "/proc/banner.pdf"],
                                    ["/proc", "cannot write"]),
    "catalogue_missing": ({}, ["render", "1", "--catalog", "{in}/missing.yaml"],
                          ["missing.yaml", "not found"]),
    "catalogue_is_a_directory": ({}, ["render", "1", "--catalog", "{in}"], ["--catalog"]),
    "yaml_alias_explosion": ({"c.yaml": _billion_laughs()}, ["render", "1", "--catalog", "{in}/c.yaml"],
                             ["c.yaml", "too complex"]),
    "yaml_object_tag": ({"c.yaml": "title: !!python/object/apply:os.system ['touch pwned']\nslogans: []\n"},
                        ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml:1", "python/object"]),
    "yaml_custom_tag": ({"c.yaml": "title: !Ref x\nslogans: []\n"},
                        ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml:1", "!Ref"]),
    "utf16_file": ({"c.yaml": SLOGAN.format(text="Đảng quang vinh").encode("utf-16")},
                   ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml:1", "UTF-8"]),
    "windows_1258_file": ({"c.yaml": SLOGAN.format(text="Chào").encode("cp1258")},
                          ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml:5", "UTF-8"]),
    "file_over_size_limit": ({"c.yaml": "title: X\n" + "# padding\n" * 300_000 + "slogans: []\n"},
                             ["render", "1", "--catalog", "{in}/c.yaml"], ["c.yaml", "too large"]),
    "usage_unknown_option": ({}, ["render", "1", "--sise", "A2"], ["--sise", "did you mean '--size'"]),
    "usage_missing_argument": ({}, ["render"], ["slogan", "bannergen render 1"]),
    "usage_option_needs_value": ({}, ["render", "1", "--size"], ["--size"]),
    "usage_unknown_command": ({}, ["in-bang-ron"], ["in-bang-ron", "render"]),
    "usage_command_typo": ({}, ["rendr", "1"], ["'rendr'", "did you mean 'render'"]),
    "usage_extra_argument": ({}, ["templates", "bang-ron"], ["1 unexpected argument: bang-ron"]),
    "template_errors_via_check": (
        {"tpl/bang-ron.yaml": "name: bang-ron\ntitle: X\ndefault_size: 500x80cm\nbackgruond: red\n"},
        ["check", "--templates", "{in}/tpl"], ["bang-ron.yaml:4", "'backgruond'"]),
    "schema_unknown": ({}, ["schema", "slogans"], ["'slogans'", "catalog, template"]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input(name: str, tmp_path: Path) -> None:
    files, args, needles = CASES[name]
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    for rel, content in files.items():
        path = inputs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    fill = {"in": str(inputs), "out": str(out)}
    result = invoke_cli(*[a.format(**fill) for a in args], cwd=out)
    message = result.stderr.strip()
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    if name != "template_errors_via_check":  # `check` lists every problem, one per line
        # One or two lines of message; a YAML syntax mistake adds the line itself and a caret
        # under the place (an excerpt, indented), as compilers show it.
        said = [x for x in message.splitlines() if not x.startswith("    ")]
        assert 1 <= len(said) <= 2, message
    for needle in needles:
        assert needle.format(**fill).lower() in message.lower(), (needle, message)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # nothing written
    assert not Path("/proc/banner.pdf").exists()


@pytest.mark.smoke
def test_bad_input_in_vietnamese_by_default(tmp_path: Path) -> None:
    """The same classes, without --lang: the words the clerk reads are Vietnamese."""
    path = tmp_path / "c.yaml"
    path.write_text("title: X\nslogans:\n  - id: one\n    slug: a\n    text: b\n    txet: b\n",
                    encoding="utf-8")
    result = invoke_cli("render", "1", "--catalog", str(path), env={"BANNERGEN_LANG": ""}, cwd=tmp_path)
    assert result.returncode == 2
    assert "cần số nguyên" in result.stderr and "không có mục 'txet'" in result.stderr
    assert "an integer" not in result.stderr
    usage = invoke_cli("render", "--sise", "A2", env={"BANNERGEN_LANG": ""}, cwd=tmp_path)
    assert usage.returncode == 2
    assert usage.stderr.splitlines() == [
        "Không có tùy chọn '--sise' — có phải ý bạn là '--size'?", "Xem 'bannergen render --help'."]


def test_many_problems_stay_on_two_lines(tmp_path: Path) -> None:
    body = "".join(f"  - id: {i}\n    slug: s\n    text: b\n" for i in range(1, 6))
    path = tmp_path / "c.yaml"
    path.write_text("title: X\nslogans:\n" + body, encoding="utf-8")
    result = invoke_cli("render", "1", "--catalog", str(path), cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and "duplicate slug 's'" in lines[0] and "bannergen check" in lines[1]


def test_nfd_text_is_normalised_to_nfc(tmp_path: Path) -> None:
    """Decomposed text (from a Mac, a PDF copy) is not an error: it prints as composed NFC."""
    from pypdf import PdfReader

    nfd = unicodedata.normalize("NFD", "Đảng Cộng sản Việt Nam quang vinh muôn năm!")
    assert nfd != unicodedata.normalize("NFC", nfd)
    path = tmp_path / "c.yaml"
    path.write_text(SLOGAN.format(text=nfd), encoding="utf-8")
    out = tmp_path / "b.pdf"
    result = invoke_cli("render", "1", "--catalog", str(path), "--size", "200x40cm", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = PdfReader(out).pages[0].extract_text()
    assert "ĐẢNG CỘNG SẢN" in unicodedata.normalize("NFC", text)
    assert "\u0309" not in text and "\u0323" not in text  # no loose combining marks


def test_written_files_follow_the_umask(tmp_path: Path) -> None:
    out = tmp_path / "b.pdf"
    assert invoke_cli("render", "9", "--size", "100x20cm", "-o", str(out)).returncode == 0
    assert out.stat().st_mode & 0o044 == 0o044  # readable by the print shop's account too


def test_text_that_is_not_utf8_on_the_command_line_is_said_so(tmp_path):
    """Bytes that are not UTF-8 in argv reach Python as lone surrogates (PEP 383)."""
    result = invoke_cli("--lang", "en", "render", "--draft", "--text", "Chào\udcffmừng",
                     "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and "not UTF-8" in result.stderr
    assert not (tmp_path / "x.pdf").exists()
