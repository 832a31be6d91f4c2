"""Live sensors in a session: the links, their thread and hub, the session's source, and
what the runner is told about them (connects, drops, bad packets, the cadence unit)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cadence_coach.sensors import gatt
from cadence_coach.sensors.ble import SensorLink, SensorThread
from cadence_coach.sensors.hub import LiveSource, SensorHub, SensorStatus
from cadence_coach.strides import CadenceUnit

if TYPE_CHECKING:
    from cadence_coach.coaching import CoachingSession

UNITS_KEY = "cadence_units:{address}"
"""The store's settings key for the unit a runner chose for one footpod."""


@dataclass
class LiveSensors:
    hub: SensorHub
    links: list[SensorLink]
    thread: SensorThread
    source: LiveSource
    _seen: dict[str, tuple[str, int]] = field(default_factory=dict)
    """Per sensor: the last state recorded (lost or connected) and its connection count."""
    _assumed: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # every sensor is connected when the session starts (start() saw to it)
        for status in self.hub.statuses():
            self._seen[status.target] = ("connected", status.connects)

    def note_changes(self, session: CoachingSession) -> None:
        """Record each sensor's drops and reconnections, and the cadence unit once it is
        settled, as session events."""
        for status in self.hub.statuses():
            settled = status.assumption and "not settled" not in status.assumption
            if settled and self._assumed.get(status.target) != status.assumption:
                self._assumed[status.target] = status.assumption
                name = status.name or status.target
                session.recorder.events.append(
                    (session.now, "sensor", f"{name}: {status.assumption}")
                )
            said, connects = self._seen.get(status.target, ("connected", status.connects))
            name = status.name or status.target
            events = []
            if status.state == "lost" and said != "lost":
                events = ["lost"]
            elif status.state == "connected" and status.connects != connects:
                # back again (if the drop fell between two looks, it is recorded too)
                events = ["lost", "connected"] if said == "connected" else ["connected"]
            for state in events:
                session.recorder.events.append((session.now, "sensor", f"{name} {state}"))
            if events:
                self._seen[status.target] = (events[-1], status.connects)

    def summary(self) -> list[str]:
        return [describe_status(s) for s in self.hub.statuses()]

    @property
    def has_cadence(self) -> bool:
        """Whether any sensor sends cadence (a treadmill or a strap alone does not)."""
        return any(gatt.RSC_MEASUREMENT in link.subscribed for link in self.links)


def describe_status(status: SensorStatus) -> str:
    parts = [f"{status.name or status.target} ({status.address or '?'}): {status.state}"]
    if status.battery_pct is not None:
        parts.append(f"battery {status.battery_pct} %")
    parts.append(f"{status.packets} readings")
    if status.connects > 1:
        parts.append(f"{status.connects - 1} reconnections")
    if status.malformed:
        parts.append(f"{status.malformed} bad packets skipped")
    if status.extended:
        parts.append(f"{status.extended} records with a vendor's extra field (standard part read)")
    if status.no_contact:
        parts.append(f"{status.no_contact} heart rates without skin contact ignored")
    if status.assumption:
        parts.append(status.assumption)
    return ", ".join(parts)


def start(
    targets: list[str],
    *,
    units: CadenceUnit | None = None,
    remembered: Callable[[str], CadenceUnit | None] | None = None,
) -> LiveSensors:
    """Connect every sensor (a :class:`~cadence_coach.errors.SensorError` if one cannot be
    reached) and keep them connected in a background thread."""
    hub = SensorHub()
    links = [SensorLink(t, hub, units=units, remembered=remembered) for t in targets]
    thread = SensorThread(links)
    thread.start()
    return LiveSensors(hub, links, thread, LiveSource(hub))
