"""The speaker's pure queue: at most one phrase, priorities, stale cues dropped, never late."""

from __future__ import annotations

import pytest

from cadence_coach.speech.phrases import Cue, Earcon, Priority
from cadence_coach.speech.speaker import CueQueue


def cue(key: str, priority: Priority, valid_s: float = 2.0, text: str | None = None) -> Cue:
    return Cue(key, text or key, priority, valid_s, Earcon.NOTICE)


URGENT = cue("walk_now", Priority.URGENT)
COACH = cue("cadence_up", Priority.COACHING)
CHAT = cue("in_zone", Priority.CHATTER)


def test_idle_starts_the_best_ready_cue() -> None:
    q = CueQueue()
    q.offer(CHAT, 0.0)
    q.offer(COACH, 0.1)
    d = q.decide(0.2, None, lambda c: True)
    assert (d.start, d.cut) == (COACH, False)
    assert q.decide(0.2, COACH, lambda c: True).start is None  # CHAT waits its turn


@pytest.mark.parametrize(
    ("playing", "new", "cuts"),
    [(COACH, URGENT, True), (CHAT, COACH, True), (COACH, COACH, False), (URGENT, COACH, False)],
)
def test_only_a_higher_priority_cuts(playing: Cue, new: Cue, cuts: bool) -> None:
    q = CueQueue()
    q.offer(new, 1.0)
    d = q.decide(1.0, playing, lambda c: True)
    assert (d.start is not None, d.cut) == (cuts, cuts)


def test_stale_cues_are_dropped_never_played_late() -> None:
    q = CueQueue()
    q.offer(cue("a", Priority.COACHING, valid_s=1.0), 0.0)
    assert q.decide(0.9, URGENT, lambda c: True).start is None  # waiting behind urgent
    d = q.decide(1.01, None, lambda c: True)
    assert d.start is None
    assert [c.key for c in d.dropped] == ["a"]
    assert len(q) == 0


def test_unrendered_cues_wait_and_equal_priorities_go_in_order() -> None:
    q = CueQueue()
    first, second = cue("a", Priority.COACHING), cue("b", Priority.COACHING)
    q.offer(first, 0.0)
    q.offer(second, 0.1)
    assert q.decide(0.2, None, lambda c: c is second).start is second
    assert q.decide(0.3, None, lambda c: True).start is first


def test_a_newer_cue_replaces_one_with_the_same_key() -> None:
    q = CueQueue()
    q.offer(cue("seconds_left", Priority.COACHING, text="30 seconds left"), 0.0)
    q.offer(cue("seconds_left", Priority.COACHING, text="20 seconds left"), 5.0)
    assert len(q) == 1
    d = q.decide(5.0, None, lambda c: True)
    assert d.start is not None
    assert d.start.text == "20 seconds left"
