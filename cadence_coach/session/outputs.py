"""Where a session's audio goes, chosen by one spec: a live stream, a file, or none.

Each spec knows its clock: a stream's is the sample counter after a short lead-in, a file's
is its own sample counter, running as fast as the machine allows, and with no audio the
session runs on a virtual clock with no mixer at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cadence_coach.audio import DEFAULT_BLOCKSIZE, DEFAULT_LATENCY_S
from cadence_coach.audio.devices import OutputDevice
from cadence_coach.audio.files import WAV, Encoding

SESSION_TICK_S = 0.1
"""How often a live session hands the coach's actions to the mixer: a cue starts at most
this long, plus one block, after the coach decides (docs/benchmarks.md)."""
FILE_BLOCK = 4096
"""Frames per block of a file render: the session advances once per block."""
VIRTUAL_TICK_S = 60.0
"""With no audio, the session advances a minute of session time at a time."""


@dataclass(frozen=True, slots=True)
class Stream:
    """Play live on a PortAudio device."""

    device: OutputDevice
    blocksize: int = DEFAULT_BLOCKSIZE
    latency_s: float = DEFAULT_LATENCY_S
    tick_s: float = SESSION_TICK_S
    """How often the session hands the coach's actions to the mixer."""


@dataclass(frozen=True, slots=True)
class Power:
    """A trade of cue latency for battery: bigger buffers and rarer ticks wake the CPU
    less; beats stay sample-exact in every mode (docs/benchmarks.md has the figures)."""

    blocksize: int
    latency_s: float
    tick_s: float

    def stream(self, device: OutputDevice) -> Stream:
        return Stream(device, self.blocksize, self.latency_s, self.tick_s)


POWER = {
    "responsive": Power(1024, 0.1, 0.05),
    "balanced": Power(DEFAULT_BLOCKSIZE, DEFAULT_LATENCY_S, SESSION_TICK_S),
    "saver": Power(8192, 1.0, 0.5),
}
"""``--power``: ``balanced`` is the default."""


@dataclass(frozen=True, slots=True)
class AudioFile:
    """Render into a file, as fast as possible."""

    path: Path
    encoding: Encoding = WAV


@dataclass(frozen=True, slots=True)
class NoAudio:
    """No sound at all: the session on a virtual clock, in milliseconds per hour."""


Output = Stream | AudioFile | NoAudio
