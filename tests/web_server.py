"""Start `bannergen web` as a user does, in its own process, and read the address it prints."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

URL = re.compile(r"(http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+))")


@dataclass
class Server:
    process: subprocess.Popen
    url: str
    base: str
    port: int
    token: str
    lines: list[str]

    def stop(self, sig: int = signal.SIGINT, timeout: float = 20) -> tuple[int, str, str]:
        """Stop it as Ctrl-C (or another signal) would: its exit code, the rest of its output."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        self.process.wait(timeout=timeout)
        # Read through the text wrappers (readline may have buffered more than one line);
        # the little it prints cannot fill a pipe.
        out, err = self.process.stdout.read(), self.process.stderr.read()
        return self.process.returncode, "\n".join(self.lines) + "\n" + out, err


def environment(home: Path, **extra: str) -> dict:
    import bannergen

    env = {**os.environ, "BANNERGEN_TODAY": "2020-06-01", "XDG_CONFIG_HOME": str(home / "config"),
           "TMPDIR": str(home / "tmp"), "BANNERGEN_LANG": "vi", **extra}
    env.pop("BANNERGEN_CATALOG", None)
    (home / "tmp").mkdir(exist_ok=True)
    here = str(Path(bannergen.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([here, *[p for p in env.get("PYTHONPATH", "").split(
        os.pathsep) if p]])
    return env


def start(home: Path, *args: str, timeout: float = 30, **env: str) -> Server:
    """`python -m bannergen web --no-browser ARGS` in `home`, once it printed its address."""
    process = subprocess.Popen([sys.executable, "-m", "bannergen", "web", "--no-browser", *args],
                               cwd=home, env=environment(home, **env), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, encoding="utf-8")
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        found = URL.search(line)
        if found:
            return Server(process, found.group(1), found.group(1).split("/?")[0],
                          int(found.group(2)), found.group(3), lines)
    process.kill()
    out, err = process.communicate()
    raise AssertionError(f"bannergen web printed no address: {lines} {out} {err}")
