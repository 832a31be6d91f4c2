"""A strap's accelerometer frames as steps: the sample rate asked for, each frame's samples
placed in time, and the step detector fed. Pure: times are the strap's own.

This is where acceleration becomes cadence, at the sensors' edge, as a footpod's strides
become steps there (:mod:`cadence_coach.sources.strides`).
"""

from __future__ import annotations

import numpy as np

from cadence_coach.sensors.gatt.acc_frame import AccFrame
from cadence_coach.sensors.step_reading import StepReading
from cadence_coach.sources.steps.cadence import CadenceMeter
from cadence_coach.sources.steps.detector import StepDetector
from cadence_coach.sources.steps.grid import Floats


class AccStream:
    """One strap's accelerometer stream, from the frame after a start to a drop."""

    def __init__(self, rate_hz: int, factor: float = 1.0) -> None:
        self.rate_hz = rate_hz
        self.factor = factor
        self._detector = StepDetector()
        self._meter = CadenceMeter()
        self._last_ns: int | None = None

    def times(self, frame: AccFrame) -> Floats:
        """Each sample's time (s): the frame's stamp is its last sample's; the spacing comes
        from the previous frame's stamp when it follows on, else from the sample rate."""
        n = len(frame.samples)
        spacing = 1 / self.rate_hz
        if self._last_ns is not None:
            between = (frame.timestamp_ns - self._last_ns) / 1e9 / n
            if 0.5 * spacing < between < 2 * spacing:
                spacing = between
        end = frame.timestamp_ns / 1e9
        return end - spacing * np.arange(n - 1, -1, -1, dtype=np.float64)

    def update(self, frame: AccFrame) -> StepReading:
        if self._last_ns is not None and frame.timestamp_ns <= self._last_ns:
            self._detector = StepDetector()  # the strap's clock went back: it restarted
            self._meter = CadenceMeter()
            self._last_ns = None
        t = self.times(frame)
        self._last_ns = frame.timestamp_ns
        xyz = np.array(frame.milli_g(self.factor)) / 1000.0
        steps = self._detector.feed(t, xyz)
        self._meter.add(steps)
        window = self._meter.at(float(t[-1]), self._detector.gait)
        return StepReading(
            tuple(round(s.t_s, 3) for s in steps),
            window.spm,
            window.confidence,
            self._detector.steps,
            self.rate_hz,
            window.sure,
        )
