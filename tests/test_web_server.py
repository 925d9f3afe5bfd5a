"""`bannergen web` as a process: the address it prints, loopback only, Ctrl-C and SIGTERM stop it
cleanly (one line, exit 0, no temporary files left), a busy or impossible port is exit 2."""

from __future__ import annotations

import http.client
import signal
import socket
import sys

import pytest
from web_server import start


def get(server, path: str, cookie: str | None = None, host: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    headers = {"Host": host or f"127.0.0.1:{server.port}"}
    if cookie:
        headers["Cookie"] = cookie
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read().decode("utf-8")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serves_then_stops_cleanly(tmp_path, sig):
    server = start(tmp_path)
    try:
        assert server.lines[0] == f"bannergen web đang chạy tại {server.url}"
        status, headers, _ = get(server, f"/?token={server.token}")
        assert status == 303 and headers["location"] == "/"
        cookie = headers["set-cookie"].split(";")[0]
        status, _, body = get(server, "/", cookie)
        assert status == 200 and '<html lang="vi">' in body and "Danh mục khẩu hiệu" in body
        status, _, _ = get(server, "/banner?slogan=9&do=preview", cookie)
        assert status == 200
        assert get(server, "/", cookie, host=f"attacker.example:{server.port}")[0] == 403
        assert list((tmp_path / "tmp").glob("bannergen-web-*"))  # its working files, meanwhile
    finally:
        code, out, err = server.stop(sig)
    # As every command: the shell's code for the signal (130, 143) and one line saying so.
    assert code == 128 + sig, err
    assert out.strip().splitlines() == [f"bannergen web đang chạy tại {server.url}",
                                        "Mở địa chỉ này trong trình duyệt; nhấn Ctrl-C để dừng."]
    from bannergen.errors import Interrupted

    assert err.strip() == Interrupted(sig).render("vi")  # what every command says
    assert err.strip().startswith("Đã dừng")
    assert list((tmp_path / "tmp").iterdir()) == []  # temporary files removed on exit


def test_listens_on_loopback_only(tmp_path):
    server = start(tmp_path, "--lang", "en")
    try:
        assert server.lines[0].startswith("bannergen web is running at http://127.0.0.1:")
        # The port is taken on 127.0.0.1 only: on another address (Linux routes all of
        # 127/8 to this machine) the same port is free, which it is not for a server on 0.0.0.0.
        if sys.platform.startswith("linux"):
            probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                probe.bind(("127.0.0.2", server.port))
            finally:
                probe.close()
    finally:
        server.stop()


def test_chosen_port_and_a_busy_one(tmp_path):
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    holder.listen(1)
    busy = holder.getsockname()[1]
    try:
        from conftest import run_cli

        result = run_cli("web", "--no-browser", "--port", str(busy), "--lang", "vi", cwd=tmp_path,
                         timeout=30)
        assert result.returncode == 2
        assert result.stderr.strip().startswith(f"Cổng {busy} đang được dùng")
        assert len(result.stderr.strip().splitlines()) == 1
        result = run_cli("web", "--no-browser", "--port", "70000", cwd=tmp_path, timeout=30)
        assert result.returncode == 2 and "70000" in result.stderr and "65535" in result.stderr
    finally:
        holder.close()
    free = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    server = start(tmp_path, "--port", str(port))
    try:
        assert server.port == port
    finally:
        assert server.stop()[0] == 130


def test_opens_the_browser_unless_told_not_to(tmp_path):
    # Python's webbrowser runs $BROWSER with the address: here, a command that notes it.
    import subprocess

    from web_server import URL, environment

    opened = tmp_path / "opened.txt"
    note = f"{sys.executable} -c \"import sys; open({str(opened)!r}, 'w').write(sys.argv[1])\" %s"
    process = subprocess.Popen([sys.executable, "-m", "bannergen", "web"], cwd=tmp_path,
                               env={**environment(tmp_path), "BROWSER": note},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        found = URL.search(process.stdout.readline())
        assert found
        for _ in range(100):
            if opened.exists() and opened.read_text():
                break
            import time

            time.sleep(0.1)
        assert opened.read_text() == found.group(1)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=20)
