"""Steps or strides: turns a footpod's RSC cadence byte into steps per minute. Pure.

The RSC specification says "1/minute" and footpods disagree on what they count (evidence in
docs/sensors.md). The unit is decided, in order, by the runner's setting for this sensor, by
the device model when there is evidence for it, and by plausibility against the speed the
sensor sends; the decision and its reason are reported.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class CadenceUnit(enum.Enum):
    STEPS = "steps"
    STRIDES = "strides"


@dataclass(frozen=True, slots=True)
class KnownModel:
    prefix: str
    """The advertised name starts with this (case-insensitive)."""
    unit: CadenceUnit
    evidence: str


KNOWN_MODELS = (
    KnownModel("TICKR X", CadenceUnit.STEPS, "an open-source tracker halves it for this model"),
    KnownModel("RunPod", CadenceUnit.STRIDES, "bridge users get the right step rate only doubled"),
    KnownModel("Technogym", CadenceUnit.STEPS, "speed, stride length and cadence agree as steps"),
    KnownModel("MyRun", CadenceUnit.STEPS, "speed, stride length and cadence agree as steps"),
    KnownModel("RUNN", CadenceUnit.STEPS, "speed, stride length and cadence agree as steps"),
)

RUNNING_MPS = 6 / 3.6
"""Above this speed the runner is running, not walking."""
MAX_STEP_M = 1.9
"""A running step longer than this is not one step: endurance runners stay well under it."""
MIN_STEP_M = 0.3
AGREE = 5
"""Consecutive plausibility verdicts that settle the unit for the rest of the session."""


def known_model(name: str | None) -> KnownModel | None:
    if not name:
        return None
    for model in KNOWN_MODELS:
        if name.upper().startswith(model.prefix.upper()):
            return model
    return None


def plausible_unit(cadence_per_min: float, speed_mps: float | None) -> CadenceUnit | None:
    """The unit that makes this reading a plausible gait, or ``None`` if both or neither do.

    Running: the step length implied by the speed decides (``60 v / c`` is a step when ``c``
    counts steps; when ``c`` counts strides it comes out about twice too long). With no speed,
    a cadence below 120 while the runner is running is strides (one open treadmill bridge uses
    the same threshold)."""
    if cadence_per_min <= 0:
        return None
    if speed_mps is not None and speed_mps >= RUNNING_MPS:
        as_steps = 60 * speed_mps / cadence_per_min
        steps_ok = MIN_STEP_M <= as_steps <= MAX_STEP_M
        strides_ok = MIN_STEP_M <= as_steps / 2 <= MAX_STEP_M and cadence_per_min < 120
        if steps_ok != strides_ok:
            return CadenceUnit.STEPS if steps_ok else CadenceUnit.STRIDES
        return None
    if speed_mps is None and cadence_per_min < 100:
        return CadenceUnit.STRIDES
    return None


class CadenceUnits:
    """Decides, for one sensor, what its cadence byte counts, and converts to steps."""

    def __init__(self, name: str | None = None, setting: CadenceUnit | None = None) -> None:
        self.unit: CadenceUnit | None = setting
        self.reason = "your setting for this sensor" if setting else ""
        if self.unit is None:
            model = known_model(name)
            if model is not None:
                self.unit = model.unit
                self.reason = f"known model {model.prefix!r}: {model.evidence}"
        self._votes: list[CadenceUnit] = []

    @property
    def settled(self) -> bool:
        return self.unit is not None

    @property
    def assumption(self) -> str:
        """One line for the runner: what was assumed and why."""
        if self.unit is None:
            return "cadence unit not settled yet (steps unless speed says strides)"
        return f"cadence read as {self.unit.value} per minute ({self.reason})"

    def steps_per_min(self, cadence_per_min: float, speed_mps: float | None) -> float:
        """The cadence in steps per minute; votes on the unit until it is settled."""
        if self.unit is None:
            verdict = plausible_unit(cadence_per_min, speed_mps)
            if verdict is not None:
                self._votes = [*self._votes, verdict][-AGREE:]
                if len(self._votes) == AGREE and len(set(self._votes)) == 1:
                    self.unit = verdict
                    self.reason = "plausible against the speed it sends"
            unit = verdict or CadenceUnit.STEPS
        else:
            unit = self.unit
        return cadence_per_min * (2 if unit is CadenceUnit.STRIDES else 1)
