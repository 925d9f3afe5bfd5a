"""One message catalogue: every key in both languages, every key the code uses exists, help and
messages follow --lang / BANNERGEN_LANG."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from conftest import run_cli

from bannergen.i18n import MESSAGES, Msg, current_language, message

SRC = Path(__file__).resolve().parents[1] / "src" / "bannergen"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_and_the_same_placeholders(key: str) -> None:
    entry = MESSAGES[key]
    assert isinstance(entry, tuple) and len(entry) == 2
    vi, en = entry
    assert vi.strip() and en.strip()
    assert _fields(vi) == _fields(en), key


# Calls whose first argument is a message key: errors, CLI output, deferred parts, help texts.
KEY_USE = re.compile(r'\b(?:UserError|BannergenError|_say|report|warn|detail|Msg|message|fail)'
                     r'\(\s*"([^"]+)"')
# In cli.py, help texts are keys too (models' help= are schema descriptions, not CLI help).
CLI_HELP = re.compile(r'\bhelp="([^"]+)"')


def _uses() -> list[tuple[str, str]]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        found += [(path.name, key) for key in KEY_USE.findall(text)]
        if path.name == "cli.py":
            found += [(path.name, key) for key in CLI_HELP.findall(text)]
    return found


def test_every_key_used_in_the_source_exists() -> None:
    uses = _uses()
    assert len(uses) > 60  # the scan does find the calls
    missing = [(name, key) for name, key in uses if key not in MESSAGES]
    assert missing == []


def test_cli_prints_no_literal_text() -> None:
    """Everything cli.py shows goes through the catalogue (JSON output and rendered errors aside)."""
    source = (SRC / "cli.py").read_text(encoding="utf-8")
    assert not re.findall(r'typer\.echo\(\s*f?"(?:[^"\\]|\\.)*[A-Za-zÀ-ỹ]{2}', source)
    assert not re.findall(r'(?<![.\w])print\(', source)


def test_language_choice() -> None:
    assert current_language("en") == "en" and current_language("EN_us") == "en"
    assert current_language("fr") == "vi"
    assert message("wrong_type", "vi", expected=Msg("type_int"), got=Msg("got_text", value="'x'")) \
        == "cần số nguyên, nhận được chuỗi chữ ('x')."
    assert message("wrong_type", "en", expected=Msg("type_int"), got=Msg("got_null")) \
        == "expected an integer, got nothing (null)."


def test_help_is_vietnamese_by_default_and_english_on_request() -> None:
    vi = run_cli("--help", env={"BANNERGEN_LANG": ""})
    assert vi.returncode == 0
    assert "Liệt kê các khẩu hiệu đã được phê duyệt" in vi.stdout and "Tùy chọn" in vi.stdout
    en = run_cli("--help", "--lang", "en")
    assert en.returncode == 0
    assert "List the approved slogans" in en.stdout and "Liệt kê" not in en.stdout
    render_en = run_cli("render", "--help", env={"BANNERGEN_LANG": "en"})
    assert "Lay out slogans" in render_en.stdout and "Show this message and exit" in render_en.stdout
    render_vi = run_cli("render", "--help", env={"BANNERGEN_LANG": "vi"})
    assert "Kích thước, vd. 500x80cm" in render_vi.stdout and "Hiện trợ giúp này" in render_vi.stdout
    assert "help_" not in render_vi.stdout + render_en.stdout + vi.stdout  # no raw keys leak


def test_no_arguments_shows_help() -> None:
    result = run_cli(env={"BANNERGEN_LANG": "vi"})
    assert result.returncode == 2 and "render" in result.stdout and "Traceback" not in result.stderr
