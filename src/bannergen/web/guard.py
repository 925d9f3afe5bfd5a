"""The door of the local server: its own Host only, the per-run token, same-origin writes, a body
limit. Modelled on the Jupyter server's token and Host checks (a page on another site must not
reach it, neither by DNS rebinding nor by posting a form across sites)."""

from __future__ import annotations

import html
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, quote, urlencode

from bannergen.i18n import message

SAFE_METHODS = ("GET", "HEAD")
METHODS = (*SAFE_METHODS, "POST")

# Security headers on every answer: nothing from elsewhere runs, loads or frames the page.
# (CSP 3: 'self' alone; the page has no inline script or style.)
HEADERS = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' blob: data:; "
                                 b"object-src 'none'; base-uri 'none'; form-action 'self'; "
                                 b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


def cookie_name(port: int) -> str:
    # Cookies ignore ports: two servers on one machine must not overwrite each other's token.
    return f"bannergen_token_{port}"


class Guard:
    """ASGI middleware in front of the whole app (pages, downloads, static files)."""

    def __init__(self, app, session, max_body: int) -> None:
        self.app = app
        self.session = session
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        session = self.session
        lang = session.lang
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}

        # 1. The Host is ours: a rebinding DNS name pointing at 127.0.0.1 sends its own name.
        host = headers.get("host", "")
        if host.lower() not in session.hosts:
            await _refuse(send, 403, lang, message("web_refused_host", lang, value=host[:100],
                                                    url=session.origin + "/"))
            return
        method = scope["method"]
        if method not in METHODS:
            await _refuse(send, 405, lang, message("web_refused_method", lang, value=method[:20]))
            return

        # 2. The token: once in the address the CLI printed, then in a same-site cookie.
        name = cookie_name(session.port)
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = [v for k, v in query if k == "token"]
        if given and method in SAFE_METHODS:
            if not secrets.compare_digest(given[-1].encode(), session.token.encode()):
                await _refuse(send, 403, lang, message("web_refused_token", lang))
                return
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            # One leading slash: "//host/x" would send the browser to another site.
            location = "/" + quote(scope["path"].lstrip("/\\")) + (f"?{rest}" if rest else "")
            await _redirect(send, location, name, session.token)
            return
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get("cookie", ""))
        except Exception:  # noqa: BLE001 - a malformed Cookie header is no token, whatever it raised
            cookie = SimpleCookie()
        held = cookie[name].value if name in cookie else ""
        if not secrets.compare_digest(held.encode(), session.token.encode()):
            await _refuse(send, 403, lang, message("web_refused_token", lang))
            return

        # 3. Writes come from our own pages: Origin (or, failing it, Referer) is ours. The form's
        # own token field is checked by the handler (pages.read_form).
        if method not in SAFE_METHODS:
            origin = headers.get("origin")
            if origin is None and "referer" in headers:
                parts = headers["referer"].split("/")
                origin = "/".join(parts[:3]) if len(parts) >= 3 else headers["referer"]
            if origin is not None and origin.lower() not in session.origins:
                await _refuse(send, 403, lang, message("web_refused_origin", lang,
                                                       value=origin[:100]))
                return
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.max_body:
                await _refuse(send, 413, lang, message("web_refused_size", lang,
                                                       size=int(declared), limit=self.max_body))
                return
            body = bytearray()
            more = True
            while more:
                event = await receive()
                if event["type"] == "http.disconnect":
                    return
                body += event.get("body", b"")
                more = event.get("more_body", False)
                if len(body) > self.max_body:
                    await _refuse(send, 413, lang, message("web_refused_size", lang,
                                                           size=len(body), limit=self.max_body))
                    return
            receive = _replay(bytes(body), receive)

        async def send_with_headers(event) -> None:
            if event["type"] == "http.response.start":
                event = {**event, "headers": [*event.get("headers", []), *HEADERS]}
            await send(event)

        await self.app(scope, receive, send_with_headers)


def _replay(body: bytes, receive):
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


async def _refuse(send, status: int, lang: str, text: str) -> None:
    title = html.escape(message("web_refused_title", lang))
    body = (f'<!doctype html><html lang="{lang}"><meta charset="utf-8"><title>{title}</title>'
            f"<h1>{title}</h1><p>{html.escape(text)}</p></html>").encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/html; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            (b"cache-control", b"no-store"), *HEADERS]})
    await send({"type": "http.response.body", "body": body})


async def _redirect(send, location: str, name: str, token: str) -> None:
    # SameSite=Strict: a page on another site never sends it; HttpOnly: no script reads it.
    cookie = f"{name}={token}; Path=/; HttpOnly; SameSite=Strict"
    await send({"type": "http.response.start", "status": 303,
                "headers": [(b"location", location.encode("ascii")),
                            (b"set-cookie", cookie.encode()), (b"content-length", b"0"),
                            (b"cache-control", b"no-store"), *HEADERS]})
    await send({"type": "http.response.body", "body": b""})
