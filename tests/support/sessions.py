"""Sessions for the tests: a built-in plan with the simulated runner, run with no audio or
rendered to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.plans.library import find_plan
from cadence_coach.plans.setup import planned_run
from cadence_coach.session.loop import run_session
from cadence_coach.session.outputs import AudioFile
from cadence_coach.session.settings import RunSettings
from cadence_coach.sources.simulated import RunnerModel


def plan_settings(name: str, habitual: float = 164.0, **kw: Any) -> RunSettings:
    """A built-in plan for a simulated runner of ``habitual`` cadence."""
    setup = planned_run(find_plan(name), habitual)
    return RunSettings(setup.config, runner=RunnerModel(habitual_spm=habitual), **kw)


def simulate(settings: RunSettings) -> CoachingChain:
    """The whole session with no audio, on the virtual clock."""
    return run_session(settings).chain


def render(settings: RunSettings, path: Path) -> CoachingChain:
    """The whole session rendered to ``path``."""
    return run_session(settings, AudioFile(path), notify=lambda _: None).chain
