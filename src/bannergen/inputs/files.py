"""Read a file the user names as a regular file only, and never more of it than the limit allows.

`stat().st_size` is 0 for /dev/zero and /dev/urandom, which never end; opening a FIFO for reading
blocks until a writer comes; a directory has no bytes to read. So: stat before opening (a device
is never opened), open without blocking and without becoming a controlling terminal, check again
on the open descriptor (the name may have changed in between), and read at most limit + 1 bytes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from bannergen.atomic import note_input
from bannergen.errors import UserError
from bannergen.i18n import Msg, os_reason

_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
               | getattr(os, "O_BINARY", 0))
_CHUNK = 1 << 20


def kind_of(mode: int) -> Msg | None:
    """Why a file of this mode is no input file (None for a regular file)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return Msg("reason_is_directory")
    if stat.S_ISFIFO(mode):
        return Msg("reason_fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Msg("reason_device")
    return Msg("reason_special")  # a socket, a door …


def read_regular(path: Path, limit: int, own: bool = False) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them, or a UserError.

    The file is an input this run's outputs must never replace, unless it is bannergen's `own`
    (a batch's manifest, read back to be rewritten)."""
    path = Path(path)
    try:
        reason = kind_of(os.stat(path).st_mode)
        if reason is not None:
            raise UserError("file_unreadable", file=path, reason=reason)
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise UserError("file_not_found", file=path) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        reason = os_reason(exc) if isinstance(exc, OSError) else Msg("reason_bad_name")
        raise UserError("file_unreadable", file=path, reason=reason) from None
    try:
        info = os.fstat(fd)
        reason = kind_of(info.st_mode)
        if reason is not None:  # swapped for something else between stat and open
            raise UserError("file_unreadable", file=path, reason=reason)
        if not own:
            note_input(info)  # an output of this run never replaces it
        if info.st_size > limit:
            raise UserError("file_too_large", file=path, size=info.st_size, limit=limit)
        chunks, total = [], 0
        while total <= limit:  # a file that grows while we read stops at limit + 1 bytes
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise UserError("file_too_large", file=path, size=total, limit=limit)
        return b"".join(chunks)
    except OSError as exc:
        raise UserError("file_unreadable", file=path, reason=os_reason(exc)) from None
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """True for a regular file (following symbolic links), without ever opening it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def decode_utf8(data: bytes, path: Path) -> str:
    """A file's bytes as UTF-8 text (a byte-order mark from Notepad dropped); another encoding
    is a clear error naming the line where the first foreign byte stands."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise UserError("file_not_utf8", file=path, line=line, position=exc.start) from None
