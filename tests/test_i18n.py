"""The gettext catalogues: every message in both languages with the same placeholders, plural
forms where a count is printed, every key the code uses present, .mo files that say what the .po
files say; help and messages follow --lang / BANNERGEN_LANG."""

from __future__ import annotations

import gettext
import io
import re
import shutil
import string
import subprocess
from pathlib import Path

import pytest
from conftest import invoke_cli

from bannergen import i18n
from bannergen.i18n import Msg, current_language, message, msgfmt

SRC = Path(__file__).resolve().parents[1] / "src" / "bannergen"


def _catalogue(lang: str) -> dict[str, msgfmt.Entry]:
    path = i18n.catalogue_path(lang)
    entries = msgfmt.parse_po(path.read_text(encoding="utf-8"), str(path))
    return {entry.msgid: entry for entry in entries if entry.msgid}


VI, EN = _catalogue("vi"), _catalogue("en")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogues_hold_the_same_messages() -> None:
    assert len(VI) > 200
    assert sorted(VI) == sorted(EN)


@pytest.mark.parametrize("key", sorted(VI))
def test_every_message_has_both_languages_and_the_same_placeholders(key: str) -> None:
    vi, en = VI[key], EN[key]
    forms = vi.msgstr + en.msgstr
    assert all(form.strip() for form in forms), key
    assert "fuzzy" not in vi.flags | en.flags
    assert all(_fields(form) == _fields(vi.msgstr[0]) for form in forms), key
    # A count is printed through plural forms (ngettext); a message with plural forms has one.
    plural = "count" in _fields(vi.msgstr[0])
    assert vi.plural == en.plural == plural, key
    assert len(vi.msgstr) == 1 and len(en.msgstr) == (2 if plural else 1), key


def test_plural_rules_in_the_headers() -> None:
    for lang, rule in (("vi", "nplurals=1; plural=0;"), ("en", "nplurals=2; plural=(n != 1);")):
        path = i18n.catalogue_path(lang)
        fields = msgfmt.header(msgfmt.parse_po(path.read_text(encoding="utf-8")))
        assert fields["Plural-Forms"] == rule and fields["Language"] == lang
        assert fields["Content-Type"] == "text/plain; charset=UTF-8"


def test_plural_forms_in_use() -> None:
    assert message("n_rows", "en", count=1) == "1 row"
    assert message("n_rows", "en", count=0) == "0 rows"
    assert message("n_sheets", "en", count=2, paper="A3") == "2 A3 sheets"
    assert message("n_sheets", "vi", count=1, paper="A4") == "1 tờ A4"
    assert message("check_ok", "en", slogans=Msg("n_slogans", count=1),
                   templates=Msg("n_templates", count=2), fonts=Msg("n_fonts", count=1)) \
        == "No problems: 1 slogan, 2 templates, 1 font."
    with pytest.raises(KeyError):
        message("no_such_message", "en")


# Calls whose first argument is a message key: errors, CLI output, deferred parts, help texts.
KEY_USE = re.compile(r'\b(?:UserError|BannergenError|Interrupted|_say|report|warn|detail|Msg|'
                     r'message|fail)\(\s*"([^"]+)"')
# In cli.py, help texts and metavars are keys too (models' help= are schema descriptions).
CLI_HELP = re.compile(r'\b(?:help|metavar)="([^"]+)"')


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
    missing = [(name, key) for name, key in uses if key not in VI]
    assert missing == []


def _same_translations(a: gettext.GNUTranslations, b: gettext.GNUTranslations) -> None:
    for key in VI:
        for n in (0, 1, 2, 5):
            assert a.ngettext(key, key, n) == b.ngettext(key, key, n)
        assert a.gettext(key) == b.gettext(key)


@pytest.mark.smoke
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_compiled_catalogue_reads_like_the_po(lang: str) -> None:
    """The pure-Python compiler against the stdlib reader: every form of every message."""
    source = i18n.catalogue_path(lang).read_text(encoding="utf-8")
    compiled = gettext.GNUTranslations(io.BytesIO(msgfmt.compile_po(source)))
    entries = VI if lang == "vi" else EN
    for key, entry in entries.items():
        if entry.plural:
            assert [compiled.ngettext(key, key, n) for n in (1, 2)] == \
                [entry.msgstr[0], entry.msgstr[-1]]
        else:
            assert compiled.gettext(key) == entry.msgstr[0]
    assert msgfmt.compile_po(source) == msgfmt.compile_po(source)  # deterministic bytes


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_gnu_msgfmt_agrees(lang: str, tmp_path: Path) -> None:
    """GNU msgfmt --check accepts the catalogue and reads it the same way as ours."""
    po, mo = i18n.catalogue_path(lang), tmp_path / "gnu.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)
    with mo.open("rb") as handle:
        gnu = gettext.GNUTranslations(handle)
    ours = gettext.GNUTranslations(io.BytesIO(msgfmt.compile_po(po.read_text(encoding="utf-8"))))
    _same_translations(gnu, ours)


def test_a_changed_po_is_compiled_again(tmp_path: Path, monkeypatch) -> None:
    """A source checkout: the .mo beside the .po is rebuilt when the .po changes, whatever the
    file dates say; an unwritable folder still gets the new text (compiled in memory)."""
    locale = tmp_path / "locale"
    shutil.copytree(i18n.LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    i18n.translations.cache_clear()
    try:
        assert message("wrote", "en", path="x") == "Wrote x"
        mo = locale / "en" / "LC_MESSAGES" / "bannergen.mo"
        assert mo.is_file()
        po = mo.with_suffix(".po")
        po.write_text(po.read_text(encoding="utf-8").replace('"Wrote {path}"', '"Saved {path}"'),
                      encoding="utf-8")
        i18n.translations.cache_clear()
        assert message("wrote", "en", path="x") == "Saved x"
        before = mo.read_bytes()
        i18n.translations.cache_clear()
        assert message("wrote", "en", path="x") == "Saved x" and mo.read_bytes() == before
    finally:
        i18n.translations.cache_clear()


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
    vi = invoke_cli("--help", env={"BANNERGEN_LANG": ""})
    assert vi.returncode == 0
    assert "Liệt kê các khẩu hiệu đã được phê duyệt" in vi.stdout and "Tùy chọn" in vi.stdout
    en = invoke_cli("--help", "--lang", "en")
    assert en.returncode == 0
    assert "List the approved slogans" in en.stdout and "Liệt kê" not in en.stdout
    render_en = invoke_cli("render", "--help", env={"BANNERGEN_LANG": "en"})
    assert "Lay out slogans" in render_en.stdout and "Show this message and exit" in render_en.stdout
    render_vi = invoke_cli("render", "--help", env={"BANNERGEN_LANG": "vi"})
    assert "Kích thước, vd. 500x80cm" in render_vi.stdout and "Hiện trợ giúp này" in render_vi.stdout
    assert "help_" not in render_vi.stdout + render_en.stdout + vi.stdout  # no raw keys leak


def test_no_arguments_shows_help() -> None:
    result = invoke_cli(env={"BANNERGEN_LANG": "vi"})
    assert result.returncode == 2 and "render" in result.stdout and "Traceback" not in result.stderr


ENGLISH_IN_HELP = re.compile(r"Usage|Options|Arguments|Commands|default|required|Show this|"
                             r"<\w+>|\[OPTIONS\]|COMMAND|ARGS|TEXT|PATH|FILE|help_|mv_")


def _commands() -> list[str]:
    """Every command line that has a help page: `render`, `catalog`, `catalog new`, …"""
    from typer.main import get_command

    from bannergen.cli import app

    def walk(group, prefix: str) -> list[str]:
        found = []
        for name, command in sorted(group.commands.items()):
            found.append(f"{prefix}{name}")
            if hasattr(command, "commands"):
                found += walk(command, f"{prefix}{name} ")
        return found

    return walk(get_command(app), "")


@pytest.mark.smoke
@pytest.mark.parametrize("command", ["", *_commands()])
def test_vietnamese_help_has_no_english(command: str) -> None:
    args = [*command.split(), "--help"]
    result = invoke_cli(*args, env={"BANNERGEN_LANG": "vi"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Cách dùng: bannergen {command}".rstrip())
    assert ENGLISH_IN_HELP.findall(result.stdout) == [], result.stdout
    english = invoke_cli(*args, "--lang", "en")
    assert english.stdout.startswith("Usage: bannergen") and "Options:" in english.stdout
    assert "mv_" not in english.stdout and "help_" not in english.stdout


def test_help_lists_the_global_options_under_each_command() -> None:
    result = invoke_cli("batch", "--help", "--lang", "en")
    assert "Global options" in result.stdout and "--catalog FILE" in result.stdout
    assert "-o, --output FOLDER" in result.stdout
    tile = invoke_cli("tile", "--help", "--lang", "en")
    assert "--paper A4|A3" in tile.stdout and "[default: A4]" in tile.stdout
    proof = invoke_cli("proof", "--help", "--lang", "vi")
    assert "ĐƠN  Tệp đơn đặt in (YAML).  [bắt buộc]" in proof.stdout


def test_every_command_formats_its_own_help() -> None:
    """A command added with a plain @app.command() still gets the localised help class."""
    from typer.main import get_command

    from bannergen.cli import _Command, _SubGroup, app

    root = get_command(app)
    for name in _commands():
        command = root
        for part in name.split():
            command = command.commands[part]
        assert isinstance(command, (_Command, _SubGroup)), name


def test_the_reader_and_the_compiler_name_the_source_hash_alike() -> None:
    assert i18n._SOURCE_HASH == msgfmt.SOURCE_HASH_FIELD.lower()
