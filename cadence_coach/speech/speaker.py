"""The speaker: turns the coach's cues into phrases on the mixer, one at a time.

:class:`CueQueue` decides (pure, handed ``now``): at most one phrase plays; a cue of higher
priority cuts a playing one; a cue that cannot start within its validity window is
dropped, never played late; a newer cue replaces a waiting one with the same key.
:class:`Speaker` is the thin shell that asks the renderer and plays on the mixer. Time is
the mixer's sample clock, so the same decisions come out live, offline or simulated.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field

import numpy as np

from cadence_coach.audio.mixer import Mixer
from cadence_coach.audio.overlay import PlayHandle
from cadence_coach.audio.pcm import FloatArray, Pcm16, to_float
from cadence_coach.speech import DEFAULT_RATE_WPM
from cadence_coach.speech.earcons import earcon
from cadence_coach.speech.phrases import Cue, Earcon
from cadence_coach.speech.tts import SpeechRenderer
from cadence_coach.speech.worker_client import RENDER_TIMEOUT_S, SpeechUnavailable

log = logging.getLogger(__name__)

PREFIX_GAP_S = 0.15
"""Silence between a transition's earcon and its words."""
DUCK = 0.35
"""Click level while a phrase plays: lowered, not stopped, so the rhythm carries on."""


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do now: start a cue (cutting the playing one or not); cues dropped."""

    start: Cue | None = None
    cut: bool = False
    dropped: tuple[Cue, ...] = ()


@dataclass(slots=True)
class CueQueue:
    """Cues waiting to be spoken, and the rule for which goes next. Pure."""

    _waiting: list[tuple[float, Cue]] = field(default_factory=list)

    def offer(self, cue: Cue, now: float) -> None:
        """Queue ``cue`` asked for at ``now``; it replaces a waiting cue with its key."""
        self._waiting = [(t, c) for t, c in self._waiting if c.key != cue.key]
        self._waiting.append((now, cue))

    def decide(self, now: float, playing: Cue | None, ready: Callable[[Cue], bool]) -> Decision:
        """Pick the cue to start now, if any, given what is playing and what is rendered."""
        fresh = [(t, c) for t, c in self._waiting if now - t <= c.valid_s]
        dropped = tuple(c for t, c in self._waiting if now - t > c.valid_s)
        self._waiting = fresh
        candidates = [(t, c) for t, c in fresh if ready(c)]
        if not candidates:
            return Decision(dropped=dropped)
        # Highest priority first; among equals, the one asked for first.
        asked, best = min(candidates, key=lambda tc: (-tc[1].priority, tc[0]))
        if playing is not None and best.priority <= playing.priority:
            return Decision(dropped=dropped)
        self._waiting.remove((asked, best))
        return Decision(start=best, cut=playing is not None, dropped=dropped)

    def __len__(self) -> int:
        return len(self._waiting)


@dataclass(frozen=True, slots=True)
class Spoken:
    """A cue that started, and where in the stream."""

    cue: Cue
    asked_s: float
    started_frame: int | None
    """Filled from the mixer once the phrase's first sample is out."""


class Speaker:
    """Speaks cues through the mixer, or plays earcons when there is no speech engine.

    ``say(cue)`` never blocks: a phrase already rendered starts at the mixer's next block; one
    not yet rendered is rendered in the background and starts when ready, if still valid.
    Call ``tick()`` regularly (the session does, several times a second) so queued cues start
    when the one playing ends.
    """

    def __init__(
        self,
        mixer: Mixer,
        renderer: SpeechRenderer | None,
        *,
        volume: float = 1.0,
        duck: float = DUCK,
        wait_for_renders: bool = False,
    ) -> None:
        self._mixer = mixer
        self._wait = wait_for_renders
        self._renderer = renderer
        self.volume = volume
        self.duck = duck
        self._earcons = {kind: earcon(kind, mixer.fs) for kind in Earcon}
        self._queue = CueQueue()
        self._requests: dict[str, Future[Pcm16]] = {}
        self._playing: Cue | None = None
        self._handle: PlayHandle | None = None
        self._asked: dict[Cue, float] = {}
        self.history: list[tuple[Cue, float, PlayHandle]] = []
        """Every cue started: the cue, when it was asked for (s), and its mixer handle."""
        self.dropped: list[Cue] = []

    @property
    def speaking(self) -> bool:
        """Whether words (not earcons) are being used."""
        return self._renderer is not None

    def now(self) -> float:
        """Session time from the mixer's sample clock."""
        return self._mixer.frames / self._mixer.fs

    def say(self, cue: Cue) -> None:
        """Ask for ``cue`` to be spoken now."""
        now = self.now()
        if self._renderer is not None and cue.text not in self._requests:
            self._requests[cue.text] = self._renderer.request(cue.text)
        if self._wait and self._renderer is not None:
            # Rendering offline runs far ahead of real time: wait for the words.
            self._requests[cue.text].exception(timeout=RENDER_TIMEOUT_S)
        self._asked[cue] = now
        self._queue.offer(cue, now)
        self.tick()

    def tick(self) -> None:
        """Start the next cue if its turn has come; drop the stale ones."""
        if self._handle is not None and self._handle.finished:
            self._handle, self._playing = None, None
        decision = self._queue.decide(self.now(), self._playing, self._ready)
        for cue in decision.dropped:
            log.debug("dropped stale cue %r", cue.text)
            self.dropped.append(cue)
            self._asked.pop(cue, None)
        if decision.start is None:
            return
        if decision.cut and self._handle is not None:
            self._handle.cancel()
        cue = decision.start
        self._handle = self._mixer.play(self._pcm(cue), gain=self.volume, duck=self.duck)
        self._playing = cue
        self.history.append((cue, self._asked.pop(cue, self.now()), self._handle))

    def prepare(self, texts: list[str], timeout_s: float = 120.0) -> None:
        """Render these phrases now (before the session's first click)."""
        if self._renderer is not None:
            for text in texts:
                if text not in self._requests:
                    self._requests[text] = self._renderer.request(text)
            for text in texts:
                self._requests[text].exception(timeout=timeout_s)

    def close(self) -> None:
        """Stop the speech engine."""
        if self._renderer is not None:
            self._renderer.close()

    @property
    def sounding(self) -> bool:
        """Whether a phrase (or earcon) is on the mixer now, not yet finished."""
        return self._handle is not None and not self._handle.finished

    @property
    def busy(self) -> bool:
        """Whether a phrase is playing or waiting."""
        return (self._handle is not None and not self._handle.finished) or len(self._queue) > 0

    def _ready(self, cue: Cue) -> bool:
        if self._renderer is None:
            return True
        request = self._requests.get(cue.text)
        return request is not None and request.done()

    def _pcm(self, cue: Cue) -> FloatArray:
        request = self._requests.get(cue.text)
        if request is not None and request.done() and request.exception() is None:
            # Kept as int16; converted here, on the control thread, never in the callback.
            words = to_float(request.result())
            if cue.prefix is None:
                return words
            gap = np.zeros(round(PREFIX_GAP_S * self._mixer.fs), dtype=np.float32)
            return np.concatenate([self._earcons[cue.prefix], gap, words])
        if cue.prefix is not None:
            return self._earcons[cue.prefix]
        return self._earcons[cue.earcon]  # no engine, or this phrase failed to render


def make_speaker(
    mixer: Mixer,
    *,
    voice: str | None = None,
    rate_wpm: int = DEFAULT_RATE_WPM,
    volume: float = 1.0,
    notify: Callable[[str], None] = log.warning,
    wait_for_renders: bool = False,
) -> Speaker:
    """Start speech for ``mixer``; with no engine, say so once and fall back to earcons.

    An unknown voice is the user's error and is raised (:class:`BadValue`), not hidden.
    """
    try:
        renderer: SpeechRenderer | None = SpeechRenderer(
            mixer.fs, voice=voice, rate_wpm=rate_wpm
        ).start()
    except SpeechUnavailable as err:
        notify(f"speech is off: {err}. Playing tones instead of words")
        renderer = None
    return Speaker(mixer, renderer, volume=volume, wait_for_renders=wait_for_renders)
