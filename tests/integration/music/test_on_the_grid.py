"""The runner's music stretched onto the session's beat grid, checked from the rendered
audio by an independent beat tracker (aubio; the package tracks beats with librosa): at
172 spm, at a second target, and across a tempo change the music follows."""

from __future__ import annotations

import dataclasses
from fractions import Fraction
from pathlib import Path

import pytest

from cadence_coach.coaching.segments import MetronomeMode
from cadence_coach.music.library import Track
from cadence_coach.plans.library import find_plan
from cadence_coach.plans.setup import free_run, planned_run
from cadence_coach.session.settings import RunSettings
from tests.support.music import aubio_beats, ideal_grid, on_grid, render_session

pytestmark = pytest.mark.slow


def music_run(target: float, seconds: float, tracks: list[Track]) -> RunSettings:
    """A free run at ``target`` with the metronome off: the music alone keeps the beat."""
    setup = free_run(target, None, None, None, seconds, MetronomeMode.OFF)
    return RunSettings(setup.config, music=tuple(tracks))


@pytest.mark.parametrize("target", [172, 165])
def test_the_music_lands_on_the_grid_at_the_target(
    target: int, tracks: dict[str, Track], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = render_session(
        music_run(target, 60, [tracks["frontiers.flac"]]), tmp_path / "out.wav", monkeypatch
    )
    fs = session.fs
    # The grid the mixer kept is the ideal constant-tempo grid from sample 0.
    assert session.grid[:150] == ideal_grid(Fraction(target), 150 * 60 * fs // target, fs)[:150]
    # The tracker needs a few seconds to lock on; the music starts at the first beat.
    beats = aubio_beats(session.pcm, fs)
    beats = beats[(beats > 5 * fs) & (beats < 58 * fs)]
    found = on_grid(beats, session.grid, fs)
    assert found.beats > 0.8 * (53 * target / 60)
    assert found.within_15ms >= 0.9, found
    assert found.tempo_bpm == pytest.approx(target, rel=0.005)
    assert not session.said  # the track fits: nothing to say


def test_the_music_follows_a_change_of_target(
    tracks: dict[str, Track], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """172 spm for 40 s, then 165: the music fades at the change and comes back in,
    re-stretched, on the new tempo's beats once the grid's ramp is done."""
    plan = tmp_path / "change.toml"
    plan.write_text(
        'name = "Two targets"\n'
        '[[segment]]\nkind = "run"\nname = "Fast"\nduration = "40s"\ntarget = 172\n'
        'metronome = "off"\n'
        '[[segment]]\nkind = "run"\nname = "Easier"\nduration = "50s"\ntarget = 165\n'
        'metronome = "off"\n'
    )
    setup = planned_run(find_plan(str(plan)), None, feedback=False)
    settings = dataclasses.replace(RunSettings(setup.config), music=(tracks["frontiers.flac"],))
    session = render_session(settings, tmp_path / "out.wav", monkeypatch)
    fs = session.fs
    beats = aubio_beats(session.pcm[: 40 * fs], fs)
    before = on_grid(beats[beats > 5 * fs], session.between(0, 40), fs)
    # The tracker, locked on 172, is slow to let go: a fresh one hears what follows the
    # 16-beat ramp, and is given a few seconds to lock on.
    ramp_end = round((40 + 16 * 60 / 165) * fs)
    late = aubio_beats(session.pcm[ramp_end:], fs) + ramp_end
    late = late[(late > ramp_end + 5 * fs) & (late < 88 * fs)]
    after = on_grid(late, [b for b in session.grid if b >= ramp_end], fs)
    assert before.within_15ms >= 0.9, before
    assert before.tempo_bpm == pytest.approx(172, rel=0.005)
    assert after.beats > 0.8 * ((88 - 40 - 5.8 - 5) * 165 / 60)
    assert after.within_15ms >= 0.9, after
    assert after.tempo_bpm == pytest.approx(165, rel=0.005)
