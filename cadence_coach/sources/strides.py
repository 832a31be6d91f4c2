"""Steps or strides: the one place that judges what a cadence counts. Pure.

Footpods' RSC cadence byte says "1/minute", and FIT, TCX and GPX files mostly hold strides
but sometimes steps (evidence in docs/sensors.md). A footpod's unit is decided, in order, by
the runner's setting for it, by its model when there is evidence, and by plausibility against
the speed it sends (:class:`CadenceUnits`); a recording's, by the same plausibility over all
its records, or by its median when it has no speed (:func:`recording_unit`). The decision and
its reason are reported.
"""

from __future__ import annotations

import enum
import statistics
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
MAX_RUNNING_MPS = 12.5
"""Faster than any runner has run (45 km/h): a footpod's speed above it is a fault."""
MAX_STEP_M = 1.9
"""A running step longer than this is not one step: endurance runners stay well under it."""
MIN_STEP_M = 0.3
MAX_STEPS_PER_MIN = 250.0
"""Faster than any human step rate: a cadence that would exceed it doubled is not strides."""
AGREE = 5
"""Consecutive plausibility verdicts that settle the unit for the rest of the session."""
STRIDES_READING_BELOW = 100.0
"""With no speed, one reading below this cannot be a running step rate..."""
STRIDES_MEDIAN_BELOW = 120.0
"""...and a whole recording's moving median below this is strides (walking steps reach
about 130, running strides about 100)."""


def known_model(name: str | None) -> KnownModel | None:
    if not name:
        return None
    for model in KNOWN_MODELS:
        if name.upper().startswith(model.prefix.upper()):
            return model
    return None


def plausible_speed(speed_mps: float | None) -> float | None:
    """A footpod's speed, or ``None`` when it cannot be a runner's (a fault, 0xFFFF)."""
    if speed_mps is None or not 0 <= speed_mps <= MAX_RUNNING_MPS:
        return None
    return speed_mps


def plausible_unit(cadence_per_min: float, speed_mps: float | None) -> CadenceUnit | None:
    """The unit that makes this reading a plausible gait, or ``None`` if both or neither do.

    Running: the step length implied by the speed decides (``60 v / c`` is a step when ``c``
    counts steps; when ``c`` counts strides it comes out about twice too long). With no speed,
    a single reading below 100 cannot be a running step rate."""
    if cadence_per_min <= 0:
        return None
    speed_mps = plausible_speed(speed_mps)  # an absurd speed never votes: as if none was sent
    if speed_mps is not None and speed_mps >= RUNNING_MPS:
        as_steps = 60 * speed_mps / cadence_per_min
        steps_ok = MIN_STEP_M <= as_steps <= MAX_STEP_M
        strides_ok = (
            MIN_STEP_M <= as_steps / 2 <= MAX_STEP_M and 2 * cadence_per_min <= MAX_STEPS_PER_MIN
        )
        if steps_ok != strides_ok:
            return CadenceUnit.STEPS if steps_ok else CadenceUnit.STRIDES
        return None
    if speed_mps is None and cadence_per_min < STRIDES_READING_BELOW:
        return CadenceUnit.STRIDES
    return None


def recording_unit(cadences: list[float], speeds: list[float | None]) -> tuple[CadenceUnit, str]:
    """What a recording's cadence counts, and why in words: the verdict of most records
    with a running speed, if a clear majority (four in five) agrees; else the median."""
    moving = [c for c in cadences if c > 20]
    if not moving:
        raise ValueError("no moving cadence")
    verdicts = [
        (plausible_unit(c, s), c, s)
        for c, s in zip(cadences, speeds, strict=True)
        if c > 20 and s is not None
    ]
    voted = [(v, c, s) for v, c, s in verdicts if v is not None]
    for unit in CadenceUnit:
        agree = [60 * s / (c * (2 if unit is CadenceUnit.STRIDES else 1)) for v, c, s in voted
                 if v is unit and s is not None]  # fmt: skip
        if voted and len(agree) >= 0.8 * len(voted):
            return unit, f"from speed: a {statistics.median(agree):.2f} m step"
    median = statistics.median(moving)
    unit = CadenceUnit.STRIDES if median < STRIDES_MEDIAN_BELOW else CadenceUnit.STEPS
    return unit, f"from the data: a median of {median:.0f} per minute"


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
