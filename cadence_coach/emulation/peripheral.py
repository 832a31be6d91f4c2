"""An emulated Bluetooth LE peripheral on bumble: its device, advertising and battery, and
the notifications it sends each tick. The sensors built on it are in
:mod:`cadence_coach.emulation.sensors` and :mod:`cadence_coach.emulation.polar`."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bumble import hci
from bumble.controller import Controller
from bumble.core import UUID, AdvertisingData
from bumble.device import Connection, Device
from bumble.gatt import Characteristic, Service
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink

READ = Characteristic.Properties.READ
NOTIFY = Characteristic.Properties.NOTIFY


@dataclass
class Emulated:
    """One emulated sensor: its bumble device and what it notifies."""

    name: str
    address: str
    kind: str
    device: Device
    notify_chars: list[Characteristic[bytes]] = field(default_factory=list)
    packets: Callable[[int], list[bytes]] = lambda i: []
    """The notifications for tick ``i`` (several for a treadmill's split record)."""
    sent: int = 0
    connections: list[Connection] = field(default_factory=list)

    async def start(self) -> None:
        await self.device.power_on()
        await self.advertise()

    async def advertise(self) -> None:
        await self.device.start_advertising(auto_restart=True, advertising_interval_min=20.0)

    async def notify(self, i: int) -> None:
        for data in self.packets(i):
            for char in self.notify_chars:
                await self.device.notify_subscribers(char, data)
            self.sent += 1

    async def drop(self) -> None:
        """Cut every connection, as when the runner leaves radio range; advertising
        restarts by itself."""
        for conn in list(self.device.connections.values()):
            await conn.disconnect()

    async def away(self, seconds: float) -> None:
        """Gone for ``seconds``: connections cut and no advertising (switched off, or out of
        range), then back, advertising again."""
        await self.device.stop_advertising()
        await self.drop()
        await asyncio.sleep(0.1)
        await self.device.stop_advertising()  # advertising may have restarted on the drop
        await asyncio.sleep(max(0.0, seconds - 0.1))
        await self.advertise()


async def notify_forever(sensors: Sequence[Emulated], period_s: float = 1.0) -> None:
    """Every sensor notifies its next tick's packets, every ``period_s``, until cancelled."""
    i = 0
    while True:
        for sensor in sensors:
            await sensor.notify(i)
        i += 1
        await asyncio.sleep(period_s)


def advertising(name: str, uuids: list[int]) -> bytes:
    """Advertising data: the name and the 16-bit services it offers."""
    return bytes(
        AdvertisingData(
            [
                (AdvertisingData.FLAGS, bytes([0x06])),
                (AdvertisingData.COMPLETE_LOCAL_NAME, name.encode()),
                (
                    AdvertisingData.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
                    b"".join(struct.pack("<H", u) for u in uuids),
                ),
            ]
        )
    )


def device(name: str, address: str, link: LocalLink | None, transport: Any) -> Device:
    """A bumble device on ``link`` (in-process), else on ``transport``."""
    addr = hci.Address(address)
    if link is not None:
        controller = Controller(name, link=link, public_address=address)
        device = Device(name=name, address=addr, host=Host(controller, AsyncPipeSink(controller)))
    else:
        device = Device.with_hci(name, addr, transport.source, transport.sink)
    device.random_address = addr
    return device


def battery(level: int) -> Service:
    """The battery service, at ``level`` percent."""
    return Service(
        UUID.from_16_bits(0x180F),
        [
            Characteristic(
                UUID.from_16_bits(0x2A19), READ | NOTIFY, Characteristic.READABLE, bytes([level])
            )
        ],
    )
