"""Shared fixtures: the bundled catalogue and templates, and the command line run in-process
(Typer's CliRunner) or, where only a process shows it, as a real `python -m bannergen`."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# A user-config folder that does not exist: tests see no settings but their own.
NO_USER_CONFIG = ROOT / "tests" / "no-user-config"


@pytest.fixture(autouse=True)
def _no_user_settings(monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(NO_USER_CONFIG))
    monkeypatch.delenv("APPDATA", raising=False)


@pytest.fixture(scope="session")
def catalog():
    from bannergen.inputs.catalog import load_catalog
    from bannergen.resources import default_catalog

    return load_catalog(default_catalog())


@pytest.fixture(scope="session")
def templates():
    from bannergen.inputs.templates import load_templates

    return load_templates()


# "Today" is inside the seed catalogue's campaign (2020-01-01 to 2021-06-30), as it was for the
# clerk it was made for; tests of the expiry warning set their own date. Messages in English.
TEST_ENV = {"BANNERGEN_LANG": "en", "BANNERGEN_TODAY": "2020-06-01"}


@dataclass
class CliResult:
    """What a run of the command line left: the same fields as subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str
    exception: BaseException | None = None


def invoke_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
               timeout: float | None = None) -> CliResult:
    """Run the command line in this process (Typer's CliRunner): the same entry point, the same
    global options, messages and exit codes as the installed `bannergen`, without a new Python."""
    from typer.testing import CliRunner

    from bannergen.cli import app

    full_env: dict[str, str | None] = {**TEST_ENV, "BANNERGEN_CATALOG": None, **(env or {})}
    before = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), env=full_env)
    finally:
        os.chdir(before)
    return CliResult(result.exit_code, result.stdout, result.stderr, result.exception)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `python -m bannergen` as a user would, in a separate process (exit codes of the
    interpreter, stdout encoding, signals)."""
    full_env = {**os.environ, **TEST_ENV, **(env or {})}
    full_env.pop("BANNERGEN_CATALOG", None) if "BANNERGEN_CATALOG" not in (env or {}) else None
    # The user's own settings (~/.config/bannergen/bannergen.toml) must not change what a test sees.
    if "XDG_CONFIG_HOME" not in (env or {}):
        full_env["XDG_CONFIG_HOME"] = str(NO_USER_CONFIG)
    full_env.pop("APPDATA", None)
    # The child must run the code under test, whatever its working directory (a relative
    # PYTHONPATH=src would silently fall back to another installed copy).
    import bannergen

    here = str(Path(bannergen.__file__).resolve().parents[1])
    full_env["PYTHONPATH"] = os.pathsep.join(
        [here, *[p for p in full_env.get("PYTHONPATH", "").split(os.pathsep) if p]])
    return subprocess.run([sys.executable, "-m", "bannergen", *args], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def cli():
    return invoke_cli


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- what a PDF's content streams hold --------------------------------------------------------

# PDF Reference 1.4, appendix C: a real lies within ±32,767 in PDF 1.4 (PDF/X-1a:2003 is PDF 1.4).
PDF_14_LARGEST_REAL = 32_767


def content_streams(pdf: bytes) -> list[bytes]:
    """Every content stream of the file: page contents and form XObjects."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    streams = []
    for page in reader.pages:
        streams.append(page.get_contents().get_data())
        xobjects = page["/Resources"].get("/XObject", {})
        for name in xobjects:
            obj = xobjects[name].get_object()
            if obj.get("/Subtype") == "/Form":
                streams.append(obj.get_data())
    return streams


def numbers_of(stream: bytes) -> list[float]:
    """Every number operand of a content stream, outside its strings."""
    import re

    stream = re.sub(rb"\((?:\\.|[^\\)])*\)", b"()", stream)
    return [float(t) for t in re.findall(rb"(?<![\w.#/])[-+]?(?:\d+\.?\d*|\.\d+)(?![\w.])", stream)]
