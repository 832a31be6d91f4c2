"""The sound server beside us (PulseAudio, or PipeWire's pulse server): other apps' streams
lowered while a phrase plays and put back after, through pulsectl, on a thread of its own.

What was lowered is written to a small state file before it is lowered, and the file goes
once it is put back: a coach that crashed mid-phrase leaves the file, and the next start
(:meth:`SoundServer.start`) puts those streams back. A stream whose volume someone changed
since is left as it is. Our own streams (this process's) are never touched.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cadence_coach.output_files import replacing

log = logging.getLogger(__name__)

DUCK_TO = 0.3
"""Other apps' volume while a phrase plays, as a fraction of their own."""
SAME = 0.01
"""Volumes this close (as fractions of full) are the same: ours, not changed since."""


@dataclass(frozen=True, slots=True)
class Lowered:
    """A stream we lowered: which one, its volume before and what we set."""

    index: int
    pid: str | None
    name: str
    before: tuple[float, ...]
    set_to: tuple[float, ...]

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "pid": self.pid, "name": self.name,
                "before": list(self.before), "set_to": list(self.set_to)}  # fmt: skip

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Lowered:
        before = tuple(map(float, data["before"]))
        set_to = tuple(map(float, data["set_to"]))
        return cls(int(data["index"]), data.get("pid"), str(data.get("name", "")), before, set_to)


def read_state(path: Path) -> list[Lowered]:
    """The streams a coach lowered and did not put back; a damaged file is none."""
    try:
        return [Lowered.from_json(item) for item in json.loads(path.read_text())]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, TypeError, KeyError) as err:
        log.warning("ignoring a damaged ducking state %s: %s", path, err)
        return []


def write_state(path: Path, lowered: list[Lowered]) -> None:
    """Write (atomically) what is lowered now; nothing lowered: no file."""
    if not lowered:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path, "w") as f:  # whole or not at all
        json.dump([item.to_json() for item in lowered], f)


class SoundServer:
    """Ducks other apps' streams on request, from a thread that owns the connection (the
    session's tick never waits on the server)."""

    def __init__(self, state_path: Path, *, duck_to: float = DUCK_TO) -> None:
        self.state_path = state_path
        self.duck_to = duck_to
        self._pulse: Any = None
        self._jobs: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lowered: list[Lowered] = []
        """Times other apps were lowered."""

    def start(self) -> bool:
        """Connect (never starting a server), put back what a crashed coach left lowered,
        and start the thread. ``False`` when no sound server answers: nothing to duck."""
        try:
            import pulsectl

            pulse = pulsectl.Pulse("cadence-coach", connect=False)
            pulse.connect(autospawn=False, timeout=2.0)
        except Exception as err:  # no server, no libpulse: there is nothing to duck
            log.info("no sound server to duck other apps through: %s", err)
            return False
        self._pulse = pulse
        self._put_back(read_state(self.state_path))
        write_state(self.state_path, [])
        self._thread = threading.Thread(target=self._run, name="sound-server", daemon=True)
        self._thread.start()
        return True

    def duck(self) -> None:
        """Lower the other apps (soon, on the server's thread)."""
        self._jobs.put("duck")

    def restore(self) -> None:
        """Put them back."""
        self._jobs.put("restore")

    def close(self) -> None:
        """Put everything back and disconnect."""
        if self._thread is None:
            return
        self._jobs.put("close")
        self._thread.join(5)
        self._thread = None

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job == "duck":
                    self._duck()
                else:
                    self._put_back(self._lowered)
                    self._lowered = []
                    write_state(self.state_path, [])
            except Exception as err:  # a server gone away must not take the session along
                log.info("sound server: %s: %s", job, err)
            if job == "close":
                with contextlib.suppress(Exception):
                    self._pulse.close()
                return

    def _duck(self) -> None:
        import pulsectl

        mine = str(os.getpid())
        done = {item.index for item in self._lowered}
        new = []
        for stream in self._pulse.sink_input_list():
            pid = stream.proplist.get("application.process.id")
            if pid == mine or stream.index in done:
                continue
            before = tuple(stream.volume.values)
            lowered = tuple(v * self.duck_to for v in before)
            name = stream.proplist.get("application.name", stream.name)
            new.append((stream, Lowered(stream.index, pid, name, before, lowered)))
        if not new:
            return
        self._lowered += [item for _, item in new]
        write_state(self.state_path, self._lowered)  # before lowering: a crash leaves it
        for stream, item in new:
            self._pulse.volume_set(stream, pulsectl.PulseVolumeInfo(list(item.set_to)))

    def _put_back(self, lowered: list[Lowered]) -> None:
        import pulsectl

        if not lowered:
            return
        streams = {s.index: s for s in self._pulse.sink_input_list()}
        for item in lowered:
            stream = streams.get(item.index)
            if stream is None or stream.proplist.get("application.process.id") != item.pid:
                continue  # gone, or another stream has its number now
            now = tuple(stream.volume.values)
            if len(now) != len(item.set_to) or any(
                abs(a - b) > SAME for a, b in zip(now, item.set_to, strict=True)
            ):
                continue  # changed since: the runner's volume, not ours
            self._pulse.volume_set(stream, pulsectl.PulseVolumeInfo(list(item.before)))


@contextlib.contextmanager
def sound_server(state_path: Path) -> Iterator[SoundServer | None]:
    """A started :class:`SoundServer` for the block, everything put back after; ``None``
    when no server answers."""
    server = SoundServer(state_path)
    if not server.start():
        yield None
        return
    try:
        yield server
    finally:
        server.close()
