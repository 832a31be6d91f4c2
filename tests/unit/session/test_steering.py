"""The runner's controls on a rendered session: pause and resume hold the session clock and
the clicks (nothing recorded meanwhile, the coach's standing-still logic untouched), next
skips a segment, previous repeats the announcement, stop ends it, and the status is said."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from cadence_coach.audio.pcm import read_wav16
from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.recorder import Event, Summary
from cadence_coach.history.records import SessionInfo, SessionKind, SessionStatus
from cadence_coach.history.report.figures import summary_lines
from cadence_coach.session.clock import SessionClock
from cadence_coach.session.controls import Command, Controls, PlayState
from tests.support.steering import FS, render_steered, two_segments


def _info(summary: Summary) -> SessionInfo:
    return SessionInfo(
        1, "2026-12-01T07:00:00+00:00", "two", SessionKind.RENDERED, SessionStatus.FINISHED, summary
    )


def _events(events: list[Event], kind: EventKind) -> list[tuple[float, str]]:
    return [(e.t, e.detail) for e in events if e.kind is kind]


def test_the_clock_stands_still_while_held_and_goes_on_from_there() -> None:
    clock = SessionClock(FS, lead_in_frames=100)
    assert clock.now(100 + FS) == 1.0
    clock.hold(100 + FS)
    assert clock.now(100 + 5 * FS) == 1.0
    clock.release(100 + 5 * FS)
    assert clock.now(100 + 6 * FS) == 2.0
    assert clock.held_s == 4.0


def test_a_pause_holds_the_session_and_nothing_is_recorded_meanwhile(tmp_path: Path) -> None:
    out = tmp_path / "paused.wav"
    result, steering = render_steered(
        two_segments(), [(8.0, Command.PLAY_PAUSE), (14.0, Command.PLAY_PAUSE)], out
    )
    rec = result.chain.recorder
    paused = _events(rec.events, EventKind.SESSION_PAUSED)
    resumed = _events(rec.events, EventKind.SESSION_RESUMED)
    assert [d for _, d in paused] == ["runner"]
    assert [d for _, d in resumed] == ["runner"]
    assert paused[0][0] == resumed[0][0] == 8.0  # one instant of session time
    # every second of the session is there once, in order: none lost, none doubled
    assert [r.t for r in rec.rows] == [float(t) for t in range(len(rec.rows))]
    assert len(rec.rows) == 40
    assert steering.clock.held_s > 5.5
    # the coach's own standing-still pause saw nothing of it
    summary = rec.summary()
    assert summary.pauses == 0
    assert summary.paused_s == 0
    # but the summary, and so the report, say the runner paused it
    assert summary.holds == ("runner",)
    assert Summary.from_json(summary.to_json()).holds == ("runner",)
    assert ("held", "1 paused by you") in summary_lines(_info(summary))
    # what was said: the pause and the going on, in words
    keys = [c.id for c in rec.cues]
    assert "session_done" in keys
    # and the clicks stopped: once "Paused..." is said, silence until the resume
    audio, fs = read_wav16(out)
    assert fs == FS
    before = audio[round(4.0 * FS) : round(7.9 * FS)]
    assert _clicks(before) >= 8  # 172 spm
    held = audio[round(11.0 * FS) : round(13.9 * FS)]
    assert np.abs(held).max() == 0
    after = audio[round(16.0 * FS) : round(19.9 * FS)]
    assert _clicks(after) >= 8


def _clicks(x: npt.NDArray[np.int16]) -> int:
    loud = np.flatnonzero(np.abs(x.astype(np.int32)) > 3000)
    return 0 if len(loud) == 0 else int(1 + np.sum(np.diff(loud) > 2000))


def test_next_skips_to_the_next_segment_and_previous_repeats_its_announcement(
    tmp_path: Path,
) -> None:
    result, steering = render_steered(
        two_segments(60.0, 20.0),
        [(6.0, Command.NEXT), (12.0, Command.PREVIOUS)],
        tmp_path / "n.wav",
    )
    rec = result.chain.recorder
    assert _events(rec.events, EventKind.SKIPPED) == [(6.0, "First")]
    segments = [(e.t, e.detail) for e in rec.events if e.kind is EventKind.SEGMENT]
    assert segments == [(0.0, "First"), (6.0, "Second")]
    assert rec.rows[-1].t < 28  # the session ended 20 s after the skip, not after 80 s
    said = [cue.text for cue, _, _ in steering._speaker.history]  # type: ignore[union-attr]
    second = [t for t in said if t.startswith("Second")]
    assert len(second) == 2  # announced, then repeated on "previous"


def test_previous_twice_says_the_status(tmp_path: Path) -> None:
    _result, steering = render_steered(
        two_segments(), [(12.0, Command.PREVIOUS), (12.5, Command.PREVIOUS)], tmp_path / "s.wav"
    )
    said = [cue for cue, _, _ in steering._speaker.history]  # type: ignore[union-attr]
    status = [c.text for c in said if c.key == "status"]
    assert len(status) == 1
    assert status[0].split(".")[0] in ("Twelve seconds", "Thirteen seconds")  # pressed at 12.5
    assert "Cadence" in status[0]
    assert "In zone" in status[0]


def test_stop_ends_the_session_early_and_says_so(tmp_path: Path) -> None:
    result, steering = render_steered(two_segments(), [(5.0, Command.STOP)], tmp_path / "x.wav")
    rec = result.chain.recorder
    assert rec.interrupted
    assert _events(rec.events, EventKind.STOPPED) == [(5.0, "runner")]
    assert rec.rows[-1].t <= 9  # a short tail for the words, then the end
    said = [cue.key for cue, _, _ in steering._speaker.history]  # type: ignore[union-attr]
    assert said[-1] == "stopped"
    assert rec.summary().interrupted


def test_the_play_state_is_shown_back() -> None:
    controls = Controls()
    seen: list[PlayState] = []
    controls.watch(seen.append)
    controls.show(PlayState.PLAYING)
    controls.show(PlayState.PLAYING)
    controls.show(PlayState.PAUSED)
    assert seen == [PlayState.PLAYING, PlayState.PAUSED]
