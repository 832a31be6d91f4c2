"""Reports: the figures a report prints, the chart's time axis, and the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadence_coach.coaching.estimator import SensorState
from cadence_coach.coaching.recorder import CueRecord, Row, Summary
from cadence_coach.history.records import Journal, SessionInfo, SessionKind, SessionStatus
from cadence_coach.history.report.chart import chart, tick_step_s
from cadence_coach.history.report.figures import (
    comparison,
    distance_and_pace,
    local_time,
    segment_spans,
    segments,
    summary_lines,
)
from cadence_coach.history.report.page import write_html


def test_segment_spans() -> None:
    assert segment_spans(["walk", "walk", "run", "run", "run", "walk"]) == [(0, 1), (2, 4), (5, 5)]
    assert segment_spans([]) == []


def row(
    t: int,
    segment: str,
    cadence: float | None,
    *,
    coached: bool = True,
    speed: float | None = 3.0,
    heart: float | None = 150.0,
) -> Row:
    zone = (166.8, 177.2)
    return Row(t, segment, 172.0, zone, cadence, heart, speed, True, SensorState.OK, True, coached)


def session(rows_summary: dict[str, object] | None = None, **kw: object) -> SessionInfo:
    summary = Summary.from_json(rows_summary or {"cadence_mean_spm": 170.0})
    fields: dict[str, object] = {"id": 7, "started_at": "2026-11-30T06:30:00+00:00",
                                 "plan": "Run-walk 1:1", "kind": SessionKind.LIVE,
                                 "status": SessionStatus.FINISHED, "summary": summary}  # fmt: skip
    fields.update(kw)
    return SessionInfo(**fields)  # type: ignore[arg-type]


PLAN_ROWS = [row(t, "Walk", 118.0, coached=False, speed=1.4, heart=110) for t in range(60)] + [
    row(t, "Run", 170.0 if t % 4 else 160.0) for t in range(60, 180)
]


def test_each_segment_has_its_own_figures() -> None:
    walk, run = segments(PLAN_ROWS)
    assert walk.cells() == ("Walk", "1:00", "-", "118 spm", "-", "110 bpm")
    assert (run.name, run.seconds, run.target_spm, run.time_in_zone_pct) == ("Run", 120, 172.0, 75)
    assert run.cadence_mean_spm == pytest.approx(167.5)


def test_distance_and_pace_from_the_speed() -> None:
    assert distance_and_pace(PLAN_ROWS) == "0.44 km, 6:45 /km"  # 60 * 1.4 + 120 * 3 = 444 m
    assert distance_and_pace([row(t, "Run", 170.0, speed=None) for t in range(60)]) is None


def test_a_session_is_compared_with_the_last_ones_of_its_kind() -> None:
    def earlier(n: int, cadence: float, kind: SessionKind = SessionKind.LIVE) -> SessionInfo:
        return session({"cadence_mean_spm": cadence, "time_in_zone_pct": 60.0}, id=n, kind=kind,
                       started_at=f"2026-11-2{n}T06:30:00+00:00")  # fmt: skip

    this = session({"cadence_mean_spm": 170.0, "time_in_zone_pct": 80.0})
    others = [earlier(1, 160.0), earlier(2, 166.0), earlier(3, 100.0, SessionKind.SIMULATED)]
    assert comparison(this, [*others, this]) == (
        "your last 2 runs: mean 163.0 spm, 60% in zone; this one +7.0 spm"
    )
    assert comparison(this, [this]) is None


def test_the_report_names_the_runner_local_time_and_units() -> None:
    assert local_time("2026-11-30T06:30:00+00:00").startswith(("Mon 30 Nov 2026", "Sun 29 Nov"))
    journal = Journal(6, "light", "", "windy")
    lines = dict(summary_lines(session(journal=journal), PLAN_ROWS, []))
    assert lines["distance"] == "0.44 km, 6:45 /km"
    assert lines["journal"] == "effort 6/10, light feet: windy"
    assert "None" not in "".join(lines.values())


def test_an_interrupted_session_with_nothing_recorded_draws_no_chart(tmp_path: Path) -> None:
    info = session({}, status=SessionStatus.INTERRUPTED)
    assert not chart(info, [], [], tmp_path / "c.png")
    assert not (tmp_path / "c.png").exists()
    lines = summary_lines(info, [], [])
    assert "None" not in "".join(v for _, v in lines)


@pytest.mark.parametrize(
    ("length_s", "step_s"), [(180, 30), (600, 60), (1680, 300), (2834, 300), (7200, 900)]
)
def test_time_ticks_fit_the_session(length_s: float, step_s: int) -> None:
    assert tick_step_s(length_s) == step_s
    assert length_s / tick_step_s(length_s) <= 10


def test_the_chart_and_the_page(tmp_path: Path) -> None:
    info = session()
    png = tmp_path / "c.png"
    assert chart(info, PLAN_ROWS, [CueRecord(70.0, "cadence_up", "Quick feet")], png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = tmp_path / "c.html"
    write_html(info, png, summary_lines(info, PLAN_ROWS, []), segments(PLAN_ROWS),
               [CueRecord(70.0, "cadence_up", "Quick feet")], page)  # fmt: skip
    text = page.read_text()
    assert "name='viewport'" in text  # for a phone
    assert "<h2>Segments</h2>" in text
    assert "<td>172 spm</td>" in text  # units in the cells
    assert "<td>1:10</td><td>Quick feet</td>" in text
    assert "data:image/png;base64," in text
