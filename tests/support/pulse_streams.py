"""Another app's stream on the private PulseAudio server of the tests, and its volume as
the server reports it."""

from __future__ import annotations

import contextlib
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

LONG_TEXT = " ".join(
    ["The runner listens to a podcast while the coach keeps the beat in the same ears."] * 14
)


def speech_file(folder: Path) -> Path:
    """A long WAV of real speech from espeak-ng: the other app's sound."""
    path = folder / "podcast.wav"
    subprocess.run(["espeak-ng", "-w", str(path), "-s", "170", LONG_TEXT], check=True)
    return path


def sink_input_volume(env: dict[str, str], app: str) -> float | None:
    """The volume (0-1, first channel) of ``app``'s stream, as the server reports it."""
    listed = subprocess.run(
        ["pactl", "list", "sink-inputs"], env=env, capture_output=True, text=True, check=False
    ).stdout
    for block in listed.split("Sink Input #")[1:]:
        if f'application.name = "{app}"' not in block:
            continue
        for line in block.splitlines():
            line = line.strip()
            if line.startswith("Volume:"):
                percent = line.split("/")[1].strip().rstrip("%")
                return float(percent) / 100
    return None


@dataclass
class VolumeLog:
    """The other stream's volume, read from the server every 50 ms."""

    samples: list[tuple[float, float]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def lowered_spans(self, below: float = 0.9) -> list[tuple[float, float]]:
        """Stretches (start, end, in seconds of the log) where the volume was lowered."""
        spans: list[tuple[float, float]] = []
        start: float | None = None
        for t, v in self.samples:
            if v < below and start is None:
                start = t
            elif v >= below and start is not None:
                spans.append((start, t))
                start = None
        if start is not None:
            spans.append((start, self.samples[-1][0]))
        return spans


@contextlib.contextmanager
def playing_other_app(env: dict[str, str], sound: Path) -> Iterator[VolumeLog]:
    """``paplay`` plays ``sound`` as another app would; its volume is logged."""
    log = VolumeLog()
    proc = subprocess.Popen(["paplay", "--client-name=podcast", str(sound)], env=env)

    def watch() -> None:
        t0 = time.monotonic()
        while not log.stop.is_set():
            volume = sink_input_volume(env, "podcast")
            if volume is not None:
                log.samples.append((time.monotonic() - t0, volume))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        deadline = time.monotonic() + 10
        while not log.samples and time.monotonic() < deadline:
            time.sleep(0.05)
        yield log
    finally:
        log.stop.set()
        watcher.join(5)
        proc.kill()
        proc.wait()
