"""The command line's one error boundary: whatever goes wrong, one or two lines and an exit code.

An unexpected exception is injected into a library function (in-process and in a real process);
the other cases are hostile surroundings a clerk's machine can present: a name too long for the
file system, a NUL in a path, a broken SOURCE_DATE_EPOCH, an ASCII-only console, Ctrl-C.
"""

from __future__ import annotations

import enum
import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import TEST_ENV, invoke_cli, run_cli


def _one_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("injected failure\nsecond line of the exception")


@pytest.mark.smoke
@pytest.mark.parametrize("lang, words", [("en", "Internal error"), ("vi", "Lỗi nội bộ")])
def test_unexpected_exception_is_one_line_exit_1(monkeypatch, lang: str, words: str) -> None:
    from bannergen.inputs import templates

    monkeypatch.setattr(templates, "load_templates", _boom)
    result = invoke_cli("templates", env={"BANNERGEN_LANG": lang})
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert words in line and "--debug" in line
    assert "RuntimeError: injected failure" in line and "second line" not in line
    assert result.stdout == ""


def test_unexpected_exception_inside_render(monkeypatch, tmp_path: Path) -> None:
    from bannergen.workflow import render

    monkeypatch.setattr(render, "compose", _boom)
    result = invoke_cli("render", "9", "--size", "100x20cm", cwd=tmp_path)
    assert result.returncode == 1 and "RuntimeError" in _one_line(result.stderr)
    assert list(tmp_path.iterdir()) == []  # nothing half written


@pytest.mark.smoke
def test_unexpected_exception_in_a_real_process(tmp_path: Path) -> None:
    """The installed entry point, not the test runner: the exit code the shell sees."""
    script = textwrap.dedent("""
        import bannergen.inputs.templates as templates
        def boom(*args, **kwargs):
            raise ZeroDivisionError("injected")
        templates.load_templates = boom
        from bannergen.cli import main
        main(["templates", "--lang", "en"])
    """)
    result = _python(script, tmp_path)
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert line.startswith("Internal error") and "ZeroDivisionError: injected" in line


def test_debug_lets_the_traceback_through(monkeypatch) -> None:
    from bannergen.inputs import templates

    monkeypatch.setattr(templates, "load_templates", _boom)
    result = invoke_cli("templates", "--debug")
    assert isinstance(result.exception, RuntimeError)


def test_a_failing_message_still_ends_cleanly(monkeypatch) -> None:
    """If even the message cannot be made, a fixed line goes out and the exit code is 1."""
    from bannergen import cli
    from bannergen.inputs import templates

    def broken_message(*args: object, **kwargs: object) -> str:
        raise KeyError("no such message")

    monkeypatch.setattr(templates, "load_templates", _boom)
    monkeypatch.setattr(cli, "_say", broken_message)
    written: list[bytes] = []
    monkeypatch.setattr(cli.os, "write", lambda fd, data: written.append(data) or len(data))
    assert invoke_cli("templates").returncode == 1
    assert written == [b"bannergen: internal error; run again with --debug\n"]


def test_keyboard_interrupt_is_exit_130_with_one_line(monkeypatch) -> None:
    from bannergen.inputs import templates

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(templates, "load_templates", interrupted)
    result = invoke_cli("templates")
    assert result.returncode == 130
    assert "Stopped (Ctrl-C)" in _one_line(result.stderr)
    vi = invoke_cli("templates", env={"BANNERGEN_LANG": "vi"})
    assert vi.returncode == 130 and "Đã dừng" in _one_line(vi.stderr)


def test_sigint_to_a_real_process(tmp_path: Path) -> None:
    """A real Ctrl-C (SIGINT) while a command works: exit 130, one line, no traceback."""
    script = textwrap.dedent("""
        import sys, time
        import bannergen.inputs.templates as templates
        def slow(*args, **kwargs):
            print("ready", file=sys.stderr, flush=True)
            time.sleep(60)
        templates.load_templates = slow
        from bannergen.cli import main
        main(["templates", "--lang", "en"])
    """)
    process = subprocess.Popen([sys.executable, "-c", script], cwd=tmp_path, env=_env(),
                               stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stderr.readline().strip() == "ready"
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Stopped (Ctrl-C)" in _one_line(stderr)


def test_os_error_with_a_path_names_it(monkeypatch, tmp_path: Path) -> None:
    """Any OSError on the way out names the path and the reason: exit 2."""
    from bannergen.workflow import render

    target = tmp_path / "b.pdf"

    def failing_write(path: Path, data: bytes) -> None:
        raise OSError(errno.EIO, "Input/output error", str(path))

    monkeypatch.setattr(render, "write_atomic", failing_write)
    result = invoke_cli("render", "9", "--size", "100x20cm", "-o", str(target))
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert str(target) in line and "Input/output error" in line


def test_os_error_without_a_path(monkeypatch) -> None:
    from bannergen.inputs import templates

    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(templates, "load_templates", no_space)
    result = invoke_cli("templates")
    assert result.returncode == 1 and "no space left on the disk" in _one_line(result.stderr)


def test_output_name_over_255_bytes(tmp_path: Path) -> None:
    name = "băng-rôn-" * 30 + ".pdf"  # 2-3 bytes per Vietnamese letter: well over 255 bytes
    result = invoke_cli("render", "9", "-o", str(tmp_path / name))
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert "--output" in line and "255" in line and "bytes" in line
    assert list(tmp_path.iterdir()) == []


def test_output_folder_name_over_255_bytes(tmp_path: Path) -> None:
    result = invoke_cli("render", "9", "4", "-o", str(tmp_path / ("x" * 256) / "out"))
    assert result.returncode == 2 and "256 bytes" in _one_line(result.stderr)


def test_nul_in_a_path(tmp_path: Path) -> None:
    result = invoke_cli("render", "9", "-o", str(tmp_path / "a\0b.pdf"))
    assert result.returncode == 2
    assert "NUL" in _one_line(result.stderr) and "a\\0b.pdf" in result.stderr
    assert invoke_cli("--catalog", "c\0.yaml", "list").returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_overlong_name_in_the_catalogue_variable() -> None:
    result = invoke_cli("list", env={"BANNERGEN_CATALOG": "c" * 300 + ".yaml"})
    assert result.returncode == 2 and "BANNERGEN_CATALOG" in _one_line(result.stderr)


@pytest.mark.parametrize("value", ["abc", "1.5e9", "99999999999999999999", "１２３"])
def test_invalid_source_date_epoch(tmp_path: Path, value: str) -> None:
    result = invoke_cli("render", "9", "--size", "100x20cm", cwd=tmp_path,
                        env={"SOURCE_DATE_EPOCH": value, "BANNERGEN_TODAY": None})
    assert result.returncode == 2
    line = _one_line(result.stderr)
    assert "SOURCE_DATE_EPOCH" in line and "seconds since 1970" in line
    assert list(tmp_path.iterdir()) == []


def test_valid_source_date_epoch_dates_the_file(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "b.pdf"
    result = invoke_cli("render", "9", "--size", "100x20cm", "--marks", "-o", str(out),
                        env={"SOURCE_DATE_EPOCH": " 1700000000 ", "BANNERGEN_TODAY": None})
    assert result.returncode == 0, result.stderr
    assert "2023-11-14" in PdfReader(out).pages[0].extract_text()  # the slug line's date


@pytest.mark.smoke
@pytest.mark.parametrize("command", ["list", "templates"])
def test_ascii_only_console(tmp_path: Path, command: str) -> None:
    """PYTHONIOENCODING=ascii: the tables still print, Vietnamese without its marks."""
    result = run_cli(command, cwd=tmp_path, env={"PYTHONIOENCODING": "ascii",
                                                 "BANNERGEN_LANG": "vi"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.isascii()
    expected = "Dang Cong san Viet Nam quang vinh" if command == "list" else "Bang ron doc"
    assert expected in " ".join(result.stdout.split())


def test_c_locale_console(tmp_path: Path) -> None:
    result = run_cli("list", cwd=tmp_path, env={"LANG": "C", "LC_ALL": "C", "BANNERGEN_LANG": "vi"})
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "quang vinh" in result.stdout


def _env() -> dict[str, str]:
    import bannergen

    env = {**os.environ, **TEST_ENV}
    env["PYTHONPATH"] = str(Path(bannergen.__file__).resolve().parents[1])
    return env


def _python(script: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, env=_env(),
                          capture_output=True, text=True, timeout=60)


class Paper(str, enum.Enum):
    A4 = "A4"
    A3 = "A3"


def test_a_choice_is_said_in_the_users_words() -> None:
    """Click's bad-choice error, for any command with a fixed set of values (an Enum option)."""
    from typer.testing import CliRunner

    from bannergen.cli import _App, _Group

    app = _App(name="bannergen", cls=_Group, add_completion=False, rich_markup_mode=None)

    @app.callback()
    def main() -> None:
        pass

    @app.command()
    def sheet(paper: Paper = Paper.A4) -> None:
        pass

    result = CliRunner().invoke(app, ["sheet", "--paper", "A44"], env={"BANNERGEN_LANG": "en"})
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "'A44' is not valid for the option --paper; choose one of: A4, A3 — did you mean 'A4'?",
        "See 'bannergen sheet --help'."]
    far = CliRunner().invoke(app, ["sheet", "--paper", "B1"], env={"BANNERGEN_LANG": "en"})
    assert far.stderr.splitlines()[0] == (
        "'B1' is not valid for the option --paper; choose one of: A4, A3.")
    vi = CliRunner().invoke(app, ["sheet", "--paper", "A5"], env={"BANNERGEN_LANG": "vi"})
    assert vi.stderr.startswith("Giá trị 'A5' không hợp lệ cho tùy chọn --paper; chọn một trong")


def test_the_callers_signal_handlers_come_back() -> None:
    """In-process runs (these tests, a program embedding bannergen) keep their own handlers."""
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    assert invoke_cli("templates").returncode == 0
    assert invoke_cli("render", "99").returncode == 2
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
