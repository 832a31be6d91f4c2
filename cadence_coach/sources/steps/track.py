"""Steps and a cadence per second over a whole recording, as the coach would have seen them
live. Pure."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from cadence_coach.sources.steps.cadence import CadenceMeter, CadenceWindow
from cadence_coach.sources.steps.detector import Step, StepDetector
from cadence_coach.sources.steps.grid import Floats


@dataclass(frozen=True, slots=True)
class StepTrack:
    steps: tuple[Step, ...]
    cadence: tuple[CadenceWindow, ...]
    """One per whole second of the recording's time axis, after its first sample."""

    @property
    def steps_t_s(self) -> list[float]:
        return [s.t_s for s in self.steps]


def analyse(t_s: Floats, xyz_g: Floats) -> StepTrack:
    """Run the detector over a recording one second at a time, as a live sensor would feed
    it, and read the cadence at the end of each second."""
    detector = StepDetector()
    meter = CadenceMeter()
    steps: list[Step] = []
    windows: list[CadenceWindow] = []
    if not len(t_s):
        return StepTrack((), ())
    second = math.floor(t_s[0]) + 1
    cuts = np.searchsorted(t_s, np.arange(second, math.floor(t_s[-1]) + 1), side="left")
    begin = 0
    for offset, cut in enumerate(cuts):
        found = detector.feed(t_s[begin:cut], xyz_g[begin:cut])
        begin = cut
        steps += found
        meter.add(found)
        windows.append(meter.at(float(second + offset), detector.gait))
    steps += detector.feed(t_s[begin:], xyz_g[begin:])
    return StepTrack(tuple(steps), tuple(windows))
