"""Where decoded sensor values meet the session: the Bluetooth thread writes, the session's
live source (:mod:`cadence_coach.sources.live`) takes a :class:`Snapshot` a second.
Thread-safe, no I/O.

Several sensors at once: cadence from the footpod, else from a strap's accelerometer; speed
from the treadmill when there is one (the belt's speed is exact, a footpod's is estimated),
else from the footpod; heart rate from the strap, else from the treadmill.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from cadence_coach.sensors.gatt import (
    HeartRateMeasurement,
    RscMeasurement,
    SensorContact,
    TreadmillData,
)
from cadence_coach.sources.strides import CadenceUnits, plausible_speed

MAX_BELT_MPS = 40 / 3.6
"""Faster than any treadmill's belt (most stop at 20-25 km/h): a fault, not a speed."""
MAX_INCLINE_PCT = 40.0
"""Steeper than any treadmill inclines (0x8000, -3276.8 %, is a machine's "not available")."""

if TYPE_CHECKING:
    from cadence_coach.sensors.step_reading import StepReading


class LinkState(Enum):
    CONNECTING = "connecting"
    CONNECTED = "connected"
    LOST = "lost"


@dataclass(frozen=True, slots=True)
class SensorStatus:
    """What the runner is told about one sensor."""

    target: str
    name: str | None = None
    address: str | None = None
    state: LinkState = LinkState.CONNECTING
    battery_pct: int | None = None
    connects: int = 0
    packets: int = 0
    malformed: int = 0
    extended: int = 0
    """Treadmill records with a vendor's extra field, read for their standard part."""
    no_contact: int = 0
    """Heart-rate readings dropped because the strap said it had no skin contact."""
    assumption: str = ""
    """For a footpod: what its cadence byte was taken to count, and why."""
    unit_settled: bool = False
    """For a footpod: whether that is decided for the rest of the session."""
    accelerometer: str = ""
    """For a strap with an accelerometer: its stream's rate, or why it did not start."""
    steps: int = 0
    """Steps its accelerometer has counted."""
    steps_ready: bool = False
    """Its step detector has been sure of a cadence (or of standing still)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """Everything that arrived since the last look, merged from every sensor."""

    cadence_spm: float | None
    speed_mps: float | None
    """The belt's speed when a treadmill is connected (exact), else the footpod's."""
    heart_rate_bpm: float | None
    rr_s: tuple[float, ...]
    stride_m: float | None
    incline_pct: float | None
    cadence_confidence: float | None = None
    """How sure a strap's step detector is of the cadence; ``None`` for a footpod's."""


@dataclass
class _Latest:
    cadence_spm: float | None = None
    cadence_from: str | None = None
    footpod_speed_mps: float | None = None
    belt_speed_mps: float | None = None
    heart_rate_bpm: float | None = None
    strap_hr: bool = False
    incline_pct: float | None = None
    stride_m: float | None = None
    rr_s: list[float] = field(default_factory=list)
    fresh: bool = False
    cadence_confidence: float | None = None
    footpod: bool = False
    """A footpod is connected: its cadence is used, not an accelerometer's."""


class SensorHub:
    """The latest value of everything, and a status per sensor."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._latest = _Latest()
        self._status: dict[str, SensorStatus] = {}
        self.last_packet: float | None = None
        """``time.monotonic()`` of the last accepted notification (for latency figures)."""

    def _update(self, target: str, **changes: Any) -> None:
        status = self._status.get(target, SensorStatus(target))
        self._status[target] = replace(status, **changes)

    def _packet(self, target: str) -> None:
        status = self._status.get(target, SensorStatus(target))
        self._status[target] = replace(status, packets=status.packets + 1)
        self._latest.fresh = True
        self.last_packet = time.monotonic()

    # -- written by the Bluetooth thread -----------------------------------------------------

    def set_state(self, target: str, state: LinkState) -> None:
        with self._lock:
            self._update(target, state=state)

    def connected(self, target: str, name: str | None, address: str | None) -> None:
        with self._lock:
            status = self._status.get(target, SensorStatus(target))
            self._status[target] = replace(
                status, name=name, address=address, connects=status.connects + 1
            )

    def battery(self, target: str, level: int) -> None:
        with self._lock:
            self._update(target, battery_pct=level)

    def extended(self, target: str) -> None:
        with self._lock:
            status = self._status.get(target, SensorStatus(target))
            self._status[target] = replace(status, extended=status.extended + 1)

    def malformed(self, target: str) -> None:
        with self._lock:
            status = self._status.get(target, SensorStatus(target))
            self._status[target] = replace(status, malformed=status.malformed + 1)

    def rsc(
        self, target: str, m: RscMeasurement, steps_per_min: float, units: CadenceUnits
    ) -> None:
        with self._lock:
            latest = self._latest
            latest.cadence_spm = steps_per_min
            latest.cadence_from = target
            latest.cadence_confidence = None
            latest.footpod = True
            latest.footpod_speed_mps = plausible_speed(m.speed_mps)
            latest.stride_m = m.stride_length_m
            self._update(target, assumption=units.assumption, unit_settled=units.settled)
            self._packet(target)

    def heart_rate(self, target: str, m: HeartRateMeasurement) -> None:
        with self._lock:
            latest = self._latest
            self._packet(target)
            if m.contact is SensorContact.NOT_DETECTED:
                # The strap can tell, and says it is not touching skin: its number is noise.
                status = self._status[target]
                self._status[target] = replace(status, no_contact=status.no_contact + 1)
                return
            latest.heart_rate_bpm = float(m.heart_rate_bpm)
            latest.strap_hr = True
            latest.rr_s.extend(m.rr_intervals_s)

    def accelerometer(self, target: str, reading: StepReading) -> None:
        with self._lock:
            latest = self._latest
            ready = self._status.get(target, SensorStatus(target)).steps_ready
            ready = ready or reading.sure
            self._update(target, steps=reading.total_steps, steps_ready=ready)
            self._packet(target)
            if latest.footpod or reading.cadence_spm is None:
                return
            latest.cadence_spm = reading.cadence_spm
            latest.cadence_confidence = reading.confidence
            latest.cadence_from = target

    def accelerometer_state(self, target: str, said: str, *, streaming: bool) -> None:
        """The stream's rate, or why it did not start (``streaming`` false)."""
        with self._lock:
            self._update(target, accelerometer=said if streaming else f"no cadence: {said}")

    def treadmill(self, target: str, d: TreadmillData) -> None:
        with self._lock:
            latest = self._latest
            if d.speed_mps is not None and d.speed_mps <= MAX_BELT_MPS:
                latest.belt_speed_mps = d.speed_mps  # an absurd belt speed never overrides
            incline = d.inclination_pct
            if incline is not None and abs(incline) <= MAX_INCLINE_PCT:
                latest.incline_pct = incline
            if d.heart_rate_bpm and not latest.strap_hr:
                latest.heart_rate_bpm = float(d.heart_rate_bpm)
            self._packet(target)

    # -- read by the session -------------------------------------------------------------

    def take(self) -> Snapshot | None:
        """What arrived since the last call, or ``None`` if nothing did."""
        with self._lock:
            latest = self._latest
            if not latest.fresh:
                return None
            snapshot = Snapshot(
                cadence_spm=latest.cadence_spm,
                speed_mps=(
                    latest.belt_speed_mps
                    if latest.belt_speed_mps is not None
                    else latest.footpod_speed_mps
                ),
                heart_rate_bpm=latest.heart_rate_bpm,
                rr_s=tuple(latest.rr_s),
                stride_m=latest.stride_m,
                incline_pct=latest.incline_pct,
                cadence_confidence=latest.cadence_confidence,
            )
            # a value is used once: a sensor that stops notifying goes stale, not frozen
            self._latest = _Latest(strap_hr=latest.strap_hr, footpod=latest.footpod)
            return snapshot

    def statuses(self) -> list[SensorStatus]:
        with self._lock:
            return list(self._status.values())
