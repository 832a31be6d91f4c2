"""Emulated sensors on bumble: a footpod, a chest strap and a treadmill that advertise, serve
the standard services and notify realistic values, one that sends garbage, and a Polar
strap (:mod:`cadence_coach.emulation.polar`).

In-process, build them on a :class:`bumble.link.LocalLink` shared with the central of
:mod:`cadence_coach.emulation.bleak_backend`; as a process of their own, for CLI tests,
:mod:`cadence_coach.emulation.sensor_process`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bumble.core import UUID
from bumble.gatt import Characteristic, Service
from bumble.link import LocalLink

from cadence_coach.emulation.peripheral import NOTIFY, READ, Emulated, advertising, battery, device
from cadence_coach.sensors.gatt import (
    HeartRateMeasurement,
    RscFeature,
    RscMeasurement,
    SensorContact,
    TreadmillData,
    rsc_feature_to_bytes,
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
    dev = device(name, address, link, transport)
    measurement = Characteristic(
        UUID.from_16_bits(0x2A53), NOTIFY, Characteristic.READABLE, b"\x00\x00\x00\x00"
    )
    feature = (
        RscFeature.STRIDE_LENGTH | RscFeature.TOTAL_DISTANCE | RscFeature.WALKING_RUNNING_STATUS
    )
    dev.add_services(
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
            battery(87),
        ]
    )
    dev.advertising_data = advertising(name, [0x1814, 0x180F])

    def packets(i: int) -> list[bytes]:
        cadence = cadence_per_min(i)
        stride = round(speed_mps * 60 / cadence, 2)
        m = RscMeasurement(speed_mps, cadence, stride, round(speed_mps * i, 1), running=True)
        return [m.to_bytes()]

    return Emulated(name, address, "footpod", dev, [measurement], packets)


def strap(
    link: LocalLink | None = None,
    *,
    name: str = "HRM Strap",
    address: str = "F0:0D:00:00:00:02",
    transport: Any = None,
) -> Emulated:
    """A chest strap: 16-bit values every few packets, contact detected, RR intervals."""
    dev = device(name, address, link, transport)
    measurement = Characteristic(
        UUID.from_16_bits(0x2A37), NOTIFY, Characteristic.READABLE, b"\x00\x00"
    )
    dev.add_services(
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
            battery(64),
        ]
    )
    dev.advertising_data = advertising(name, [0x180D, 0x180F])

    def packets(i: int) -> list[bytes]:
        bpm = 140 + round(5 * math.sin(i / 10))
        rr = 60 / bpm
        m = HeartRateMeasurement(bpm, SensorContact.DETECTED, None, (rr, rr), wide=i % 4 == 0)
        return [m.to_bytes()]

    return Emulated(name, address, "strap", dev, [measurement], packets)


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
    dev = device(name, address, link, transport)
    data = Characteristic(UUID.from_16_bits(0x2ACD), NOTIFY, Characteristic.READABLE, b"\x00\x00")
    dev.add_services([Service(UUID.from_16_bits(0x1826), [data])])
    dev.advertising_data = advertising(name, [0x1826])

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

    return Emulated(name, address, "treadmill", dev, [data], packets)


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
