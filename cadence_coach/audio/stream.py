"""Live playback: the mixer inside a PortAudio callback (sounddevice), watched so a dead
device never hangs the program and Ctrl-C ends it cleanly."""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from cadence_coach.audio import DEFAULT_BLOCKSIZE, DEFAULT_LATENCY_S
from cadence_coach.audio.devices import OutputDevice, import_sounddevice
from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.pcm import FloatArray
from cadence_coach.audio.voices import load_voice
from cadence_coach.errors import AudioDeviceError

log = logging.getLogger(__name__)

STALL_TIMEOUT_S = 5.0
"""A stream whose callback has not run for this long is declared dead."""
LIVE_LEAD_IN_S = 0.2
"""Silence before the first live beat: an output stream can drop its first few
milliseconds while it starts, which would clip the first click."""


@dataclass(frozen=True, slots=True)
class PlaybackResult:
    """What happened during playback, reported after the stream has closed."""

    frames: int
    underflows: int
    interrupted: bool


class _Feed:
    """The PortAudio callback: the mixer until ``duration_frames``, status flags counted.
    Real-time safe: it only calls :meth:`Mixer.render` and counts."""

    def __init__(self, mixer: Mixer, duration_frames: int | None, stop_exception: Any) -> None:
        self.mixer = mixer
        self.duration_frames = duration_frames
        self.stop_exception = stop_exception
        self.underflows = 0
        self.calls = 0

    def __call__(self, outdata: Any, frames: int, _time: Any, status: Any) -> None:
        if status.output_underflow:
            self.underflows += 1
        self.calls += 1
        if self.duration_frames is None:
            self.mixer.render(outdata)
            return
        left = self.duration_frames - self.mixer.frames
        if left >= frames:
            self.mixer.render(outdata)
            return
        self.mixer.render(outdata[: max(left, 0)])
        outdata[max(left, 0) :].fill(0)
        raise self.stop_exception


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
    quiet_open: bool = False,
) -> PlaybackResult:
    """Play the mixer on ``device`` until ``duration_frames``, ``stop`` is set or Ctrl-C.

    ``on_tick`` runs on the calling thread every ``tick_s`` (the session uses it to feed the
    mixer: a cue waits at most this long, plus one block, to start). Ctrl-C aborts the
    stream at once and returns with ``interrupted``; underflows are counted in the callback
    and reported in the result. ``quiet_open`` keeps PortAudio's own complaints off stderr
    while the stream opens (tries for a device that went away say the same thing each time).
    """
    sd = import_sounddevice()
    finished = threading.Event()
    feed = _Feed(mixer, duration_frames, sd.CallbackStop)
    try:
        with _stderr_silenced(quiet_open):
            stream = sd.OutputStream(
                samplerate=mixer.fs,
                blocksize=blocksize,
                device=device.index,
                channels=max(1, min(channels, device.channels)),
                dtype="float32",
                latency=latency_s,
                callback=feed,
                finished_callback=finished.set,
            )
    except sd.PortAudioError as err:
        raise AudioDeviceError(
            f"cannot open output device {device.name!r} at {mixer.fs} Hz ({err})", device.name
        ) from None
    interrupted = False
    try:
        stream.start()
        log.info("stream started on %s at %d Hz", device.name, mixer.fs)
        _watch(feed, device, finished, stop, on_tick, tick_s)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        stream.abort() if (interrupted or not finished.is_set()) else stream.stop()
        stream.close()
    return PlaybackResult(mixer.frames, feed.underflows, interrupted)


@contextlib.contextmanager
def _stderr_silenced(on: bool) -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the block (PortAudio and ALSA write to it
    from C)."""
    if not on:
        yield
        return
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _watch(
    feed: _Feed,
    device: OutputDevice,
    finished: threading.Event,
    stop: threading.Event | None,
    on_tick: Callable[[Mixer], None] | None,
    tick_s: float,
) -> None:
    """Tick until the stream finishes or ``stop`` is set; a stream whose callback stops
    running is a dead device, not a hang."""
    last_calls, last_progress = -1, time.monotonic()
    while not finished.wait(tick_s):
        if stop is not None and stop.is_set():
            break
        if on_tick is not None:
            on_tick(feed.mixer)
        now = time.monotonic()
        if feed.calls != last_calls:
            last_calls, last_progress = feed.calls, now
        elif now - last_progress > STALL_TIMEOUT_S:
            raise AudioDeviceError(
                f"output device {device.name!r} stopped taking audio", device.name
            )


def play_pcm(pcm: FloatArray, fs: int, device: OutputDevice, gain: float = 1.0) -> PlaybackResult:
    """Play mono PCM on ``device`` through the mixer, the clicks silent, after the lead-in."""
    silent = ClickParams(voice=load_voice("click", fs), enabled=False)
    mixer = Mixer(fs, silent, Fraction(120))  # no clicks sound; any tempo will do
    lead_in = round(LIVE_LEAD_IN_S * fs)
    mixer.play(pcm, at=lead_in, gain=gain)
    return play(mixer, device, duration_frames=lead_in + len(pcm))
