"""What every source hands to the estimator: one :class:`Reading` per look. Pure.

Cadence is in steps per minute once it leaves a source: a source that receives strides per
minute (most FIT files, some footpods) converts at its edge.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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
    cadence_confidence: float | None = None
    """0-1, from a source that can say how sure it is of its cadence (a step detector on an
    accelerometer); ``None`` from one that cannot, whose cadence is taken as sent."""


class Source(Protocol):
    """Anything the session can read once a second."""

    def reading(self, t: float) -> Reading | None:
        """The reading at session time ``t``, or ``None`` when nothing arrived (the
        estimator then reports the signal stale, then lost)."""
        ...
