"""Opening an export for writing: an unwritable path is one line naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import IO

from cadence_coach.errors import cannot_write


def open_text(path: Path) -> IO[str]:
    try:
        return path.open("w", newline="", encoding="utf-8")
    except OSError as err:
        raise cannot_write(path, err) from None
