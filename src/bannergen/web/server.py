"""Run the page: a socket on 127.0.0.1, uvicorn serving the app, the browser opened, and on Ctrl-C
(or SIGTERM) a clean stop that removes the session's temporary files."""

from __future__ import annotations

import signal
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bannergen.errors import UserError
from bannergen.i18n import os_reason

HOST = "127.0.0.1"  # loopback only: the page is for the person at this computer
PORT_RANGE = (1, 65535)


def listen(port: int | None) -> socket.socket:
    """A listening socket on loopback: on `port`, or on a free port the system picks."""
    if port is not None and not PORT_RANGE[0] <= port <= PORT_RANGE[1]:
        raise UserError("web_bad_port", value=port, low=PORT_RANGE[0], high=PORT_RANGE[1])
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: no second server on the same port
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
        else:  # POSIX: a port left in TIME_WAIT by the last run can be taken again at once
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port or 0))
        sock.listen(128)
    except OSError as exc:  # in use, or reserved (below 1024 without the right)
        sock.close()
        raise UserError("web_port_busy", value=port, reason=os_reason(exc)) from None
    return sock


class _Stop(Exception):
    """SIGTERM, turned into an exception so that the temporary files are removed (the default
    action would end the process on the spot)."""


def serve(*, port: int | None = None, open_browser: bool = True, lang: str = "vi",
          catalog: Path | None = None, on_ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve the page until Ctrl-C or SIGTERM. `on_ready(url)` is called with the address to open
    (it carries the per-run token) once the server accepts connections."""
    import uvicorn

    from bannergen.web.app import create_app
    from bannergen.web.session import Session

    sock = listen(port)
    session = Session(lang=lang, catalog=catalog)
    try:
        session.bind(sock.getsockname()[1])
        app = create_app(session)
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                server_header=False, date_header=False)
        server = uvicorn.Server(config)
        url = session.url("/")

        def announce() -> None:
            for _ in range(200):  # up to 10 s for uvicorn to start accepting
                if server.started or server.should_exit:
                    break
                time.sleep(0.05)
            if not server.started:
                return
            on_ready(url)
            if open_browser:
                import webbrowser

                webbrowser.open(url)

        _warm_up()
        threading.Thread(target=announce, daemon=True, name="bannergen-web-announce").start()
        # uvicorn catches SIGINT and SIGTERM, shuts down gracefully, puts the previous handlers
        # back and raises the signal again. The CLI's handlers turn it into Interrupted (one
        # line, exit 130 or 143, like any command); without them Python's SIGINT handler raises
        # KeyboardInterrupt, and SIGTERM, whose default would end the process before the
        # clean-up, becomes _Stop. Either way the session folder is removed below.
        own_term = (threading.current_thread() is threading.main_thread()
                    and signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None))
        previous = signal.signal(signal.SIGTERM, _raise_stop) if own_term else None
        try:
            server.run(sockets=[sock])
        except (KeyboardInterrupt, _Stop):
            pass
        finally:
            if own_term:
                signal.signal(signal.SIGTERM, previous)
    finally:
        sock.close()
        session.close()


def _raise_stop(signum, frame) -> None:
    raise _Stop()


def _warm_up() -> None:
    """Load fonts, templates and the word lists before the first request, so that the first
    preview is as quick as the next ones (a cold start costs ~0.3 s)."""
    try:
        from bannergen.inputs.catalog import Slogan
        from bannergen.inputs.job import Job
        from bannergen.inputs.templates import load_templates
        from bannergen.layout.compose import compose

        template = load_templates().templates[0]
        compose(Job.for_slogan(Slogan(id=1, slug="a", text="Chào mừng"), template))
    except Exception:  # a broken template shows on the page, with its message
        pass
