"""Files the user asked for, written whole or not at all: to a temporary name beside the
final one, and renamed over it only once complete, so a full disk or a crash never leaves
half a file under the name asked for. Every failure is one line naming the file.

A path that is not a regular file (``/dev/null``, a pipe) is written in place.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from cadence_coach.errors import CoachError, OutputFileError

Kind = Callable[[str, str], CoachError]
"""The error for a file that cannot be written (``OutputFileError``, ``SoundFileError``)."""


def cannot_write(path: Path, err: OSError, kind: Kind = OutputFileError) -> CoachError:
    """The one line for a file that could not be written, and why."""
    return kind(f"cannot write {path}: {err.strerror or err}", str(path))


def check_folder(path: Path, kind: Kind = OutputFileError) -> None:
    """Refuse at once a file whose folder is missing or is not a folder."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.exists():
        raise cannot_write(path, OSError(2, f"the folder {folder} does not exist"), kind)
    if not folder.is_dir():
        raise cannot_write(path, OSError(20, f"{folder} is not a folder"), kind)
    if path.is_dir():
        raise cannot_write(path, OSError(21, "it is a folder"), kind)


def check_space(path: Path, needed_bytes: int, kind: Kind = OutputFileError) -> None:
    """Refuse before starting a file that would not fit on its disk."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if needed_bytes > free:
        message = (
            f"it needs about {needed_bytes / 1e6:,.0f} MB and the disk has "
            f"{free / 1e6:,.0f} MB free"
        )
        raise cannot_write(path, OSError(28, message), kind)


def in_place(path: Path) -> bool:
    """Whether ``path`` is written where it is (a device or a pipe, not a regular file)."""
    return path.exists() and not path.is_file()


def part_name(path: Path) -> Path:
    """The name a file is written under until it is complete."""
    return path.with_name(f".{path.name}.{os.getpid()}.part")


@contextlib.contextmanager
def replacing(path: Path, mode: str = "wb", kind: Kind = OutputFileError) -> Iterator[IO[Any]]:
    """An open file that becomes ``path`` when the block ends without an error."""
    check_folder(path, kind)
    target = path if in_place(path) else part_name(path)
    try:
        f: IO[Any] = (
            target.open(mode) if "b" in mode else target.open(mode, encoding="utf-8", newline="")
        )
    except OSError as err:
        raise cannot_write(path, err, kind) from None
    try:
        with f:
            yield f
        if target != path:
            target.replace(path)
    except OSError as err:
        _remove(target, path)
        raise cannot_write(path, err, kind) from None
    except BaseException:
        _remove(target, path)
        raise


def _remove(target: Path, path: Path) -> None:
    if target != path:
        with contextlib.suppress(OSError):
            target.unlink()
