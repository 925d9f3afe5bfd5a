"""The user-facing error types: structured fields, rendered to one or two lines in the user's language."""

from __future__ import annotations

from pathlib import Path


class BannergenError(Exception):
    """A failure the user can read. `key` names a message in i18n.MESSAGES; `params` fill it.

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
        super().__init__(self.render("en"))

    def render(self, lang: str = "vi") -> str:
        from bannergen.i18n import format_error
        return format_error(self, lang)


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
