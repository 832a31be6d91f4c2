"""Sessions rendered to a file: the same decisions as simulated, and what the file holds."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cadence_coach.audio.pcm import read_wav_mono
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.plans.loading import load_plan
from cadence_coach.plans.setup import planned_run
from cadence_coach.session.settings import RunSettings
from cadence_coach.sources.simulated import RunnerModel, SimEvent, SimEventKind
from cadence_coach.speech.earcons import earcon
from cadence_coach.speech.phrases import Earcon
from tests.support.sessions import plan_settings, render, simulate
from tests.support.signals import envelope, onsets

FS = 48_000


def test_rendering_to_wav_makes_the_same_decisions_as_simulating(tmp_path: Path) -> None:
    events = (
        SimEvent(SimEventKind.LAPSE, 40.0, 40.0, 0.92),
        SimEvent(SimEventKind.STOP, 100.0, 15.0),
        SimEvent(SimEventKind.DROPOUT, 125.0, 40.0),  # long enough to be said
    )
    segment = Segment("run", 180.0, 172.0, (166.8, 177.2), MetronomeMode.ON)
    run = RunSettings(
        CoachConfig((segment,), dwell_s=8.0, cooldown_s=30.0),
        runner=RunnerModel(habitual_spm=164, lapse_tau_s=0.5),
        events=events,
    )
    simulated = simulate(run)
    rendered = render(run, tmp_path / "run.wav")
    assert rendered.recorder.cues == simulated.recorder.cues
    assert rendered.recorder.events == simulated.recorder.events
    assert rendered.recorder.rows == simulated.recorder.rows
    assert len(simulated.recorder.cues) >= 5


def test_a_rendered_plan_sounds_as_its_timeline_says(tmp_path: Path) -> None:
    plan = tmp_path / "short.toml"
    plan.write_text(
        "name = 'Short'\n[defaults]\ngrace = '30s'\n"
        "[[segment]]\nkind = 'walk'\nduration = '20s'\n"
        "[[segment]]\nkind = 'run'\nduration = '30s'\ntarget = 172\n"
        "[[segment]]\nkind = 'walk'\nduration = '20s'\n"
    )
    config = planned_run(load_plan(plan), None).config
    run = RunSettings(config, runner=RunnerModel(habitual_spm=172, noise_spm=0))
    render(run, tmp_path / "short.wav")
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


def test_a_rendered_distance_session_stops_three_seconds_after_the_coach(tmp_path: Path) -> None:
    import soundfile

    out = tmp_path / "d.wav"
    session = render(plan_settings("distance-repeats", seed=3), out)
    assert session.finished
    frames = soundfile.info(str(out)).frames
    finished_at = session.now * FS
    # the audio ends on the first 4096-frame block at least 3 s after the coach finished
    assert finished_at + 3 * FS <= frames <= finished_at + 3 * FS + 2 * 4096
