"""Session plans: the built-ins, their timelines, broken plans, and a rendered plan's audio."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cadence_coach.audio.pcm import read_wav_mono
from cadence_coach.cli import cli
from cadence_coach.coach import CoachConfig
from cadence_coach.plans import PlanError, available, find_plan, load_plan
from cadence_coach.session import RunSettings, render_run, simulate
from cadence_coach.sources.sim import RunnerModel, SimEvent
from cadence_coach.speech.earcons import earcon
from cadence_coach.speech.phrases import Earcon
from tests.support.signals import envelope, onsets

FS = 48_000


def plan_settings(name: str, habitual: float = 164.0, **kw: object) -> RunSettings:
    plan = find_plan(name)
    config = CoachConfig(plan.segments(habitual), grace_s=plan.grace_s)
    return RunSettings(config, runner=RunnerModel(habitual_spm=habitual), **kw)  # type: ignore[arg-type]


def test_every_builtin_plan_validates() -> None:
    names = set(available())
    assert {"run-walk-1-1", "run-walk-2-1", "run-walk-3-1", "drills-warmup", "strides",
            "hills", "treadmill-practice", "baseline", "steady",
            "distance-repeats"} <= names  # fmt: skip
    for path in available().values():
        plan = load_plan(path)
        segments = plan.segments(164.0)
        assert 10 * 60 <= plan.duration_s <= 40 * 60
        assert all(s.duration_s > 0 for s in segments)


@pytest.mark.parametrize(("ratio", "rounds"), [(1, 8), (2, 6), (3, 5)])
def test_run_walk_alternates_exactly(ratio: int, rounds: int) -> None:
    segments = find_plan(f"run-walk-{ratio}-1").segments(164.0)
    middle = segments[1:-1]
    assert [s.kind for s in middle] == ["run", "walk"] * rounds
    assert [s.duration_s for s in middle] == [ratio * 60.0, 60.0] * rounds
    assert [s.interval for s in middle if s.kind == "run"] == [
        (n, rounds) for n in range(1, rounds + 1)
    ]
    assert all(s.target_spm == pytest.approx(172.2) for s in middle if s.kind == "run")
    assert all(s.metronome.value == "on" for s in middle if s.kind == "run")
    assert all(s.metronome.value == "off" and not s.coached for s in middle if s.kind == "walk")


def test_the_drills_warmup_announces_each_drill_twice_with_its_cue() -> None:
    said = [c.text for c in simulate(plan_settings("drills-warmup")).recorder.cues]
    for drill, cue in [
        ("Pogo jumps", "Stiff ankles, quiet and quick"),
        ("Skips", "Land under the hip, push the ground back"),
        ("Butt kicks", "Pull the heel up, don't kick back"),
    ]:
        announced = [t for t in said if t.startswith(drill)]
        assert len(announced) == 2
        assert all(cue in t for t in announced)


def test_the_timeline_is_spoken_on_time() -> None:
    session = simulate(plan_settings("run-walk-1-1"))
    cues = [(c.t_s, c.id, c.text) for c in session.recorder.cues]
    starts = [t for t, key, _ in cues if key == "segment"]
    assert starts == [0.0] + [300.0 + 60 * k for k in range(16)] + [1260.0]
    assert (300.0, "segment", "Run, one minute. Interval 1 of 8. Light and quick") in cues
    assert any(t == 360.0 and text.endswith("Walk, one minute") for t, _, text in cues)
    assert (150.0, "halfway") in [(t, k) for t, k, _ in cues]  # the five-minute walk
    countdown = [(t, k) for t, k, _ in cues if k.startswith("count_")]
    assert countdown[:3] == [(297.0, "count_3"), (298.0, "count_2"), (299.0, "count_1")]


def test_no_cadence_cues_while_walking() -> None:
    lapse = (SimEvent("lapse", 370.0, 40.0, 0.8),)  # through the first walk (360-420 s)
    session = simulate(plan_settings("run-walk-1-1", events=lapse))
    drift = [c.t_s for c in session.recorder.cues if c.id.startswith("cadence_")]
    walks = [(300.0 + 60 * k, 360.0 + 60 * k) for k in range(1, 16, 2)]
    assert not any(a <= t < b for t in drift for a, b in walks)


def test_start_at_skips_ahead() -> None:
    segments = find_plan("run-walk-3-1").segments(164.0, start_at_s=600.0)
    assert segments[0].duration_s == 120.0  # 10:00 is a minute into the 3-minute second run
    assert segments[0].kind == "run"
    assert sum(s.duration_s for s in segments) == 1200.0


BROKEN = [
    ("name = 1\n[[segment]]\nkind='run'\nduration='1m'", "name: must be a non-empty string"),
    ("[[segment]]\nkind='run'\nduration='1m'", "name: is missing"),
    ("name='x'", "segment: a plan needs at least one"),
    ("name='x'\n[[segment]]\nkind='jog'\nduration='1m'", "segment[1].kind: 'jog' is not one of"),
    ("name='x'\n[[segment]]\nkind='run'\nduration=true",
     "segment[1].duration: must be a duration"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='-1m'", "segment[1].duration: duration '-1m' must be longer than zero"),
    ("name='x'\n[[segment]]\nkind='run'", "segment[1].duration: is missing"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\nspeed=3", "segment[1].speed: unknown key"),
    ("name='x'\n[[segment]]\ntimes=3\nsegments=[]", "segment[1].segments: a repeat block needs segments"),
    ("name='x'\n[[segment]]\ntimes=100000\nsegments=[{kind='run', duration='1m'}]", "segment[1].times: must be a whole number from 1 to 100"),
    ("name='x'\n[[segment]]\ntimes=2\nsegments=[{kind='run', duration='1m'}, {kind='walk'}]", "segment[1].segments[2].duration: is missing"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\ntarget=400", "segment[1].target: target 400 spm is outside"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\ntarget='habitual+40%'", "segment[1].target: 'habitual+40%': the boost must be 0-15%"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\nzone='0%'", "segment[1].zone: zone 0% is outside"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\nmetronome='loud'", "segment[1].metronome: 'loud' is not one of on, off, faded"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\ncues=[{at='2m', say='hi'}]", "segment[1].cues[1].at: falls after the end of its segment"),
    ("name='x'\n[defaults]\nboost='50%'\n[[segment]]\nkind='run'\nduration='1m'", "defaults.boost: boost 50% is outside 0-15%"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='7h'", "lasts 7:00:00; at most 6 hours"),
    ("name='x'\n[[segment]]\nkind = 'run\nduration='1m'", "not valid TOML: "),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\ndistance='400m'", "segment[1].distance: give a duration or a distance, not both"),
    ("name='x'\n[[segment]]\nkind='run'\ndistance='400 yards'", "segment[1].distance: '400 yards': a distance from 10 m to 50 km"),
    ("name='x'\n[[segment]]\nkind='run'\ndistance='5m'", "segment[1].distance: '5m': a distance from 10 m"),
    ("name='x'\n[defaults]\npace='fast'\n[[segment]]\nkind='run'\ndistance='1km'", "defaults.pace: 'fast': a pace from 2:30 to 15:00 per km"),
    ("name='x'\n[defaults]\npace='1:00'\n[[segment]]\nkind='run'\ndistance='1km'", "defaults.pace: '1:00'"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_broken_plans_get_one_precise_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_toml_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("name = 'x'\n\n[[segment]]\nkind = = 'run'\n")
    with pytest.raises(PlanError, match=r"line 4"):
        load_plan(path)


def test_plans_commands() -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["plans"])
    assert listing.exit_code == 0
    assert "run-walk-1-1" in listing.stdout
    shown = runner.invoke(cli, ["plans", "show", "run-walk-1-1", "--habitual", "160"])
    assert shown.exit_code == 0
    assert "168 spm" in shown.stdout  # 160 + 5 %
    assert "Interval" not in shown.stdout
    good = runner.invoke(cli, ["plans", "check", str(available()["strides"])])
    assert good.exit_code == 0
    assert "ok" in good.stdout


def test_plans_check_on_a_broken_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("name='x'\n[[segment]]\nkind='jog'\nduration='1m'\n")
    result = CliRunner().invoke(cli, ["plans", "check", str(path)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "segment[1].kind" in result.stderr


def test_run_a_plan_needs_the_habitual_cadence() -> None:
    result = CliRunner().invoke(cli, ["run", "run-walk-1-1", "--out", "x.wav"])
    assert result.exit_code == 2
    assert "--habitual" in result.stderr


def test_a_rendered_plan_sounds_as_its_timeline_says(tmp_path: Path) -> None:
    plan = tmp_path / "short.toml"
    plan.write_text(
        "name = 'Short'\n[defaults]\ngrace = '30s'\n"
        "[[segment]]\nkind = 'walk'\nduration = '20s'\n"
        "[[segment]]\nkind = 'run'\nduration = '30s'\ntarget = 172\n"
        "[[segment]]\nkind = 'walk'\nduration = '20s'\n"
    )
    config = CoachConfig(load_plan(plan).segments(None), grace_s=30)
    run = RunSettings(config, runner=RunnerModel(habitual_spm=172, noise_spm=0))
    render_run(run, tmp_path / "short.wav", notify=lambda _: None)
    pcm, fs = read_wav_mono(tmp_path / "short.wav")
    loud = envelope(pcm, fs) > 0.01  # 10 ms windows
    # Speech starts where the timeline says, within one 4096-frame block: 0 s, 20 s, 50 s.
    for start in (0.0, 20.0, 50.0):
        first = start * 100 + np.argmax(loud[int(start * 100) :])
        assert 0 <= first / 100 - start <= 4096 / fs + 0.01
    # Clicks at 172 spm in the run, after its announcement; silence in the walks' quiet parts.
    run_part = pcm[28 * fs : 47 * fs]
    intervals = np.diff(onsets(run_part))
    assert len(intervals) >= 40
    assert np.all(np.abs(intervals - 60 * fs / 172) <= 1)
    assert not pcm[8 * fs : 17 * fs].any()  # a walk: no metronome, nothing said
    # Transitions open with their earcon before the words: rising into the run, falling
    # into the walk (from the first block rendered after the change).
    for start, kind in ((20, Earcon.RUN), (50, Earcon.WALK)):
        at = -(-start * fs // 4096) * 4096
        tone = earcon(kind, fs)
        assert np.corrcoef(pcm[at : at + len(tone)], tone)[0, 1] > 0.95


def test_a_running_segment_ends_with_its_summary() -> None:
    said = [
        c.text for c in simulate(plan_settings("run-walk-2-1")).recorder.cues if c.id == "segment"
    ]
    walks = [t for t in said if "Walk, one minute" in t]
    assert len(walks) == 6
    assert all(t.startswith("Average one ") and " percent. Walk, one minute" in t for t in walks)


def test_a_rendered_timeline_has_no_sensor_feedback() -> None:
    plan = find_plan("run-walk-1-1")
    config = CoachConfig(plan.segments(164.0), grace_s=plan.grace_s, feedback=False)
    lapse = (SimEvent("lapse", 300.0, 120.0, 0.85), SimEvent("dropout", 600.0, 60.0))
    session = simulate(RunSettings(config, runner=RunnerModel(habitual_spm=164), events=lapse))
    ids = {c.id for c in session.recorder.cues}
    assert "segment" in ids
    assert "count_3" in ids
    assert not ids & {"cadence_up", "cadence_up_firm", "sensor_lost", "in_zone"}


@pytest.mark.parametrize("suffix", [".ogg", ".wav"])
def test_render_a_plan_to_a_file_for_a_phone(tmp_path: Path, suffix: str) -> None:
    import soundfile

    plan = tmp_path / "short.toml"
    plan.write_text("name = 'Short'\n[[segment]]\nkind = 'run'\nduration = '40s'\ntarget = 170\n")
    out = tmp_path / f"short{suffix}"
    result = CliRunner().invoke(cli, ["render", str(plan), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    info = soundfile.info(str(out))
    assert info.duration == pytest.approx(43, abs=0.1)  # the plan and its closing words
    pcm, fs = soundfile.read(str(out), dtype="float32")
    assert np.max(np.abs(pcm[10 * fs : 30 * fs])) > 0.1  # clicks all through the run


def test_render_refuses_a_format_it_cannot_write(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["render", "strides", "--habitual", "164", "--out", str(tmp_path / "x.aac")]
    )
    assert result.exit_code != 0
    assert "use .wav, .ogg, .mp3, .flac" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_zone_that_misses_its_target_names_the_segment(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        "name='x'\n[[segment]]\nkind='run'\nname='Tempo'\nduration='1m'\ntarget=172\nzone='150-160'\n"
    )
    plan = load_plan(path)  # the range itself is fine
    with pytest.raises(
        PlanError, match=r"bad.toml: segment 'Tempo': zone 150-160 does not contain the target 172"
    ):
        plan.segments(None)
    result = CliRunner().invoke(cli, ["plans", "check", str(path)])
    assert result.exit_code == 1
    assert "segment 'Tempo'" in result.stderr


def test_a_boost_moves_the_running_parts_without_a_target_of_their_own() -> None:
    walk_run = find_plan("run-walk-1-1")
    runs = {s.target_spm for s in walk_run.segments(160.0, boost="7.5%") if s.kind == "run"}
    assert runs == {172.0}
    assert {s.target_spm for s in walk_run.segments(160.0) if s.kind == "run"} == {168.0}
    strides = [s for s in find_plan("strides").segments(160.0, boost="2%") if s.kind == "strides"]
    assert {s.target_spm for s in strides} == {172.8}  # strides keep their own +8%


def test_distances_take_the_plans_pace_as_their_expected_time(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(
        "name='d'\n[defaults]\npace='5:00/km'\n[[segment]]\nkind='run'\ndistance='1.5km'\n"
        "[[segment]]\nkind='walk'\ndistance=200\n"
    )
    run, walk = load_plan(path).segments(160.0)
    assert (run.distance_m, run.duration_s) == (1500.0, 450.0)
    assert (walk.distance_m, walk.duration_s) == (200.0, 60.0)


def test_distance_repeats_end_where_the_simulated_runner_covers_them() -> None:
    session = simulate(plan_settings("distance-repeats", seed=3))
    events = session.recorder.events
    covered = [detail for _, event, detail in events if event == "distance"]
    assert len(covered) == 12  # 6 runs and 6 walks, each ended by its distance
    for detail in covered:
        metres = float(detail.split(" m in ")[0])
        assert 0 <= metres - 400 < 5 or 0 <= metres - 200 < 5
    # so the session lasts what the runner took, not what the plan expected
    assert session.now != pytest.approx(session.duration_s, abs=5)


def test_a_rendered_distance_session_stops_three_seconds_after_the_coach(tmp_path: Path) -> None:
    import soundfile

    out = tmp_path / "d.wav"
    session = render_run(plan_settings("distance-repeats", seed=3), out, notify=lambda _: None)
    assert session.finished
    frames = soundfile.info(str(out)).frames
    finished_at = session.now * FS
    # the audio ends on the first 4096-frame block at least 3 s after the coach finished
    assert finished_at + 3 * FS <= frames <= finished_at + 3 * FS + 2 * 4096
