"""The runner's controls acting on a running session, beside the loop: pause and resume
(the session clock and the clicks held, nothing recorded meanwhile), skip a segment, repeat
the last announcement, stop, and the spoken status. The loop calls :meth:`Steering.tick`
with the mixer's frames instead of reading its clock itself.

A pause here is the runner's (or the output's, when headphones go away), kept apart from the
coach's own standing-still pause (:mod:`cadence_coach.coaching.watchers.pause`): the chain
does not step while held, so the coach sees neither the time nor the readings of a pause.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from cadence_coach.audio.mixer import Mixer
from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.session.clock import SessionClock
from cadence_coach.session.controls import Command, Controls, PlayState
from cadence_coach.speech.phrases import Cue, PhraseBook
from cadence_coach.speech.speaker import Speaker
from cadence_coach.speech.status import SensorNews, StatusFacts, status_words

ANNOUNCEMENTS = ("segment", "on_your_own", "walk_now", "run_now")
"""Cues that "previous" repeats, the latest first; with none yet, the coach's last cue."""
CONTROL_CUES = ("paused", "resumed", "stopped", "status", "ready")
STATUS_AFTER_S = 2.0
""""Previous" pressed again this soon after the last one says the status instead (a
headset has no status button)."""


class Hold(Enum):
    """Why the session clock is held."""

    RUNNER = "runner"
    OUTPUT = "output lost"


class Steering:
    """Applies the runner's presses to one session; :meth:`attach` it before the first
    tick."""

    def __init__(
        self,
        controls: Controls,
        *,
        sensors: Callable[[], tuple[SensorNews, ...]] = tuple,
        seed: int = 0,
    ) -> None:
        self.controls = controls
        self.sensors = sensors
        self.book = PhraseBook(seed)
        self.clock = SessionClock(48_000)
        self.holds: set[Hold] = set()
        self.stopped = False
        self._chain: CoachingChain | None = None
        self._mixer: Mixer | None = None
        self._speaker: Speaker | None = None
        self._last_previous: float | None = None

    def attach(
        self, chain: CoachingChain, mixer: Mixer, speaker: Speaker, lead_in_frames: int
    ) -> None:
        self._chain, self._mixer, self._speaker = chain, mixer, speaker
        self.clock = SessionClock(mixer.fs, lead_in_frames)
        self.controls.show(PlayState.PLAYING)

    @property
    def speaking(self) -> bool:
        """Whether the session is saying something now (other apps are lowered meanwhile)."""
        return self._speaker is not None and self._speaker.sounding

    def tick(self, frames: int) -> float:
        """Carry out the presses waiting; the session time at ``frames``."""
        for press in self.controls.take():
            self.apply(press.command, frames)
        return self.clock.now(frames)

    def apply(self, command: Command, frames: int) -> None:
        if self.stopped:
            return
        if command is Command.PLAY_PAUSE:
            command = Command.PLAY if Hold.RUNNER in self.holds else Command.PAUSE
        if command is Command.PAUSE:
            self.hold(Hold.RUNNER, frames)
        elif command is Command.PLAY:
            self.release(Hold.RUNNER, frames)
        elif command is Command.NEXT:
            self._session().skip_segment()
        elif command is Command.PREVIOUS:
            self._previous(frames)
        elif command is Command.STATUS:
            self._say("status", status_words(self.status(frames)))
        elif command is Command.STOP:
            self.stop(frames)

    def hold(self, why: Hold, frames: int) -> None:
        """Hold the session clock (and silence the clicks) for ``why``."""
        if why in self.holds:
            return
        first = not self.holds
        self.holds.add(why)
        chain = self._session()
        chain.recorder.mark(self._t(frames), EventKind.SESSION_PAUSED, why.value)
        if first:
            self.clock.hold(frames)
            self._clicks(False)
            self._music(False)
            self.controls.show(PlayState.PAUSED)
        if why is Hold.RUNNER:
            self._say("paused")

    def release(self, why: Hold, frames: int) -> None:
        """Let go of ``why``; once nothing holds it, the session goes on from where it
        stood."""
        if why not in self.holds:
            return
        self.holds.discard(why)
        back = "runner" if why is Hold.RUNNER else "output back"
        if self.holds:
            self._session().recorder.mark(self._t(frames), EventKind.SESSION_RESUMED, back)
            return
        self.clock.release(frames)
        chain = self._session()
        chain.recorder.mark(self._t(frames), EventKind.SESSION_RESUMED, back)
        self._clicks(chain.metronome_on)
        self._music(True)
        self.controls.show(PlayState.PLAYING)
        self._say("resumed")

    def stop(self, frames: int) -> None:
        """End the session early (its summary says it was interrupted)."""
        chain = self._session()
        self.stopped = True
        chain.recorder.interrupted = True
        chain.recorder.mark(self._t(frames), EventKind.STOPPED, "runner")
        self._clicks(False)
        self._music(False)
        self._say("stopped")

    def status(self, frames: int) -> StatusFacts:
        """The session so far, as the status says it."""
        chain = self._session()
        rows = chain.recorder.rows
        last = rows[-1] if rows else None
        moving = last is not None and last.moving
        return StatusFacts(
            elapsed_s=self.clock.now(frames),
            cadence_spm=last.cadence_spm if last is not None and moving else None,
            in_zone_pct=chain.recorder.so_far().time_in_zone_pct,
            heart_rate_bpm=last.heart_rate_bpm if last is not None else None,
            sensors=self.sensors(),
            paused=bool(self.holds),
        )

    def _previous(self, frames: int) -> None:
        assert self._mixer is not None
        at = frames / self._mixer.fs
        again = self._last_previous is not None and at - self._last_previous <= STATUS_AFTER_S
        self._last_previous = None if again else at
        if again:
            self._say("status", status_words(self.status(frames)))
            return
        cue = self.last_announcement()
        if cue is not None and self._speaker is not None:
            self._speaker.say(cue)

    def last_announcement(self) -> Cue | None:
        """The latest segment announcement, else the coach's latest cue."""
        if self._speaker is None:
            return None
        said = [cue for cue, _, _ in self._speaker.history if cue.key not in CONTROL_CUES]
        for cue in reversed(said):
            if cue.key in ANNOUNCEMENTS:
                return cue
        return said[-1] if said else None

    def _say(self, key: str, text: str | None = None) -> None:
        if self._speaker is not None:
            self._speaker.say(self.book.cue(key, text=text))

    def _clicks(self, on: bool) -> None:
        if self._mixer is not None:
            self._mixer.set_click(enabled=on, at_once=True)

    def _music(self, on: bool) -> None:
        if self._mixer is not None:
            self._mixer.hold_beds(not on)

    @property
    def held(self) -> bool:
        """Whether the session stands (paused, its output lost, or stopped)."""
        return bool(self.holds) or self.stopped

    def _t(self, frames: int) -> float:
        """An event's time: the session clock, to a tenth of a second."""
        return round(self.clock.now(frames), 1)

    def _session(self) -> CoachingChain:
        if self._chain is None:
            raise RuntimeError("the steering is not attached to a session")
        return self._chain
