"""`bannergen --help` starts light: nothing that only rendering needs is imported (a real
process, since the test runner itself has imported everything)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import run_cli

# (pydantic is not here: Typer >= 0.29 itself converts paths with it.)
RENDER_ONLY = ("reportlab", "pypdfium2", "uharfbuzz", "PIL", "yaml", "fontTools", "docx", "rich")

SCRIPT = """
import json, sys
from bannergen.cli import main
try:
    main({args!r})
except SystemExit:
    pass
print(json.dumps(sorted({{name.split('.')[0] for name in sys.modules}})), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--help"], ["render", "--help", "--lang", "en"],
                                  ["catalog", "new", "--help"]])
def test_help_imports_no_render_stack(args: list[str]) -> None:
    from pathlib import Path

    import bannergen

    env_path = str(Path(bannergen.__file__).resolve().parents[1])
    result = subprocess.run([sys.executable, "-c", SCRIPT.format(args=args)], capture_output=True,
                            text=True, timeout=60, env={**_env(), "PYTHONPATH": env_path})
    assert "Usage" in result.stdout or "Cách dùng" in result.stdout, result.stderr
    loaded = set(json.loads(result.stderr.strip().splitlines()[-1]))
    assert loaded.isdisjoint(RENDER_ONLY), loaded & set(RENDER_ONLY)


def test_help_as_a_command() -> None:
    result = run_cli("--help")
    assert result.returncode == 0 and "render" in result.stdout


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


PLUGINS = """
import os, sys
from bannergen.cli import main
try:
    main(["--help"])
except SystemExit:
    pass
print(os.environ.get("PYDANTIC_DISABLE_PLUGINS"), file=sys.stderr)
"""


@pytest.mark.parametrize("given, kept", [(None, "__all__"), ("false", "false")])
def test_pydantic_plugins_are_not_looked_for_unless_the_user_says(given: str | None,
                                                                  kept: str) -> None:
    """bannergen uses none; a value the user set is theirs."""
    from pathlib import Path

    import bannergen

    env = {**_env(), "PYTHONPATH": str(Path(bannergen.__file__).resolve().parents[1])}
    env.pop("PYDANTIC_DISABLE_PLUGINS", None)
    if given is not None:
        env["PYDANTIC_DISABLE_PLUGINS"] = given
    result = subprocess.run([sys.executable, "-c", PLUGINS], capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.stderr.strip().splitlines()[-1] == kept
