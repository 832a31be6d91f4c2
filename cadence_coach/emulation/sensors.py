"""Emulated sensors on bumble: a footpod, a chest strap and a treadmill that advertise, serve
the standard services and notify realistic values, plus one that sends garbage.

In-process: build them on a :class:`bumble.link.LocalLink` shared with the central of
:mod:`cadence_coach.emulation.bleak_backend`. As a process, for CLI tests (the central
attaches to the link over TCP)::

    python -m cadence_coach.emulation.sensors footpod strap --port 9102
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import random
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bumble import hci
from bumble.controller import Controller
from bumble.core import UUID, AdvertisingData
from bumble.device import Connection, Device
from bumble.gatt import Characteristic, Service
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink

from cadence_coach.sensors.gatt import (
    HeartRateMeasurement,
    RscFeature,
    RscMeasurement,
    SensorContact,
    TreadmillData,
    rsc_feature_to_bytes,
)

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


def _advertising(name: str, uuids: list[int]) -> bytes:
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


def _device(name: str, address: str, link: LocalLink | None, transport: Any) -> Device:
    addr = hci.Address(address)
    if link is not None:
        controller = Controller(name, link=link, public_address=address)
        device = Device(name=name, address=addr, host=Host(controller, AsyncPipeSink(controller)))
    else:
        device = Device.with_hci(name, addr, transport.source, transport.sink)
    device.random_address = addr
    return device


def _battery(level: int) -> Service:
    return Service(
        UUID.from_16_bits(0x180F),
        [
            Characteristic(
                UUID.from_16_bits(0x2A19), READ | NOTIFY, Characteristic.READABLE, bytes([level])
            )
        ],
    )


def footpod(
    link: LocalLink | None = None,
    *,
    name: str = "Stride Sensor",
    address: str = "F0:0D:00:00:00:01",
    cadence_per_min: Callable[[int], int] = lambda i: 85 + (i % 3),
    speed_mps: float = 3.0,
    transport: Any = None,
) -> Emulated:
    """A footpod sending strides per minute, speed, stride length and total distance."""
    device = _device(name, address, link, transport)
    measurement = Characteristic(
        UUID.from_16_bits(0x2A53), NOTIFY, Characteristic.READABLE, b"\x00\x00\x00\x00"
    )
    feature = (
        RscFeature.STRIDE_LENGTH | RscFeature.TOTAL_DISTANCE | RscFeature.WALKING_RUNNING_STATUS
    )
    device.add_services(
        [
            Service(
                UUID.from_16_bits(0x1814),
                [
                    measurement,
                    Characteristic(
                        UUID.from_16_bits(0x2A54),
                        READ,
                        Characteristic.READABLE,
                        rsc_feature_to_bytes(feature),
                    ),
                ],
            ),
            _battery(87),
        ]
    )
    device.advertising_data = _advertising(name, [0x1814, 0x180F])

    def packets(i: int) -> list[bytes]:
        cadence = cadence_per_min(i)
        stride = round(speed_mps * 60 / cadence, 2)
        m = RscMeasurement(speed_mps, cadence, stride, round(speed_mps * i, 1), running=True)
        return [m.to_bytes()]

    return Emulated(name, address, "footpod", device, [measurement], packets)


def strap(
    link: LocalLink | None = None,
    *,
    name: str = "HRM Strap",
    address: str = "F0:0D:00:00:00:02",
    transport: Any = None,
) -> Emulated:
    """A chest strap: 16-bit values every few packets, contact detected, RR intervals."""
    device = _device(name, address, link, transport)
    measurement = Characteristic(
        UUID.from_16_bits(0x2A37), NOTIFY, Characteristic.READABLE, b"\x00\x00"
    )
    device.add_services(
        [
            Service(
                UUID.from_16_bits(0x180D),
                [
                    measurement,
                    Characteristic(
                        UUID.from_16_bits(0x2A38), READ, Characteristic.READABLE, b"\x01"
                    ),
                ],
            ),
            _battery(64),
        ]
    )
    device.advertising_data = _advertising(name, [0x180D, 0x180F])

    def packets(i: int) -> list[bytes]:
        bpm = 140 + round(5 * math.sin(i / 10))
        rr = 60 / bpm
        m = HeartRateMeasurement(bpm, SensorContact.DETECTED, None, (rr, rr), wide=i % 4 == 0)
        return [m.to_bytes()]

    return Emulated(name, address, "strap", device, [measurement], packets)


def treadmill(
    link: LocalLink | None = None,
    *,
    name: str = "Treadmill",
    address: str = "F0:0D:00:00:00:03",
    speed_kmh: float = 10.8,
    incline_pct: float = 1.5,
    transport: Any = None,
) -> Emulated:
    """A smart treadmill that splits each record across two notifications, with the
    "not available" energy values real machines send."""
    device = _device(name, address, link, transport)
    data = Characteristic(UUID.from_16_bits(0x2ACD), NOTIFY, Characteristic.READABLE, b"\x00\x00")
    device.add_services([Service(UUID.from_16_bits(0x1826), [data])])
    device.advertising_data = _advertising(name, [0x1826])

    def packets(i: int) -> list[bytes]:
        first = TreadmillData(
            more_data=True,
            total_distance_m=round(speed_kmh / 3.6 * i),
            inclination_pct=incline_pct,
            ramp_angle_deg=None,
            total_energy_kcal=None,
            energy_per_hour_kcal=None,
            energy_per_minute_kcal=None,
        )
        second = TreadmillData(speed_kmh=speed_kmh, elapsed_time_s=i)
        return [first.to_bytes(), second.to_bytes()]

    return Emulated(name, address, "treadmill", device, [data], packets)


def garbage(
    link: LocalLink | None = None,
    *,
    name: str = "Broken Pod",
    address: str = "F0:0D:00:00:00:04",
    transport: Any = None,
) -> Emulated:
    """A footpod whose every other notification is garbage: short, reserved flags,
    truncated fields, trailing bytes."""
    pod = footpod(link, name=name, address=address, transport=transport)
    good = pod.packets
    bad = [b"", b"\x00", b"\xf8\x00\x03\x55", b"\x03\x00\x03\x55\x10", b"\x00\x00\x03\x55\x00\x00"]

    def packets(i: int) -> list[bytes]:
        return [bad[i // 2 % len(bad)]] if i % 2 else good(i)

    pod.packets = packets
    pod.kind = "garbage"
    return pod


def polar(link: LocalLink | None = None, *, recording: str | None = None, **kw: Any) -> Emulated:
    """A Polar H10 (:mod:`cadence_coach.emulation.polar`) streaming the acceleration in the
    CSV file ``recording``."""
    from cadence_coach.emulation.polar import Recording, polar_strap
    from cadence_coach.sources.recordings.accelerometer import read

    acc = None
    if recording is not None:
        a = read(Path(recording))
        acc = Recording(a.t_s, a.xyz_g)
    return polar_strap(link, recording=acc, **kw)


KINDS = {"footpod": footpod, "strap": strap, "treadmill": treadmill, "garbage": garbage,
         "polar": polar}  # fmt: skip


@dataclass(frozen=True)
class Outages:
    """When the sensors drop (a cut connection, back at once) and go away (gone a while)."""

    drop_every_s: float = 0.0
    away_every_s: float = 0.0
    """About this often (0.5 to 1.5 times, at random) the sensors go away..."""
    away_s: tuple[float, float] = (20.0, 60.0)
    """...for between these many seconds."""
    seed: int = 0
    log: str | None = None
    """A file where each outage is written (``away EPOCH SECONDS``, ``back EPOCH``)."""


async def _drops(sensors: Sequence[Emulated], every_s: float) -> None:
    while every_s > 0:
        await asyncio.sleep(every_s)
        for sensor in sensors:
            await sensor.drop()


async def _aways(sensors: Sequence[Emulated], outages: Outages) -> None:
    rng = random.Random(outages.seed)
    while outages.away_every_s > 0:
        await asyncio.sleep(rng.uniform(0.5, 1.5) * outages.away_every_s)
        seconds = rng.uniform(*outages.away_s)
        _log(outages.log, f"away {time.time():.3f} {seconds:.1f}")
        await asyncio.gather(*(sensor.away(seconds) for sensor in sensors))
        _log(outages.log, f"back {time.time():.3f}")


def _log(path: str | None, line: str) -> None:
    if path is not None:
        with open(path, "a", encoding="utf-8") as f:
            print(line, file=f, flush=True)


async def _serve(
    kinds: list[str], port: int, period_s: float, outages: Outages, polar_kw: dict[str, Any]
) -> None:
    """The sensors on one in-process link, plus a controller for the central on a TCP
    socket (``CADENCE_COACH_BUMBLE_TRANSPORT=tcp-client:127.0.0.1:PORT``)."""
    from bumble.transport import open_transport

    link = LocalLink()  # type: ignore[no-untyped-call]
    sensors = [KINDS[kind](link, **(polar_kw if kind == "polar" else {})) for kind in kinds]
    for sensor in sensors:
        await sensor.start()
    async with await open_transport(f"tcp-server:127.0.0.1:{port}") as transport:
        Controller("central", host_source=transport.source, host_sink=transport.sink, link=link)
        print("ready", flush=True)

        await asyncio.gather(
            notify_forever(sensors, period_s),
            _drops(sensors, outages.drop_every_s),
            _aways(sensors, outages),
        )


@contextlib.contextmanager
def emulated_sensors(
    kinds: list[str],
    period_s: float = 0.2,
    drop_every_s: float = 0.0,
    polar_args: Sequence[str] = (),
    outages: Outages | None = None,
) -> Iterator[dict[str, str]]:
    """Run the emulated sensors in a process of their own; yields the environment that
    points the project's bleak code at them."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = outages or Outages(drop_every_s=drop_every_s)
    command = [sys.executable, "-m", "cadence_coach.emulation.sensors", *kinds, "--port", str(port),
               "--period", str(period_s), "--drop-every", str(out.drop_every_s),
               "--away-every", str(out.away_every_s),
               "--away", f"{out.away_s[0]}:{out.away_s[1]}", "--seed", str(out.seed),
               *(["--log", out.log] if out.log else []), *polar_args]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        yield {
            "CADENCE_COACH_BLE_BACKEND": "cadence_coach.emulation.bleak_backend",
            "CADENCE_COACH_BUMBLE_TRANSPORT": f"tcp-client:127.0.0.1:{port}",
        }
    finally:
        proc.kill()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kinds", nargs="+", choices=sorted(KINDS))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--period", type=float, default=1.0)
    parser.add_argument("--drop-every", type=float, default=0.0)
    parser.add_argument("--away-every", type=float, default=0.0,
                        help="about how often the sensors go away (seconds)")  # fmt: skip
    parser.add_argument("--away", default="20:60", help="for how long: MIN:MAX seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--log", help="a file where each outage is written")
    parser.add_argument("--acc-recording", help="polar: the acceleration CSV it streams")
    parser.add_argument("--acc-layout", choices=["raw", "delta"], default="raw")
    parser.add_argument("--acc-refuse", type=int, action="append", default=[],
                        help="polar: a sample rate it refuses (repeatable)")  # fmt: skip
    args = parser.parse_args()
    polar_kw = {"recording": args.acc_recording, "layout": args.acc_layout,
                "refuse": args.acc_refuse}  # fmt: skip
    lo, _, hi = args.away.partition(":")
    outages = Outages(args.drop_every, args.away_every, (float(lo), float(hi or lo)), args.seed,
                      args.log)  # fmt: skip
    asyncio.run(_serve(args.kinds, args.port, args.period, outages, polar_kw))


if __name__ == "__main__":
    main()
