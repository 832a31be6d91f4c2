"""The click track alone (``cadence-coach metronome``), and the mixer every session starts
from. No coach here."""

from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from cadence_coach.audio import DEFAULT_BLOCKSIZE, DEFAULT_LATENCY_S
from cadence_coach.audio.devices import OutputDevice
from cadence_coach.audio.files import WAV, Encoding, render
from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.stream import LIVE_LEAD_IN_S, PlaybackResult, play
from cadence_coach.audio.voices import load_voice
from cadence_coach.session.settings import MetronomeSettings

DEFAULT_RENDER_S = 60.0
"""Length of a file rendered with ``--out`` when no ``--duration`` is given."""


@dataclasses.dataclass(frozen=True, slots=True)
class MetronomeResult:
    """What a metronome run did, for the closing line."""

    seconds: float
    beats: int
    """Clicks the metronome sounded (0 when it played a file)."""
    underflows: int = 0
    interrupted: bool = False


def build_mixer(settings: MetronomeSettings, lead_in_s: float = 0.0) -> Mixer:
    """Load the voice (once, at start) and set up the mixer for ``settings``."""
    voice = load_voice(settings.sound, settings.samplerate)
    params = ClickParams(voice=voice, volume=settings.volume, accent_every=settings.accent_every)
    start = round(lead_in_s * settings.samplerate)
    return Mixer(settings.samplerate, params, settings.bpm, start=start)


def render_metronome(
    settings: MetronomeSettings, path: Path, seconds: float, encoding: Encoding = WAV
) -> MetronomeResult:
    """Render the click track to a file, as fast as the machine allows."""
    mixer = build_mixer(settings)
    frames = render(mixer, path, round(seconds * settings.samplerate), encoding=encoding)
    return MetronomeResult(frames / settings.samplerate, mixer.beats)


def play_metronome(
    settings: MetronomeSettings,
    device: OutputDevice,
    seconds: float | None,
    *,
    blocksize: int = DEFAULT_BLOCKSIZE,
    latency_s: float = DEFAULT_LATENCY_S,
    stop: threading.Event | None = None,
) -> MetronomeResult:
    """Play the click track on ``device`` for ``seconds`` (``None``: until Ctrl-C)."""
    mixer = build_mixer(settings, LIVE_LEAD_IN_S)
    lead_in = mixer.next_beat
    duration = None if seconds is None else lead_in + round(seconds * settings.samplerate)
    result = play(
        mixer,
        device,
        blocksize=blocksize,
        latency_s=latency_s,
        duration_frames=duration,
        stop=stop,
    )
    return _result(mixer, result, lead_in)


def _result(mixer: Mixer, playback: PlaybackResult, lead_in: int) -> MetronomeResult:
    """Summarise playback; time counts from the first beat, after the lead-in."""
    seconds = max(0, playback.frames - lead_in) / mixer.fs
    return MetronomeResult(seconds, mixer.beats, playback.underflows, playback.interrupted)
