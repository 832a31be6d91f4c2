"""A minute of the soak (bench/soak.py runs half an hour): a live session through the
private PulseAudio sink, on an emulated footpod and strap that drop every 20 s and go away
for a while, measured from outside the coach."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cadence_coach.emulation.outages import Outages
from cadence_coach.emulation.pulse import PulseUnavailable, missing_tools
from cadence_coach.emulation.soak import soak


def test_a_minute_of_drops_and_an_outage(tmp_path: Path) -> None:
    if missing_tools():
        if os.environ.get("CI") == "true":
            pytest.fail(f"PulseAudio tools are needed in CI: {missing_tools()}")
        pytest.skip(f"no PulseAudio here: {missing_tools()}")
    try:
        # outages longer than the coach's connect timeout (10 s), shorter than its wait
        # before saying "lost" (30 s)
        outages = Outages(drop_every_s=20, away_every_s=20, away_s=(13, 17), seed=3)
        result = soak(tmp_path, 1.0, outages)
    except PulseUnavailable as err:
        pytest.skip(f"no PulseAudio here: {err}")
    report = "\n".join(result.lines())
    assert result.returncode == 0, result.errors
    assert len(result.outages) >= 2, report  # the sensors did go away
    assert result.samples == 60, report  # every second played is stored
    assert result.underruns == 0, report
    assert result.click_gaps == 0, report
    assert result.beats >= 150, report  # 172 spm for a minute, heard at the sink
    for name, times in result.reconnect_s.items():
        *settled, last = times  # the last outage may end after the session did
        assert settled, report
        assert all(t is not None and t <= 3.0 for t in settled), (name, report)
        assert last is None or last <= 3.0, (name, report)
    assert result.sensor_cues == [], report  # outages shorter than the wait say nothing
    assert result.drift_in_outages == 0, report
    start, end = result.rss_mb
    assert end - start < 20, report  # no growing memory
