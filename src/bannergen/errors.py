"""The user-facing error types: structured fields, rendered to one or two lines in the user's language."""

from __future__ import annotations

from pathlib import Path

from bannergen.i18n import message


class BannergenError(Exception):
    """A failure the user can read. `key` names a message in the i18n catalogues; `params` fill it.

    Location fields (file, line, field, value) are kept apart from the text so that every message
    names them the same way, in either language.
    """

    exit_code = 1

    def __init__(self, key: str, *, file: str | Path | None = None, line: int | None = None,
                 field: str | None = None, value: object = None, hint: str | None = None,
                 **params: object) -> None:
        self.key = key
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.value = value
        self.hint = hint
        self.params = params
        super().__init__(key)

    def render(self, lang: str = "vi") -> str:
        return format_error(self, lang)

    def __str__(self) -> str:
        # Rendered when asked, not when raised: a caller may still set the file and line (a
        # batch points a worker's error at the order line that asked for the file).
        return self.render("en")

    def __reduce__(self) -> tuple:
        # The keyword-only constructor cannot be called again from `args`: carry the fields
        # themselves, so an error crosses a process boundary whole (an ErrorList with its errors).
        return _restore, (type(self), dict(self.__dict__))


class UserError(BannergenError):
    """Bad input: usage, unknown id, invalid file, text that cannot fit, a missing glyph (exit 2)."""

    exit_code = 2


class ErrorList(UserError):
    """Several problems found in one pass (e.g. by `bannergen check`)."""

    def __init__(self, errors: list[BannergenError]) -> None:
        self.errors = errors
        super().__init__("several_problems", count=len(errors))

    def render(self, lang: str = "vi") -> str:
        return "\n".join(error.render(lang) for error in self.errors)


def _restore(cls: type[BannergenError], state: dict) -> BannergenError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("key"))
    error.__dict__.update(state)
    return error


def format_error(error: BannergenError, lang: str = "vi") -> str:
    """`file:line: field 'x': what is wrong` — the location first, so that editors can jump to it."""
    place = ""
    if error.file:
        place = error.file + (f":{error.line}" if error.line else "")
    parts = [place] if place else []
    if error.field:
        parts.append(f"{message('field', lang)} '{error.field}'")
    params = dict(error.params)
    params.setdefault("value", error.value)
    # Hints name the catalogue's listing command; one raised without it names the plain one.
    params.setdefault("command", "bannergen list")
    if "suggest" in params:
        name = params.pop("suggest")
        # the suggestion ends the sentence: "… — did you mean 'slogans'?" or a plain full stop
        params["suggestion"] = message("did_you_mean", lang, name=name) if name else "."
    text = message(error.key, lang, **params)
    # Every message reads as a sentence: it starts with a capital, after the location.
    body = ": ".join([*parts[1:], text]) if place else ": ".join([*parts, text])
    body = body[:1].upper() + body[1:]
    line = f"{place}: {body}" if place else body
    if error.hint:
        line += "\n" + error.hint
    return line


class Interrupted(BaseException):
    """SIGINT (Ctrl-C) or SIGTERM: the run stops at once, keeping what is finished.

    A BaseException, as KeyboardInterrupt is, so that no `except Exception` swallows it and every
    `finally` (and atomic_output's clean-up) runs on the way out. `kept` is the number of finished
    files a batch kept and `manifest` where it listed them; both None outside a batch.
    """

    def __init__(self, signum: int = 2, kept: int | None = None,
                 manifest: Path | None = None) -> None:  # 2: SIGINT, what Ctrl-C sends
        super().__init__(signum)
        self.signum = signum
        self.kept = kept
        self.manifest = manifest

    @property
    def exit_code(self) -> int:
        # The shell's convention for a process ended by a signal: 128 + its number (130, 143).
        return 128 + self.signum

    @property
    def signal_name(self) -> str:
        import signal

        if self.signum == signal.SIGINT:
            return "Ctrl-C"  # what the clerk pressed, rather than the signal's name
        try:
            return signal.Signals(self.signum).name
        except ValueError:
            return str(self.signum)

    def render(self, lang: str = "vi") -> str:
        """One line: which signal stopped the run and what was kept."""
        if self.kept is not None:
            return message("interrupted_batch", lang, signal=self.signal_name, kept=self.kept,
                           manifest=self.manifest)
        return message("interrupted", lang, signal=self.signal_name)


# Signals received by raise_interrupted. The exception a handler raises can be lost: CPython runs
# handlers wherever the main thread is, and some C code clears an error set meanwhile (seen:
# compile() of a module being imported). So the signal is also remembered here, and the places
# that make something final (atomic_output's rename, a batch between files, the CLI's exit)
# check it.
_received: list[int] = []


def raise_interrupted(signum: int, frame: object = None) -> None:
    """A signal handler: SIGINT and SIGTERM become Interrupted in the main thread."""
    _received.append(signum)
    raise Interrupted(signum)


def check_interrupted() -> None:
    """Raise Interrupted if a stop signal has arrived, even if its first exception was lost."""
    if _received:
        raise Interrupted(_received[0])


def acknowledge_interrupted() -> None:
    """The stop is being handled: what the clean-up writes (a manifest) may be written."""
    _received.clear()
