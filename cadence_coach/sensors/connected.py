"""The sensors of one session: every link connected before it starts and kept connected in a
background thread, and what the runner is told about them (state, battery, readings,
reconnections, bad packets, the cadence unit assumed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cadence_coach.sensors import gatt
from cadence_coach.sensors.hub import SensorHub, SensorStatus
from cadence_coach.sensors.link import SensorLink
from cadence_coach.sensors.thread import SensorThread
from cadence_coach.sources.strides import CadenceUnit


@dataclass
class ConnectedSensors:
    hub: SensorHub
    links: list[SensorLink]
    thread: SensorThread

    def summary(self) -> list[str]:
        return [describe_status(s) for s in self.hub.statuses()]

    @property
    def has_cadence(self) -> bool:
        """Whether any sensor sends cadence (a treadmill, or a strap without a streaming
        accelerometer, does not)."""
        return any(gatt.RSC_MEASUREMENT in link.subscribed or link.streams_steps
                   for link in self.links)  # fmt: skip

    def wait_for_steps(self, timeout_s: float = 10.0) -> bool:
        """Wait until every streaming accelerometer can tell a cadence (its detector needs a
        few seconds of signal), so a session does not start by calling its sensor lost."""
        import time

        deadline = time.monotonic() + timeout_s
        targets = {link.target for link in self.links if link.streams_steps}
        while time.monotonic() < deadline:
            ready = {s.target for s in self.hub.statuses() if s.steps_ready}
            if targets <= ready:
                return True
            time.sleep(0.1)
        return False

    def stop(self) -> None:
        self.thread.stop()


def describe_status(status: SensorStatus) -> str:
    parts = [f"{status.name or status.target} ({status.address or '?'}): {status.state.value}"]
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
    if status.accelerometer:
        parts.append(status.accelerometer)
    if status.steps:
        parts.append(f"{status.steps} steps")
    return ", ".join(parts)


def connect(
    targets: list[str],
    *,
    units: CadenceUnit | None = None,
    remembered: Callable[[str], CadenceUnit | None] | None = None,
) -> ConnectedSensors:
    """Connect every sensor (a :class:`~cadence_coach.errors.SensorError` if one cannot be
    reached) and keep them connected in a background thread."""
    hub = SensorHub()
    links = [SensorLink(t, hub, units=units, remembered=remembered) for t in targets]
    thread = SensorThread(links)
    thread.start()
    return ConnectedSensors(hub, links, thread)
