"""Sources of readings, the start of the data flow: simulated runner, recordings, sensors.

Every source hands out :class:`Reading` objects with cadence in steps per minute: a source
that receives strides per minute converts at its edge.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Reading:
    """One reading from one source at session time ``t`` (seconds)."""

    t: float
    source: str
    cadence_spm: float | None = None
    speed_mps: float | None = None
    heart_rate_bpm: float | None = None
    rr_s: tuple[float, ...] = ()
    stride_m: float | None = None
    incline_pct: float | None = None
    """A treadmill's incline."""
