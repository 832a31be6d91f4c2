"""Running Speed and Cadence (service 0x1814): the footpod's measurement and features."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cadence_coach.sensors.gatt.fields import U8, U16, U32, Reader, check_reserved


@dataclass(frozen=True, slots=True)
class RscMeasurement:
    """RSC Measurement 0x2A53 (RSCS 1.0, 3.1)."""

    class Flags(enum.IntFlag):
        STRIDE_LENGTH = 0x01
        TOTAL_DISTANCE = 0x02
        RUNNING = 0x04

    speed_mps: float
    """Instantaneous speed, sent in 1/256 m/s."""
    cadence_per_min: int
    """The cadence byte as received: steps or strides per minute, depending on the device."""
    stride_length_m: float | None = None
    """Sent in 1/100 m when flag bit 0 is set."""
    total_distance_m: float | None = None
    """Sent in 1/10 m when flag bit 1 is set."""
    running: bool = False
    """Flag bit 2 (walking 0, running 1): some treadmills say walking at 12 km/h."""

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> RscMeasurement:
        r = Reader(data, "RSC measurement")
        flags = r.take(U8, "flags")
        check_reserved(flags, 0x07, r.what, data)
        speed = r.take(U16, "speed")
        cadence = r.take(U8, "cadence")
        stride = r.take(U16, "stride length") if flags & cls.Flags.STRIDE_LENGTH else None
        distance = r.take(U32, "total distance") if flags & cls.Flags.TOTAL_DISTANCE else None
        r.done()
        return cls(
            speed_mps=speed / 256,
            cadence_per_min=cadence,
            stride_length_m=None if stride is None else stride / 100,
            total_distance_m=None if distance is None else distance / 10,
            running=bool(flags & cls.Flags.RUNNING),
        )

    def to_bytes(self) -> bytes:
        flags = self.Flags(0)
        tail = b""
        if self.stride_length_m is not None:
            flags |= self.Flags.STRIDE_LENGTH
            tail += U16.pack(round(self.stride_length_m * 100))
        if self.total_distance_m is not None:
            flags |= self.Flags.TOTAL_DISTANCE
            tail += U32.pack(round(self.total_distance_m * 10))
        if self.running:
            flags |= self.Flags.RUNNING
        head = U8.pack(flags) + U16.pack(round(self.speed_mps * 256))
        return head + U8.pack(self.cadence_per_min) + tail


class RscFeature(enum.IntFlag):
    """RSC Feature 0x2A54 (RSCS 1.0, 3.2): what the sensor can send."""

    STRIDE_LENGTH = 0x01
    TOTAL_DISTANCE = 0x02
    WALKING_RUNNING_STATUS = 0x04
    CALIBRATION = 0x08
    MULTIPLE_SENSOR_LOCATIONS = 0x10


def rsc_feature_from_bytes(data: bytes | bytearray) -> RscFeature:
    r = Reader(data, "RSC feature")
    value = r.take(U16, "flags")
    r.done()
    check_reserved(value, 0x1F, r.what, data)
    return RscFeature(value)


def rsc_feature_to_bytes(feature: RscFeature) -> bytes:
    return U16.pack(feature)
