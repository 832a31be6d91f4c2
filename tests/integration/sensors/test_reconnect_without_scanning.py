"""A sensor found once is reconnected by its address, with no scan, however often it drops
during a session: on a Pi's shared radio a scan stutters the Bluetooth headphones. Real
GATT traffic with an emulated footpod that leaves radio range and comes back."""

from __future__ import annotations

import functools

import pytest

from cadence_coach.emulation import bleak_backend as bumble_bleak
from cadence_coach.emulation.sensors import footpod
from cadence_coach.sensors.hub import LinkState, SensorHub
from cadence_coach.sensors.link import SensorLink
from cadence_coach.sensors.thread import SensorThread
from tests.integration.sensors.test_bluetooth import FAST, Radio, wait_for


def test_drops_are_reconnected_by_address_with_no_scan(
    radio: Radio, monkeypatch: pytest.MonkeyPatch
) -> None:
    scans: list[str] = []
    start = bumble_bleak.Scanner.start

    async def counted(self: bumble_bleak.Scanner) -> None:
        scans.append("scan")
        await start(self)

    monkeypatch.setattr(bumble_bleak.Scanner, "start", counted)
    pod = radio.sensor(footpod)
    radio.notify_every(0.1, pod)
    hub = SensorHub()
    link = SensorLink("Stride Sensor", hub, backoff=FAST)  # by name: found by one scan
    sensors = SensorThread([link], loop=radio.loop)
    sensors.start()
    try:
        assert scans == ["scan"]
        for drop in range(1, 4):
            radio.call(pod.drop())  # out of range, and back
            wait_for(functools.partial(_connected_times, link, drop + 1))
            wait_for(lambda: hub.statuses()[0].state is LinkState.CONNECTED)
        assert scans == ["scan"]  # three reconnections, still the one scan
        assert link.address is not None
        before = hub.statuses()[0].packets
        wait_for(lambda: hub.statuses()[0].packets > before)  # and readings flow again
    finally:
        sensors.stop()


def _connected_times(link: SensorLink, n: int) -> bool:
    return link.connects == n
