"""One writer per output folder: a lock file held for the run, with the holder's process id inside.

The lock is `flock` on `.bannergen.lock` in the folder. The kernel releases it when its holder
ends, however it ends (a crash, SIGKILL), so a lock file left by a dead run is simply taken over;
the id inside only names the running process in the message a second batch gets. The file is
removed on release while still locked, and a run that locked a file which was removed meanwhile
(its holder finishing) starts again on the new one, so two runs can never both hold it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from bannergen.errors import UserError
from bannergen.i18n import os_reason

LOCK_NAME = ".bannergen.lock"
_FLAGS = (os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
          | getattr(os, "O_CLOEXEC", 0))


class FolderLock:
    """`with FolderLock(folder, wait=…):` — the folder is ours until the block ends."""

    def __init__(self, folder: Path, *, wait: bool = False,
                 on_wait: Callable[[int | None], None] | None = None) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self.wait = wait
        self.on_wait = on_wait
        self.fd: int | None = None
        self.flock = True

    def __enter__(self) -> FolderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        try:
            import fcntl
        except ImportError:  # Windows: no flock; the process id alone tells a live holder
            self.flock = False
            self._acquire_by_pid()
            return
        while True:
            fd = self._open()
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    holder = holder_pid(fd)
                    if not self.wait:
                        raise UserError("batch_locked", value=str(self.folder),
                                        pid=holder if holder else "?") from None
                    if self.on_wait is not None:
                        self.on_wait(holder)
                    fcntl.flock(fd, fcntl.LOCK_EX)  # a signal ends the wait (Interrupted)
                if not self._still_there(fd):
                    os.close(fd)
                    continue
                _write_pid(fd)
            except BaseException:
                os.close(fd)
                raise
            self.fd = fd
            return

    def _acquire_by_pid(self) -> None:
        import time

        from bannergen.atomic import process_alive

        announced = False
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                try:
                    fd = os.open(self.path, os.O_RDONLY)
                    holder = holder_pid(fd)
                    os.close(fd)
                except OSError:
                    continue  # removed meanwhile: try again
                if holder is None or not process_alive(holder):
                    with _suppress_os_error():
                        os.unlink(self.path)  # a dead run's lock: take it over
                    continue
                if not self.wait:
                    raise UserError("batch_locked", value=str(self.folder), pid=holder) from None
                if not announced and self.on_wait is not None:
                    self.on_wait(holder)
                announced = True
                time.sleep(0.2)
                continue
            except OSError as exc:
                raise UserError("output_not_writable", value=str(self.folder),
                                reason=os_reason(exc)) from None
            _write_pid(fd)
            self.fd = fd
            return

    def release(self) -> None:
        if self.fd is None:
            return
        fd, self.fd = self.fd, None
        if not self.flock:  # an open file cannot be removed there
            os.close(fd)
        with _suppress_os_error():
            os.unlink(self.path)  # while still holding it: see the module's docstring
        if self.flock:
            os.close(fd)

    def _open(self) -> int:
        try:
            fd = os.open(self.path, _FLAGS, 0o666)
        except OSError as exc:
            # A read-only folder, or a symbolic link planted under the lock's name (O_NOFOLLOW).
            raise UserError("output_not_writable", value=str(self.folder),
                            reason=os_reason(exc)) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            from bannergen.inputs.files import kind_of

            raise UserError("file_unreadable", file=self.path,
                            reason=kind_of(os.stat(self.path, follow_symlinks=False).st_mode))
        return fd

    def _still_there(self, fd: int) -> bool:
        try:
            current = os.stat(self.path, follow_symlinks=False)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (current.st_dev, current.st_ino) == (mine.st_dev, mine.st_ino)


def holder_pid(fd: int) -> int | None:
    """The process id written in a lock file (None if it is empty or unreadable)."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, 32).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _write_pid(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, f"{os.getpid()}\n".encode())


def _suppress_os_error():
    from contextlib import suppress

    return suppress(OSError)
