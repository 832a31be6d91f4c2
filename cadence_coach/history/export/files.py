"""Opening an export for writing: an unwritable path is one line naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from cadence_coach.errors import OutputFileError


def open_text(path: Path) -> IO[str]:
    try:
        return path.open("w", newline="", encoding="utf-8")
    except OSError as err:
        raise cannot_write(path, err) from None


def cannot_write(path: Path, err: OSError) -> OutputFileError:
    return OutputFileError(f"cannot write {path}: {err.strerror or err}", str(path))
