"""Reports: the segments a chart shades."""

from __future__ import annotations

from cadence_coach.history.report import segment_spans


def test_segment_spans() -> None:
    assert segment_spans(["walk", "walk", "run", "run", "run", "walk"]) == [(0, 1), (2, 4), (5, 5)]
    assert segment_spans([]) == []
