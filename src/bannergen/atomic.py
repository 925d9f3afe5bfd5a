"""Write a file so that it appears under its name only when complete (temporary file, then rename)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import BinaryIO

from bannergen.errors import check_interrupted

# The temporary file beside the target: `.NAME.PID.RANDOM.part`. An interrupted run leaves only
# these behind (never a truncated file under the final name); `stale_temporaries` finds them.
_SUFFIX = ".part"

# The files this process has read as input, by (device, inode): a write never replaces one
# (`proof order.yaml -o order.yaml`, `render --logo logo.png -o logo.png`, a catalogue named as
# a tile's output) unless it is an edit of that very file (`catalog add`).
_INPUTS: set[tuple[int, int]] = set()


def note_input(info: os.stat_result) -> None:
    """Remember that the file with this status was read as input (files.read_regular calls it)."""
    _INPUTS.add((info.st_dev, info.st_ino))


@contextmanager
def atomic_output(path: Path, edit: bool = False, own: bool = False) -> Iterator[BinaryIO]:
    """A binary file that replaces `path` only if the body completes; removed otherwise.

    A symbolic link is written through (its target gets the new content, the link stays); a
    device, a FIFO or a socket under that name is refused, never replaced by a plain file
    (`-o /dev/null` would otherwise delete the system's /dev/null), and so is a file this run
    read as input, unless the write is meant to `edit` it. A file of bannergen's `own` (a
    batch's manifest) replaces whatever stands under its name, link or pipe.
    """
    path = Path(path) if own else _target(Path(path), edit)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}{_SUFFIX}")
    # os.open with 0o666 lets the umask decide the mode, as for any file the user creates
    # (mkstemp would leave a print file private, 0600).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        check_interrupted()  # stopped meanwhile: the file is not published
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _target(path: Path, edit: bool) -> Path:
    """The file a write to `path` replaces: a link's target; refused if it is not a file or is
    one of this run's inputs."""
    import stat

    from bannergen.errors import UserError

    if path.is_symlink():
        path = Path(os.path.realpath(path))
    try:
        info = path.stat()
    except OSError:
        return path  # missing, or unreadable: the write itself says why
    if not stat.S_ISREG(info.st_mode):
        raise UserError("output_not_regular", value=str(path))
    if not edit and (info.st_dev, info.st_ino) in _INPUTS:
        raise UserError("output_is_input", value=str(path))
    return path


def stale_temporaries(directory: Path, name: str) -> list[Path]:
    """Temporary files an interrupted write of `name` left in `directory`."""
    return sorted(Path(directory).glob(f".{name}.*{_SUFFIX}"))


def temporary_owner(name: str) -> int | None:
    """The process id in a temporary file's name (`.NAME.PID.RANDOM.part`), or None for any
    other name: a temporary belongs to the run that made it, and only a dead run's are tidied."""
    if not (name.startswith(".") and name.endswith(_SUFFIX)):
        return None
    parts = name[: -len(_SUFFIX)].rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return int(parts[1])


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists (one of another user's counts as alive)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process nobody has reaped yet (a container whose init does not reap orphans)
    still answers kill(pid, 0), but it will never finish its file: it is dead for us."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False  # no /proc (not Linux): trust kill()
    # proc(5): "pid (comm) state …"; comm may hold spaces and parentheses, so split at the last ')'
    return stat.rpartition(")")[2].split()[:1] == ["Z"]


def write_atomic(path: Path, data: bytes, edit: bool = False, own: bool = False) -> None:
    """Write `data` so that `path` appears only when complete; an OS failure is a user error."""
    from bannergen.errors import UserError
    from bannergen.i18n import os_reason

    try:
        with atomic_output(path, edit, own) as handle:
            handle.write(data)
    except OSError as exc:
        raise UserError("output_not_writable", value=str(path), reason=os_reason(exc)) from None
