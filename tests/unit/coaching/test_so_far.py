"""The running counts the panel and the spoken status read: taken a row at a time, they
agree with the whole session counted again, and with the summary."""

from __future__ import annotations

import pytest

from cadence_coach.sources.simulated import SimEvent, SimEventKind
from tests.unit.history.test_store import session


def test_counted_as_it_goes_equals_counted_at_the_end() -> None:
    chain = session(300, (SimEvent(SimEventKind.STOP, 100.0, 20.0),))
    for t in range(10, 301, 7):
        chain.advance(float(t))
        so_far = chain.recorder.so_far()
        rows = chain.recorder.rows
        judged = [r for r in rows if r.in_zone is not None]
        assert so_far.judged == len(judged)
        assert so_far.metres == pytest.approx(sum(r.speed_mps or 0 for r in rows if r.moving))
    summary = chain.recorder.summary()
    assert summary.time_in_zone_pct is not None
    assert chain.recorder.so_far().time_in_zone_pct == pytest.approx(
        summary.time_in_zone_pct, abs=0.05
    )
