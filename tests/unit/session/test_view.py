"""The live view: plain log lines when piped, a rich panel on a terminal."""

from __future__ import annotations

import io

from rich.console import Console

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.segments import CoachConfig, Segment
from cadence_coach.session.view import PlainView, RichView, make_view
from cadence_coach.sources.reading import Reading
from cadence_coach.sources.simulated import RunnerModel, SimEvent, SimEventKind, SimulatedRunner
from cadence_coach.speech.phrases import PhraseBook


def session() -> CoachingChain:
    runner = SimulatedRunner(
        RunnerModel(habitual_spm=164, lapse_tau_s=0.3), (SimEvent(SimEventKind.LAPSE, 40, 30, 0.9),)
    )
    config = CoachConfig((Segment("run", 120, 172.0, (166.8, 177.2)),))
    return CoachingChain(config, runner, PhraseBook(), runner)


def test_plain_lines_for_cues_events_and_status() -> None:
    out = io.StringIO()
    view, s = PlainView(out), session()
    for t in range(0, 125, 1):
        s.advance(float(t))
        view.update(s)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("[0:00] segment run")
    assert any("coach: " in line and "[0:4" in line for line in lines)  # the drift cue near 0:48
    status = [line for line in lines if "cadence " in line and "target 172" in line]
    assert len(status) == 5  # at 0:00, 0:30, 1:00, 1:30 and 2:00
    assert f"coach: {s.recorder.cues[-1].text!r}" in lines[-2] + lines[-1]  # the closing words


def test_rich_panel_on_a_terminal() -> None:
    out = io.StringIO()
    view, s = RichView(Console(file=out, force_terminal=True, width=80)), session()
    for t in range(0, 60):
        s.advance(float(t))
        view.update(s)
    view.close()
    text = out.getvalue()
    assert "cadence" in text
    assert "166.8-177.2" in text
    assert "metronome" in text


def test_not_a_terminal_means_plain_lines() -> None:
    assert isinstance(make_view(io.StringIO()), PlainView)


def test_rich_panel_shows_a_treadmills_speed_and_incline_and_sensor_news() -> None:
    class Treadmill:
        def reading(self, t: float) -> Reading:
            return Reading(t, "ble", 170.0, 3.0, 140.0, incline_pct=1.5)

    config = CoachConfig((Segment("run", 120, 172.0, (166.8, 177.2)),))
    s = CoachingChain(config, Treadmill(), PhraseBook())
    out = io.StringIO()
    view = RichView(Console(file=out, force_terminal=True, width=80))
    s.advance(5.0)
    s.recorder.mark(5.0, EventKind.SENSOR, "Stride Sensor lost")
    view.update(s)
    view.close()
    text = out.getvalue()
    assert "10.8 km/h" in text
    assert "1.5 %" in text
    assert "(Stride Sensor lost)" in text
    # a plain session shows neither row
    out = io.StringIO()
    view, plain = RichView(Console(file=out, force_terminal=True, width=80)), session()
    plain.advance(5.0)
    view.update(plain)
    view.close()
    assert "incline" not in out.getvalue()


def panel_text(chain: CoachingChain) -> str:
    from cadence_coach.session.status import status
    from cadence_coach.session.view import panel

    out = io.StringIO()
    Console(file=out, width=100, force_terminal=False).print(panel(status(chain), chain))
    return out.getvalue()


def plan_session(hr_max: float | None = None) -> CoachingChain:
    from cadence_coach.coaching.segments import MetronomeMode, SegmentKind

    segments = (
        Segment("Walk", 60, 164.0, (159.1, 168.9), MetronomeMode.OFF, kind=SegmentKind.WALK,
                coached=False),
        Segment("Run", 120, 172.0, (166.84, 177.16), interval=(1, 6)),
    )  # fmt: skip
    runner = SimulatedRunner(RunnerModel(habitual_spm=164), (SimEvent(SimEventKind.STOP, 150, 20),))
    return CoachingChain(CoachConfig(segments, hr_max_bpm=hr_max), runner, PhraseBook(), runner)


def test_the_panel_keeps_its_rows_and_says_what_matters() -> None:
    s = plan_session(hr_max=100)
    s.advance(30.0)
    walking = panel_text(s)
    s.advance(120.0)
    running = panel_text(s)
    s.advance(160.0)
    standing = panel_text(s)
    assert len(walking.splitlines()) == len(running.splitlines()) == len(standing.splitlines())
    assert "target      -" in walking  # no target or zone during a walk
    assert "Run, 1 of 6" in running
    assert "zone 166.8-177.2" in running  # rounded as the summary rounds it
    assert "█" in running  # the cadence in large digits
    assert "% so far" in running
    assert "above your ceiling" in running  # heart rate over --hr-max
    assert "standing" in standing
    assert "standing spm" not in standing
    assert " km/h" in running
    assert "/km" in running
