"""The one session loop: simulate, render to a file and play live all run here.

The coaching chain (:class:`~cadence_coach.coaching.chain.CoachingChain`) decides and
records, its cues worded by the phrase book; the loop carries its steps out (tempo and
metronome to the mixer, cues to the speaker) at the rhythm of the output's clock, tells each
observer after every tick, and stops a short tail after the coach finishes, so the closing
words are heard.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from cadence_coach.audio.files import render
from cadence_coach.audio.mixer import Mixer
from cadence_coach.audio.stream import LIVE_LEAD_IN_S
from cadence_coach.coaching.actions import SetMetronome, SetTempo
from cadence_coach.coaching.chain import STEP_S, CoachingChain, Listener
from cadence_coach.session.click_track import build_mixer
from cadence_coach.session.controls import Controls
from cadence_coach.session.live import play_live
from cadence_coach.session.music import SessionMusic, session_music
from cadence_coach.session.outputs import (
    FILE_BLOCK,
    VIRTUAL_TICK_S,
    AudioFile,
    NoAudio,
    Output,
    Stream,
)
from cadence_coach.session.settings import MetronomeSettings, RunSettings
from cadence_coach.session.steering import Steering
from cadence_coach.sources.simulated import SimulatedRunner
from cadence_coach.speech.phrases import Cue, PhraseBook, session_texts
from cadence_coach.speech.speaker import Speaker, make_speaker
from cadence_coach.units import parse_bpm

NO_AUDIO = NoAudio()
TAIL_S = 3.0
"""The audio goes on this long after the coach finishes: the closing words are heard."""
HELD_ROOM_S = 60.0
"""A render may be held this long (by scripted controls) and still reach its end."""


class Observer(Protocol):
    """Told after every tick of the loop (the store's writer, the live view...)."""

    def update(self, chain: CoachingChain) -> None: ...


@dataclass(frozen=True, slots=True)
class SessionResult:
    chain: CoachingChain
    underflows: int = 0
    """Times a live stream ran short (audible gaps)."""
    music: tuple[str, ...] = ()
    """The songs that played, in order (with ``--music``)."""


def run_session(
    settings: RunSettings,
    output: Output = NO_AUDIO,
    *,
    observers: Sequence[Observer] = (),
    notify: Callable[[str], None] = print,
    steering: Steering | None = None,
) -> SessionResult:
    """Run the session against ``output``; Ctrl-C ends a live one cleanly
    (``chain.recorder.interrupted``). ``notify`` hears that speech is off, if it is. With
    ``steering``, the runner's controls act on it (and the session clock is theirs)."""
    chain = build_chain(settings)
    if isinstance(output, NoAudio):
        _virtual(Conductor(chain, None, None, observers))
        return SessionResult(chain)
    live = isinstance(output, Stream)
    mixer = session_mixer(settings, LIVE_LEAD_IN_S if live else 0.0)
    speaker = make_speaker(mixer, voice=settings.voice, notify=notify, wait_for_renders=not live)
    music = _music(settings, mixer, live, notify)
    try:
        speaker.prepare(session_texts(settings.config))
        conductor = Conductor(chain, mixer, speaker, observers, music)
        steering = steering or Steering(Controls())
        steering.attach(chain, mixer, speaker, mixer.next_beat if live else 0)
        if isinstance(output, Stream):
            result = _stream(conductor, mixer, output, steering)
        else:
            result = _file(conductor, mixer, output, steering)
        if music is None:
            return result
        return dataclasses.replace(result, music=tuple(music.player.heard))
    finally:
        speaker.close()
        if music is not None:
            music.close()


def _music(
    settings: RunSettings, mixer: Mixer, live: bool, notify: Callable[[str], None]
) -> SessionMusic | None:
    """The runner's music, its first piece ready before the first beat; none asked: None."""
    if not settings.music:
        return None
    music = session_music(
        settings.music,
        mixer.fs,
        settings.volume,
        seed=settings.seed,
        live=live,
        cache_dir=settings.music_cache,
        notify=notify,
    )
    first = settings.config.segments[0]
    music.start(first, parse_bpm(first.target_spm), mixer)
    return music


def build_chain(settings: RunSettings) -> CoachingChain:
    """The coaching chain of a session: its source (the simulated runner, which alone also
    listens, unless another is given) and the phrase book, seeded as the session is."""
    book = PhraseBook(settings.seed)
    if settings.source is not None:
        return CoachingChain(settings.config, settings.source, book)
    runner = SimulatedRunner(settings.runner, settings.events, seed=settings.seed)
    listener: Listener = runner
    return CoachingChain(settings.config, runner, book, listener)


def session_mixer(settings: RunSettings, lead_in_s: float) -> Mixer:
    """The mixer of a session: its voice and first tempo, the clicks silent until the
    coach's first step says whether they play."""
    first = settings.config.segments[0]
    metronome = MetronomeSettings(
        parse_bpm(first.target_spm), settings.sound, settings.volume, 0, settings.samplerate
    )
    mixer = build_mixer(metronome, lead_in_s)
    mixer.set_click(enabled=False, at_once=True)  # the coach's first step says whether it plays
    return mixer


class Conductor:
    """Carries the chain's steps out, then tells the observers: call :meth:`tick` with the
    output clock's session time (a benchmark may drive it at a rhythm of its own)."""

    def __init__(
        self,
        chain: CoachingChain,
        mixer: Mixer | None,
        speaker: Speaker | None,
        observers: Sequence[Observer],
        music: SessionMusic | None = None,
    ) -> None:
        self.chain = chain
        self.mixer = mixer
        self.speaker = speaker
        self.observers = observers
        self.music = music
        """The runner's music, which also decides the clicks (``None``: no music)."""

    def tick(self, now: float, *, held: bool = False) -> None:
        """One tick at session time ``now``; ``held``: the runner's controls hold the
        session (the clicks are theirs meanwhile)."""
        for step in self.chain.advance(now):
            action = step.action
            if step.cue is not None:
                assert isinstance(step.cue, Cue)  # the chain was handed the phrase book
                if self.speaker is not None:
                    self.speaker.say(step.cue)
            elif self.mixer is None:
                continue
            elif isinstance(action, SetTempo):
                self.mixer.set_tempo(parse_bpm(action.bpm), action.ramp_beats)
                if self.music is not None:
                    self.music.tempo(parse_bpm(action.bpm))
            elif isinstance(action, SetMetronome):
                if self.music is not None:
                    self.music.metronome(action.on, action.reason)
                else:
                    # the first beat is there at once; later the clicks fade out and in
                    self.mixer.set_click(enabled=action.on, at_once=step.t == 0.0)
        if self.music is not None and self.mixer is not None:
            self.music.tick(now, self.chain.coach.segment, self.mixer, clicks=not held)
        if self.speaker is not None:
            self.speaker.tick()
        for observer in self.observers:
            observer.update(self.chain)


class _Ender:
    """Sets ``stop`` :data:`TAIL_S` after the coach finishes or the runner stops it
    (segments that run a distance end when they end, not when they were expected to)."""

    def __init__(self, chain: CoachingChain, fs: int, steering: Steering) -> None:
        self.chain = chain
        self.fs = fs
        self.steering = steering
        self.stop = threading.Event()
        self.end_frame: int | None = None
        """The mixer frame the output ends at, once the session has ended."""

    def __call__(self, mixer: Mixer) -> None:
        if self.end_frame is None and (self.chain.finished or self.steering.stopped):
            self.end_frame = max(mixer.frames, self._end(mixer.frames))
        if self.end_frame is not None and mixer.frames >= self.end_frame:
            self.stop.set()

    def _end(self, frames: int) -> int:
        """The tail's last frame: after the coach's last step, on the session clock (so a
        render is as long as the plan and its tail, plus any time held), or after a stop."""
        tail = round(TAIL_S * self.fs)
        clock = self.steering.clock
        if self.steering.stopped or clock.held:
            return frames + tail
        return clock.frame_at(self.chain.now) + tail


def _virtual(conductor: Conductor) -> None:
    """No audio: the whole session on the virtual clock, as fast as possible."""
    end = conductor.chain.config.longest_s + STEP_S
    now = 0.0
    while now < end and not conductor.chain.finished:
        now = min(now + VIRTUAL_TICK_S, end)
        conductor.tick(now)


def _file(
    conductor: Conductor, mixer: Mixer, output: AudioFile, steering: Steering
) -> SessionResult:
    fs = mixer.fs
    ender = _Ender(conductor.chain, fs, steering)

    def on_block(m: Mixer) -> None:
        conductor.tick(steering.tick(m.frames), held=steering.held)
        ender(m)

    # room for a minute held by scripted controls (the only ones a render has); the ender
    # ends it first in any case
    frames = round((conductor.chain.config.longest_s + TAIL_S + HELD_ROOM_S) * fs)
    render(
        mixer,
        output.path,
        frames,
        encoding=output.encoding,
        blocksize=FILE_BLOCK,
        on_block=on_block,
        stop=ender.stop,
        until=lambda: ender.end_frame,
    )
    return SessionResult(conductor.chain)


def _stream(
    conductor: Conductor, mixer: Mixer, output: Stream, steering: Steering
) -> SessionResult:
    ender = _Ender(conductor.chain, mixer.fs, steering)

    def on_tick(m: Mixer) -> None:
        conductor.tick(steering.tick(m.frames), held=steering.held)
        ender(m)

    ending = conductor.chain.config.longest_s + TAIL_S
    result = play_live(mixer, output, steering, on_tick, ender.stop, ending)
    conductor.chain.recorder.interrupted |= result.interrupted
    return SessionResult(conductor.chain, result.underflows)
