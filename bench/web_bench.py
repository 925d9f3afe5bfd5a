"""The local web page's speed: `python bench/web_bench.py [--runs N]` starts a real `bannergen web`
server on 127.0.0.1 and prints the median answer of each page and the time until the preview of a
5 m banner is on screen (docs/web.md quotes the figures)."""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT / "src"), "BANNERGEN_LANG": "en"}


def median(values) -> float:
    return statistics.median(values)


WEB_PAGES = ("/", "/banner?slogan=9", "/order", "/letter", "/settings")


def bench_web(runs: int, work: Path) -> dict:
    """`bannergen web` as the browser meets it: a real server process on 127.0.0.1, its pages
    (median answer per page, in ms; the order with four lines) and the preview of a 500x80 cm
    banner (the page that checks the form and renders the preview, then the image; median, s)."""
    import http.client
    import re
    import signal

    process = subprocess.Popen([sys.executable, "-m", "bannergen", "web", "--no-browser"],
                               env={**env(), "XDG_CONFIG_HOME": str(work / "config")}, cwd=work,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/\?token=(\S+)", process.stdout.readline())
        if not found:
            raise RuntimeError("bannergen web printed no address")
        port, token = int(found.group(1)), found.group(2)
        cookie = f"bannergen_token_{port}={token}"

        def get(path: str) -> tuple[float, bytes]:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            start = time.perf_counter()
            connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}",
                                                     "Cookie": cookie})
            response = connection.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - start
            connection.close()
            if response.status != 200:
                raise RuntimeError(f"GET {path}: {response.status}")
            return elapsed, body

        for slogan in (1, 9, 11, 10):  # an order of four lines, as the order page shows it
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            form = f"csrf={token}&slogan={slogan}&template=bang-ron&quantity=2&formats=pdf"
            connection.request("POST", "/order/lines", body=form.encode(), headers={
                "Host": f"127.0.0.1:{port}", "Cookie": cookie, "Origin": f"http://127.0.0.1:{port}",
                "Content-Type": "application/x-www-form-urlencoded"})
            if connection.getresponse().status != 303:
                raise RuntimeError("could not add an order line")
            connection.close()
        pages = {path: median(get(path)[0] for _ in range(max(runs, 5))) for path in WEB_PAGES}
        previews = []
        for slogan in (1, 3, 6, 9, 11)[:max(runs, 3)]:
            elapsed, body = get(f"/banner?slogan={slogan}&template=bang-ron&size=500x80cm"
                                "&do=preview")
            image = re.search(rb'<img id="preview" src="([^"]+)"', body)
            if not image:
                raise RuntimeError("no preview on the page")
            previews.append(elapsed + get(image.group(1).decode())[0])
        return {"pages": pages, "preview": median(previews)}
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def web_rows(web: dict) -> list[tuple[str, str]]:
    pages = ", ".join(f"`{path.split('?')[0]}` {seconds * 1000:.0f}"
                      for path, seconds in web["pages"].items())
    return [("`bannergen web`: each page's answer, ms (median)", pages),
            ("`bannergen web`: preview of a 500x80 cm banner (page + image)",
             f"{web['preview']:.2f} s")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name, value in web_rows(bench_web(max(1, args.runs), Path(tmp))):
            print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
