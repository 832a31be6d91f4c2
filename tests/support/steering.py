"""Scripted controls for the tests: presses at given mixer frames, as a runner's buttons
would send them, so a rendered session can be paused, skipped and stopped exactly."""

from __future__ import annotations

from pathlib import Path

from cadence_coach.coaching.segments import MetronomeMode, Segment
from cadence_coach.plans.setup import Coaching, coach_config
from cadence_coach.session.controls import Command, Controls
from cadence_coach.session.loop import SessionResult, run_session
from cadence_coach.session.outputs import AudioFile
from cadence_coach.session.settings import RunSettings
from cadence_coach.session.steering import Steering
from cadence_coach.sources.simulated import RunnerModel

FS = 48_000


class ScriptedSteering(Steering):
    """A steering whose presses come from a script: ``(mixer seconds, command)``."""

    def __init__(self, script: list[tuple[float, Command]]) -> None:
        super().__init__(Controls())
        self.script = sorted(script, key=lambda item: item[0])

    def tick(self, frames: int) -> float:
        while self.script and self.script[0][0] * FS <= frames:
            self.controls.press(self.script.pop(0)[1], "script")
        return super().tick(frames)


def two_segments(first_s: float = 20.0, second_s: float = 20.0) -> RunSettings:
    """A short plan: two announced running segments at 172 spm, the simulated runner at
    164 with no events."""
    zone = (167.0, 177.0)
    segments = tuple(
        Segment(name, d, 172.0, zone, MetronomeMode.ON, timeline=True)
        for name, d in (("First", first_s), ("Second", second_s))
    )
    config = coach_config(segments, 164.0, Coaching())
    return RunSettings(config, runner=RunnerModel(habitual_spm=164.0), samplerate=FS)


def render_steered(
    settings: RunSettings, script: list[tuple[float, Command]], path: Path
) -> tuple[SessionResult, ScriptedSteering]:
    steering = ScriptedSteering(script)
    result = run_session(settings, AudioFile(path), notify=lambda _: None, steering=steering)
    return result, steering
