"""What one accelerometer frame told, in steps: light, for the hub and ``cadence-coach
sensor`` (the detector that makes it is in :mod:`cadence_coach.sensors.pmd_stream`)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StepReading:
    """What one frame told: for ``cadence-coach sensor`` and the hub."""

    steps_t_s: tuple[float, ...]
    """Steps found in this frame's samples (or confirmed by them), on the strap's clock."""
    cadence_spm: float | None
    confidence: float
    total_steps: int
    rate_hz: int
    sure: bool = False
    """A cadence the coach can use (standing still, or sure enough)."""
