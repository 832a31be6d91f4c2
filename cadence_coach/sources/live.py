"""Live Bluetooth sensors as a source: the sensor hub read once a second."""

from __future__ import annotations

from cadence_coach.sensors.hub import SensorHub
from cadence_coach.sources.reading import Reading


class LiveSource:
    """The hub as a session's source: a reading from what arrived since the last look, or
    ``None`` if nothing did (the estimator then reports the sensor stale, then lost)."""

    def __init__(self, hub: SensorHub) -> None:
        self.hub = hub

    def reading(self, t: float) -> Reading | None:
        got = self.hub.take()
        if got is None:
            return None
        return Reading(
            t=t,
            source="ble",
            cadence_spm=got.cadence_spm,
            speed_mps=got.speed_mps,
            heart_rate_bpm=got.heart_rate_bpm,
            rr_s=got.rr_s,
            stride_m=got.stride_m,
            incline_pct=got.incline_pct,
            cadence_confidence=got.cadence_confidence,
        )
