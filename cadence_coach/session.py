"""Sessions: wire the chain (voices, mixer, output) for what the CLI asks. No click here."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
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
from cadence_coach.coach import (
    CoachConfig,
    MetronomeMode,
    Segment,
    SetMetronome,
    SetTempo,
    announcement,
    distance_to_go,
)
from cadence_coach.coaching import CoachingSession, Source, Step
from cadence_coach.errors import BadValue, SoundFileError
from cadence_coach.sources.sim import RunnerModel, SimEvent, SimulatedRunner
from cadence_coach.speech import DEFAULT_RATE_WPM
from cadence_coach.speech.phrases import PhraseBook
from cadence_coach.speech.speaker import Speaker, make_speaker
from cadence_coach.speech.tts import SpeechRenderer, VoiceInfo
from cadence_coach.units import parse_bpm

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
    mixer = Mixer(fs, silent, Fraction(120))  # no clicks sound; any tempo will do
    lead_in = round(LIVE_LEAD_IN_S * fs)
    mixer.play(pcm, at=lead_in, gain=gain)
    result = play(mixer, device, duration_frames=lead_in + len(pcm))
    return dataclasses.replace(_result(mixer, result, lead_in), beats=0)  # no clicks sounded


# -- coaching sessions --------------------------------------------------------------------

SESSION_TICK_S = 0.1
"""How often a live session hands the coach's actions to the mixer: a cue starts at most
this long, plus one block, after the coach decides (docs/benchmarks.md)."""


@dataclass(frozen=True, slots=True)
class RunSettings:
    """A coaching session: its segments and how it sounds; with the simulated runner."""

    config: CoachConfig
    sound: str = "click"
    volume: float = 0.8
    samplerate: int = 48_000
    voice: str | None = None
    seed: int = 0
    runner: RunnerModel = field(default_factory=RunnerModel)
    events: tuple[SimEvent, ...] = ()
    source: Source | None = field(default=None, compare=False)
    """Another source than the simulated runner (a recording to replay)."""


def simulate(settings: RunSettings) -> CoachingSession:
    """Run a whole session on the virtual clock with no audio (milliseconds per hour)."""
    session = _coaching(settings)
    session.run_to_end()
    return session


def _coaching(settings: RunSettings) -> CoachingSession:
    source = settings.source or SimulatedRunner(
        settings.runner, settings.events, seed=settings.seed
    )
    return CoachingSession(settings.config, source, seed=settings.seed)


def _run_mixer(settings: RunSettings, lead_in_s: float) -> Mixer:
    first = settings.config.segments[0]
    metronome = MetronomeSettings(
        parse_bpm(first.target_spm), settings.sound, settings.volume, 0, settings.samplerate
    )
    mixer = build_mixer(metronome, lead_in_s)
    mixer.set_click(enabled=False)  # the coach's first step says whether it plays
    return mixer


def _apply(steps: list[Step], mixer: Mixer, speaker: Speaker) -> None:
    """Carry the coach's actions out on the mixer and the speaker."""
    for step in steps:
        action = step.action
        if isinstance(action, SetTempo):
            mixer.set_tempo(parse_bpm(action.bpm), action.ramp_beats)
        elif isinstance(action, SetMetronome):
            mixer.set_click(enabled=action.on)
        elif step.cue is not None:
            speaker.say(step.cue)
    speaker.tick()


def _prepare_speech(speaker: Speaker, config: CoachConfig) -> None:
    """Render every fixed phrase, and the plan's announcements and cues, before the first
    click (cached after the first time)."""
    texts = PhraseBook.all_texts()
    for seg in config.segments:
        if seg.timeline:
            texts.append(announcement(seg))
        if seg.distance_m is not None:
            texts.append(distance_to_go(100))
        texts += [text for _, text in seg.cues]
    speaker.prepare(texts)


class _Ender:
    """Stops the audio 3 s after the coach finishes (segments that run a distance end
    when they end, not when they were expected to)."""

    def __init__(self, session: CoachingSession, fs: int) -> None:
        self.session = session
        self.fs = fs
        self.stop = threading.Event()
        self._finished_at: int | None = None

    def __call__(self, mixer: Mixer) -> None:
        if self._finished_at is None and self.session.finished:
            self._finished_at = mixer.frames
        if self._finished_at is not None and mixer.frames >= self._finished_at + 3 * self.fs:
            self.stop.set()


def render_run(
    settings: RunSettings,
    path: Path,
    notify: Callable[[str], None] = print,
    on_update: Callable[[CoachingSession], None] | None = None,
) -> CoachingSession:
    """Render the whole session to a WAV file on the virtual clock, as fast as possible."""
    session = _coaching(settings)
    mixer = _run_mixer(settings, 0.0)
    speaker = make_speaker(mixer, voice=settings.voice, notify=notify, wait_for_renders=True)
    try:
        _prepare_speech(speaker, settings.config)
        fs = settings.samplerate
        tail = round(3.0 * fs)  # let the closing words finish
        done = _Ender(session, fs)

        def on_block(m: Mixer) -> None:
            _apply(session.advance(m.frames / fs), m, speaker)
            if on_update is not None:
                on_update(session)
            done(m)

        frames = round(session.longest_s * fs) + tail
        render_wav(mixer, path, frames, on_block=on_block, stop=done.stop)
    finally:
        speaker.close()
    return session


def play_run(
    settings: RunSettings,
    device: OutputDevice,
    *,
    on_update: Callable[[CoachingSession], None] | None = None,
    notify: Callable[[str], None] = print,
    blocksize: int = DEFAULT_BLOCKSIZE,
    latency_s: float = DEFAULT_LATENCY_S,
) -> CoachingSession:
    """Play the session live; the mixer's sample clock drives the coach. Ctrl-C ends it
    cleanly (``session.recorder.interrupted``)."""
    session = _coaching(settings)
    mixer = _run_mixer(settings, LIVE_LEAD_IN_S)
    lead_in = mixer.next_beat
    speaker = make_speaker(mixer, voice=settings.voice, notify=notify)
    try:
        _prepare_speech(speaker, settings.config)
        fs = settings.samplerate

        done = _Ender(session, fs)

        def on_tick(m: Mixer) -> None:
            _apply(session.advance(max(0, m.frames - lead_in) / fs), m, speaker)
            if on_update is not None:
                on_update(session)
            done(m)

        total = lead_in + round((session.longest_s + 3.0) * fs)
        result = play(
            mixer,
            device,
            blocksize=blocksize,
            latency_s=latency_s,
            duration_frames=total,
            stop=done.stop,
            on_tick=on_tick,
            tick_s=SESSION_TICK_S,
        )
        session.recorder.interrupted = result.interrupted
    finally:
        speaker.close()
    return session


# -- demo -------------------------------------------------------------------------------

DEMO_HABITUAL = 164.0
DEMO_TARGET = 172.0  # +5 % over habitual, rounded: the usual first step


def demo_settings() -> RunSettings:
    """Three minutes of simulated running: an easy minute at the runner's own rhythm, then
    a segment at +5 % with the metronome; a lapse of attention, a stop at a crossing and a
    sensor dropout, so every part of the coach is heard."""
    zone = 0.03
    segments = (
        Segment(
            "easy",
            60.0,
            DEMO_HABITUAL,
            (round(DEMO_HABITUAL * (1 - zone), 1), round(DEMO_HABITUAL * (1 + zone), 1)),
            MetronomeMode.OFF,
        ),
        Segment(
            "quicker",
            120.0,
            DEMO_TARGET,
            (round(DEMO_TARGET * (1 - zone), 1), round(DEMO_TARGET * (1 + zone), 1)),
            MetronomeMode.ON,
            announce="run_now",
        ),
    )
    events = (
        SimEvent("lapse", 100.0, 40.0, 0.93),
        SimEvent("stop", 140.0, 10.0),
        SimEvent("dropout", 155.0, 14.0),
    )
    return RunSettings(
        CoachConfig(segments),
        sound="wood",
        runner=RunnerModel(habitual_spm=DEMO_HABITUAL, lapse_tau_s=2.0),
        events=events,
        seed=2,  # a runner who heeds the cue, so the demo ends the lapse with praise
    )


# -- plans rendered to a file -------------------------------------------------------------

COMPRESSED = {
    ".ogg": ("OGG", "VORBIS"),
    ".mp3": ("MP3", "MPEG_LAYER_III"),
    ".flac": ("FLAC", "PCM_16"),
}
"""Formats a rendered plan can be written in besides WAV, where libsndfile supports them."""


def render_plan_file(
    settings: RunSettings, path: Path, notify: Callable[[str], None] = print
) -> CoachingSession:
    """Render a plan's timeline (clicks, speech, timed cues; no sensor feedback) to ``path``:
    WAV, or OGG, MP3 or FLAC when the installed libsndfile can write them."""
    suffix = path.suffix.lower()
    timeline = dataclasses.replace(
        settings, config=dataclasses.replace(settings.config, feedback=False)
    )
    if suffix == ".wav":
        return render_run(timeline, path, notify)
    if suffix not in COMPRESSED:
        raise BadValue(f"cannot write {suffix or 'a file without an extension'}: use .wav, "
                       f"{', '.join(COMPRESSED)}")  # fmt: skip
    import soundfile

    fmt, subtype = COMPRESSED[suffix]
    if not soundfile.check_format(fmt, subtype):
        raise BadValue(
            f"this libsndfile ({soundfile.__libsndfile_version__}) cannot write {fmt}; use .wav"
        )
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        wav = Path(folder) / "plan.wav"
        session = render_run(timeline, wav, notify)
        pcm, fs = read_wav_mono(wav)
        try:
            with soundfile.SoundFile(str(path), "w", fs, 1, format=fmt, subtype=subtype) as out:
                # A second at a time: libvorbis sizes a stack buffer to the whole write and
                # crashes on long ones (python-soundfile #233, libsndfile #1095).
                for i in range(0, len(pcm), fs):
                    out.write(pcm[i : i + fs])
        except (RuntimeError, OSError) as err:
            raise SoundFileError(f"cannot write {path}: {err}", str(path)) from None
    return session
