"""Outputs for the mixer: a live PortAudio stream (sounddevice) or a WAV file rendered offline.

The shell around the pure mixer: it imports sounddevice lazily, turns PortAudio's failures
into one-line errors, and watches the stream so a dead device never hangs the program.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from cadence_coach.audio import DEFAULT_BLOCKSIZE, DEFAULT_LATENCY_S
from cadence_coach.audio.mixer import Mixer
from cadence_coach.audio.pcm import wav_writer
from cadence_coach.errors import AudioDeviceError, AudioUnavailable

NO_DEVICE_HINT = "use --out FILE.wav to render to a file instead"
STALL_TIMEOUT_S = 5.0
"""A stream whose callback has not run for this long is declared dead."""


@dataclass(frozen=True, slots=True)
class OutputDevice:
    """An audio output device as PortAudio lists it."""

    index: int
    name: str
    hostapi: str
    channels: int
    default_samplerate: int
    is_default: bool


@dataclass(frozen=True, slots=True)
class PlaybackResult:
    """What happened during playback, reported after the stream has closed."""

    frames: int
    underflows: int
    interrupted: bool


def import_sounddevice() -> ModuleType:
    """Import sounddevice, turning a missing PortAudio library into :class:`AudioUnavailable`."""
    try:
        import sounddevice
    except OSError:
        raise AudioUnavailable(
            "PortAudio is not installed (Debian: apt-get install libportaudio2); " + NO_DEVICE_HINT
        ) from None
    module: ModuleType = sounddevice
    return module


def output_devices() -> list[OutputDevice]:
    """List the output devices PortAudio sees; the system default is marked."""
    sd = import_sounddevice()
    try:
        devices = sd.query_devices()
        default_out = sd.default.device[1]
        hostapis = sd.query_hostapis()
    except sd.PortAudioError as err:
        raise AudioUnavailable(f"PortAudio cannot list devices ({err}); {NO_DEVICE_HINT}") from None
    outputs = [d for d in devices if d["max_output_channels"] > 0]
    if outputs and (default_out is None or default_out < 0):
        default_out = outputs[0]["index"]
    return [
        OutputDevice(
            index=d["index"],
            name=d["name"],
            hostapi=hostapis[d["hostapi"]]["name"],
            channels=d["max_output_channels"],
            default_samplerate=int(d["default_samplerate"]),
            is_default=d["index"] == default_out,
        )
        for d in outputs
    ]


def resolve_device(spec: str | int | None) -> OutputDevice:
    """Find the output device named by ``spec`` among those PortAudio lists."""
    return match_device(output_devices(), spec)


def match_device(devices: list[OutputDevice], spec: str | int | None) -> OutputDevice:
    """Pick the device named by ``spec``: an index, an exact or a unique partial name.

    ``None`` picks the default. Raises :class:`AudioUnavailable` when there is none at all
    and :class:`AudioDeviceError` when ``spec`` matches none or several.
    """
    if not devices:
        raise AudioUnavailable(f"no audio output device found; {NO_DEVICE_HINT}")
    names = ", ".join(f"{d.index}: {d.name}" for d in devices)
    if spec is None:
        return next(d for d in devices if d.is_default)
    text = str(spec).strip()
    if text.isdigit():
        for d in devices:
            if d.index == int(text):
                return d
        raise AudioDeviceError(f"no output device has index {text}; available: {names}", spec)
    exact = [d for d in devices if d.name.lower() == text.lower()]
    if exact:
        return exact[0]
    partial = [d for d in devices if text.lower() in d.name.lower()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        matches = ", ".join(d.name for d in partial)
        raise AudioDeviceError(f"output device {text!r} is ambiguous: {matches}", spec)
    raise AudioDeviceError(f"no output device matches {text!r}; available: {names}", spec)


def play(
    mixer: Mixer,
    device: OutputDevice,
    *,
    channels: int = 2,
    blocksize: int = DEFAULT_BLOCKSIZE,
    latency_s: float = DEFAULT_LATENCY_S,
    duration_frames: int | None = None,
    stop: threading.Event | None = None,
    on_tick: Callable[[Mixer], None] | None = None,
    tick_s: float = 0.25,
) -> PlaybackResult:
    """Play the mixer on ``device`` until ``duration_frames``, ``stop`` is set or Ctrl-C.

    ``on_tick`` runs on the calling thread every ``tick_s`` (the session uses it to feed the
    mixer: a cue waits at most this long, plus one block, to start). Ctrl-C aborts the
    stream at once and returns with ``interrupted``; underflows are counted in the callback
    and reported in the result.
    """
    sd = import_sounddevice()
    finished = threading.Event()
    state = {"underflows": 0, "calls": 0}
    channels = max(1, min(channels, device.channels))

    def callback(outdata: Any, frames: int, _time: Any, status: Any) -> None:
        if status.output_underflow:
            state["underflows"] += 1
        state["calls"] += 1
        if duration_frames is None:
            mixer.render(outdata)
            return
        left = duration_frames - mixer.frames
        if left >= frames:
            mixer.render(outdata)
            return
        mixer.render(outdata[: max(left, 0)])
        outdata[max(left, 0) :].fill(0)
        raise sd.CallbackStop

    try:
        stream = sd.OutputStream(
            samplerate=mixer.fs,
            blocksize=blocksize,
            device=device.index,
            channels=channels,
            dtype="float32",
            latency=latency_s,
            callback=callback,
            finished_callback=finished.set,
        )
    except sd.PortAudioError as err:
        raise AudioDeviceError(
            f"cannot open output device {device.name!r} at {mixer.fs} Hz ({err})", device.name
        ) from None

    interrupted = False
    try:
        stream.start()
        last_calls, last_progress = -1, time.monotonic()
        while not finished.wait(tick_s):
            if stop is not None and stop.is_set():
                break
            if on_tick is not None:
                on_tick(mixer)
            now = time.monotonic()
            if state["calls"] != last_calls:
                last_calls, last_progress = state["calls"], now
            elif now - last_progress > STALL_TIMEOUT_S:
                raise AudioDeviceError(
                    f"output device {device.name!r} stopped taking audio", device.name
                )
    except KeyboardInterrupt:
        interrupted = True
    finally:
        stream.abort() if (interrupted or not finished.is_set()) else stream.stop()
        stream.close()
    return PlaybackResult(mixer.frames, state["underflows"], interrupted)


def render_wav(
    mixer: Mixer,
    path: Path,
    duration_frames: int,
    *,
    blocksize: int = 4096,
    on_block: Callable[[Mixer], None] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Render ``duration_frames`` of the mixer to a 16-bit mono WAV file, as fast as possible
    (or until ``stop`` is set, checked before each block).

    ``on_block`` runs before each block, on the virtual clock ``mixer.frames``. Returns the
    frames written.
    """
    buf = np.zeros((blocksize, 1), dtype=np.float32)
    pcm = np.zeros(blocksize, dtype="<i2")
    with wav_writer(path, mixer.fs) as out:
        written = 0
        while written < duration_frames:
            if on_block is not None:
                on_block(mixer)
            if stop is not None and stop.is_set():
                break
            n = min(blocksize, duration_frames - written)
            mixer.render(buf[:n])
            np.multiply(buf[:n, 0], 32767.0, out=buf[:n, 0])
            np.rint(buf[:n, 0], out=buf[:n, 0])
            np.copyto(pcm[:n], buf[:n, 0], casting="unsafe")
            out.writeframes(pcm[:n].tobytes())
            written += n
    return written
