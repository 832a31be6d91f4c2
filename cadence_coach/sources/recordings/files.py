"""A recording opened within its budget: a regular file (no device, pipe or directory, even
behind a link), no larger than its format allows, and never read past that size."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

from cadence_coach.sources.recordings.activity import ReplayError

MB = 1024 * 1024
MAX_BYTES = {".fit": 16 * MB, ".tcx": 64 * MB, ".gpx": 64 * MB, ".csv": 64 * MB}
"""The largest file of each kind read. A day of one-second records is about 4 MB of FIT,
30 MB of TCX, 20 MB of GPX or 6 MB of our CSV; fitdecode reads about half a megabyte a
second, hence FIT's lower limit."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


class _Bounded(io.RawIOBase):
    """A file read no further than ``limit`` bytes (it may grow, or lie about its size)."""

    def __init__(self, raw: io.FileIO, limit: int, path: Path) -> None:
        self._raw = raw
        self._left = limit
        self._path = path
        self._limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        n = self._raw.readinto(buffer)
        if n:
            self._left -= n
            if self._left < 0:
                raise ReplayError(
                    f"{self._path}: grew past {self._limit // MB} MB while being read"
                )
        return n or 0

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_recording(path: Path) -> io.BufferedReader:
    """``path`` opened for reading, once it is known to be a regular file within its
    format's size limit; a one-line :class:`ReplayError` otherwise."""
    limit = MAX_BYTES.get(path.suffix.lower(), min(MAX_BYTES.values()))
    try:
        # Non-blocking, so that opening a named pipe does not wait for a writer.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except OSError as err:
        raise ReplayError(f"{path}: cannot be read ({err.strerror or err})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ReplayError(f"{path}: {_kind(info.st_mode)}, not a recording file")
        if info.st_size > limit:
            raise ReplayError(
                f"{path}: {info.st_size / MB:.1f} MB; {path.suffix.lower() or 'such'} "
                f"recordings are read up to {limit // MB} MB"
            )
        os.set_blocking(fd, True)
        raw = io.FileIO(fd, "rb", closefd=True)
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(_Bounded(raw, limit, path))


HEADER_BYTES = 4096


def names_acceleration(f: io.BufferedReader) -> bool:
    """Whether an open CSV file's header names acceleration axes and no cadence column (a
    recording of acceleration, not one of our sessions), read without moving on."""
    line = f.peek(HEADER_BYTES)[:HEADER_BYTES].split(b"\n", 1)[0]
    header = next(csv.reader([line.decode("utf-8-sig", errors="replace")]), [])
    names = {h.strip() for h in header}
    return "cadence_spm" not in names and bool(names & {"ax", "ay", "az"})
