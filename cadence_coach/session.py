"""Sessions: wire the chain (voices, mixer, output) for what the CLI asks. No click here."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from cadence_coach.audio import DEFAULT_BLOCKSIZE, DEFAULT_LATENCY_S
from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.output import (
    OutputDevice,
    PlaybackResult,
    play,
    render_wav,
)
from cadence_coach.audio.pcm import FloatArray, read_wav_mono, to_float
from cadence_coach.audio.voices import load_voice
from cadence_coach.speech import DEFAULT_RATE_WPM
from cadence_coach.speech.phrases import PhraseBook
from cadence_coach.speech.speaker import make_speaker
from cadence_coach.speech.tts import SpeechRenderer, VoiceInfo

DEFAULT_RENDER_S = 60.0
"""Length of a file rendered with ``--out`` when no ``--duration`` is given."""
LIVE_LEAD_IN_S = 0.2
"""Silence before the first live beat: an output stream can drop its first few
milliseconds while it starts, which would clip the first click."""


@dataclass(frozen=True, slots=True)
class MetronomeSettings:
    """Everything that defines a click track."""

    bpm: Fraction
    sound: str = "click"
    volume: float = 0.8
    accent_every: int = 0
    samplerate: int = 48_000


@dataclass(frozen=True, slots=True)
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


def render_metronome(settings: MetronomeSettings, path: Path, seconds: float) -> MetronomeResult:
    """Render the click track to a WAV file, as fast as the machine allows."""
    mixer = build_mixer(settings)
    frames = render_wav(mixer, path, round(seconds * settings.samplerate))
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


# -- speech --------------------------------------------------------------------------------


def speak(
    text: str, fs: int, *, voice: str | None = None, rate_wpm: int = DEFAULT_RATE_WPM
) -> FloatArray:
    """Render ``text`` to PCM at ``fs`` (through the cache). Raises :class:`SpeechUnavailable`
    when there is no engine and :class:`BadValue` for an unknown voice."""
    with SpeechRenderer(fs, voice=voice, rate_wpm=rate_wpm) as renderer:
        return to_float(renderer.render(text))


def list_voices() -> tuple[VoiceInfo, ...]:
    """The voices the speech engine offers."""
    with SpeechRenderer(48_000) as renderer:
        return renderer.voices


def play_pcm(pcm: FloatArray, fs: int, device: OutputDevice, gain: float = 1.0) -> MetronomeResult:
    """Play mono PCM through the mixer (as a source, with the clicks silent)."""
    silent = ClickParams(voice=load_voice("click", fs), enabled=False)
    mixer = Mixer(fs, silent, DEMO_HABITUAL)
    lead_in = round(LIVE_LEAD_IN_S * fs)
    mixer.play(pcm, at=lead_in, gain=gain)
    result = play(mixer, device, duration_frames=lead_in + len(pcm))
    return dataclasses.replace(_result(mixer, result, lead_in), beats=0)  # no clicks sounded


def play_file(path: Path, device: OutputDevice) -> MetronomeResult:
    """Play a WAV file through the mixer."""
    pcm, fs = read_wav_mono(path)
    return play_pcm(pcm, fs, device)


# -- demo (until the coach exists: a metronome that moves from habitual to target) -------

DEMO_SECONDS = 20.0
DEMO_HABITUAL = Fraction(164)
DEMO_TARGET = Fraction(172)  # +5 % over habitual, rounded: the usual first step
DEMO_RAMP_AT_S = 8.0
DEMO_RAMP_BEATS = 16
DEMO_PRAISE_AT_S = 16.5


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What the demo rendered: the click track and what the coach said."""

    metronome: MetronomeResult
    said: tuple[str, ...]
    words: bool
    """Whether the cues were words (or earcons, with no speech engine)."""


def render_demo(
    path: Path, samplerate: int = 48_000, notify: Callable[[str], None] = print
) -> DemoResult:
    """Render the 20 s demo: wood clicks at a habitual 164 spm, accent every other step;
    at 8 s a cue to quicken and a smooth 16-beat ramp to 172 spm (+5 %); praise once the
    runner is on the new beat. Cues duck the clicks; with no speech engine they are tones."""
    settings = MetronomeSettings(
        bpm=DEMO_HABITUAL, sound="wood", accent_every=2, samplerate=samplerate
    )
    mixer = build_mixer(settings)
    speaker = make_speaker(mixer, notify=notify)
    book = PhraseBook(seed=7)
    script = [(DEMO_RAMP_AT_S, book.cue("cadence_up")), (DEMO_PRAISE_AT_S, book.cue("in_zone"))]
    try:
        speaker.prepare([cue for _, cue in script])
        ramp_at = round(DEMO_RAMP_AT_S * samplerate)
        pending = list(script)

        def schedule(m: Mixer) -> None:
            if m.frames >= ramp_at and m.target_bpm != DEMO_TARGET:
                m.set_tempo(DEMO_TARGET, ramp_beats=DEMO_RAMP_BEATS)
            while pending and m.frames >= round(pending[0][0] * samplerate):
                speaker.say(pending.pop(0)[1])
            speaker.tick()

        frames = render_wav(mixer, path, round(DEMO_SECONDS * samplerate), on_block=schedule)
    finally:
        speaker.close()
    said = tuple(cue.text for cue, _, _ in speaker.history)
    return DemoResult(MetronomeResult(frames / samplerate, mixer.beats), said, speaker.speaking)
