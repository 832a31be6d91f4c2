"""When other apps are lowered: as a phrase starts, back a breath after the last one ends,
never for clicks alone; and what was lowered, kept in its state file for after a crash."""

from __future__ import annotations

from pathlib import Path

from cadence_coach.audio.server import Lowered, read_state, write_state
from cadence_coach.session.ducking import Duck, DuckTiming


def test_lowered_under_words_and_back_after_a_breath() -> None:
    timing = DuckTiming(latency_s=0.3)  # put back 0.8 s after the words
    ticks = [(0.0, False), (0.1, True), (0.2, True), (1.0, False), (1.5, False), (1.9, False)]
    assert [timing.update(t, s) for t, s in ticks] == [
        None, Duck.LOWER, None, None, None, Duck.RESTORE,
    ]  # fmt: skip


def test_back_to_back_phrases_do_not_pump() -> None:
    timing = DuckTiming(latency_s=0.3)
    ticks = [(0.0, True), (1.0, False), (1.4, True), (2.0, False), (3.0, False)]
    assert [timing.update(t, s) for t, s in ticks] == [Duck.LOWER, None, None, None, Duck.RESTORE]


def test_clicks_alone_never_lower_anything() -> None:
    timing = DuckTiming(latency_s=0.3)
    assert all(timing.update(t / 10, False) is None for t in range(600))


def test_the_state_file_keeps_what_was_lowered_until_it_is_put_back(tmp_path: Path) -> None:
    path = tmp_path / "ducked.json"
    lowered = [Lowered(7, "123", "podcast", (65536.0, 65536.0), (19660.8, 19660.8))]
    write_state(path, lowered)
    assert read_state(path) == lowered
    write_state(path, [])
    assert not path.exists()
    assert read_state(path) == []


def test_a_damaged_state_file_is_nothing_lowered(tmp_path: Path) -> None:
    path = tmp_path / "ducked.json"
    path.write_text("{not json")
    assert read_state(path) == []
    path.write_text('[{"index": "x"}]')
    assert read_state(path) == []
