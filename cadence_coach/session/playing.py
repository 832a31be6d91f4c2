"""One session plays at a time: a second one started while the first is on the headphones
is refused, with a line naming the first. A lock file in the runtime folder, held by the
playing process (the kernel lets go of it when the process ends, however it ends)."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from cadence_coach.errors import CoachError

LOCK_NAME = "playing.lock"


class AlreadyPlaying(CoachError):
    """Another session is playing live."""


def lock_path() -> Path:
    """Where the lock lives: the user's runtime folder, else a per-user temporary one."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    base = Path(runtime) if runtime and Path(runtime).is_dir() else Path(tempfile.gettempdir())
    return base / f"cadence-coach-{os.getuid()}" / LOCK_NAME


@contextlib.contextmanager
def playing(what: str, path: Path | None = None) -> Iterator[None]:
    """Hold the right to play for the block; :class:`AlreadyPlaying` if another has it."""
    try:
        import fcntl
    except ImportError:  # no advisory locks on this platform: nothing to guard with
        yield
        return
    path = path or lock_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.seek(0)
            holder = f.read().strip() or "another cadence-coach"
            raise AlreadyPlaying(
                f"a session is already playing: {holder}; stop it first (Ctrl-C where it runs)"
            ) from None
        f.seek(0)
        f.truncate()
        f.write(f"{what}, since {time.strftime('%H:%M')} (process {os.getpid()})")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()
            fcntl.flock(f, fcntl.LOCK_UN)
