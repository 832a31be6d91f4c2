"""Heart Rate (service 0x180D): the strap's measurement and where it is worn."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from cadence_coach.errors import MalformedPacket
from cadence_coach.sensors.gatt.fields import U8, U16, Reader, check_reserved


class SensorContact(enum.Enum):
    """Heart Rate Measurement flag bits 1-2. Value 2 means the strap *could* tell contact
    and found none: it is not contact."""

    NOT_SUPPORTED = 0
    NOT_DETECTED = 2
    DETECTED = 3


@dataclass(frozen=True, slots=True)
class HeartRateMeasurement:
    """Heart Rate Measurement 0x2A37 (HRS 1.0, 3.1)."""

    class Flags(enum.IntFlag):
        VALUE_16BIT = 0x01
        CONTACT_DETECTED = 0x02
        CONTACT_SUPPORTED = 0x04
        ENERGY_EXPENDED = 0x08
        RR_INTERVALS = 0x10

    heart_rate_bpm: int
    contact: SensorContact = SensorContact.NOT_SUPPORTED
    energy_expended_kj: int | None = None
    rr_intervals_s: tuple[float, ...] = ()
    """Every RR interval in the packet, oldest first; sent in 1/1024 s."""
    wide: bool = False
    """The value was sent as 16 bits (legal for any value)."""

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> HeartRateMeasurement:
        r = Reader(data, "heart rate measurement")
        flags = r.take(U8, "flags")
        check_reserved(flags, 0x1F, r.what, data)
        wide = bool(flags & cls.Flags.VALUE_16BIT)
        bpm = r.take(U16 if wide else U8, "heart rate")
        contact_bits = (flags >> 1) & 0x03
        # 0 and 1 both mean "not supported" (HRS 1.0, 3.1.1.2)
        contact = SensorContact(contact_bits) if contact_bits >= 2 else SensorContact.NOT_SUPPORTED
        energy = r.take(U16, "energy expended") if flags & cls.Flags.ENERGY_EXPENDED else None
        rr: list[float] = []
        if flags & cls.Flags.RR_INTERVALS:
            if r.left == 0 or r.left % 2:
                raise MalformedPacket(
                    f"{r.what}: RR intervals flagged but {r.left} bytes left "
                    f"(needs a non-zero even count): {bytes(data).hex()}"
                )
            while r.left:
                rr.append(r.take(U16, "RR interval") / 1024)
        r.done()
        return cls(bpm, contact, energy, tuple(rr), wide)

    def to_bytes(self) -> bytes:
        flags = self.Flags(0)
        wide = self.wide or self.heart_rate_bpm > 0xFF
        if wide:
            flags |= self.Flags.VALUE_16BIT
        flags |= self.Flags(self.contact.value << 1)
        tail = b""
        if self.energy_expended_kj is not None:
            flags |= self.Flags.ENERGY_EXPENDED
            tail += U16.pack(self.energy_expended_kj)
        if self.rr_intervals_s:
            flags |= self.Flags.RR_INTERVALS
            tail += b"".join(U16.pack(round(rr * 1024)) for rr in self.rr_intervals_s)
        value = (U16 if wide else U8).pack(self.heart_rate_bpm)
        return U8.pack(flags) + value + tail


class BodySensorLocation(enum.Enum):
    """Body Sensor Location 0x2A38 (HRS 1.0, 3.2)."""

    OTHER = 0
    CHEST = 1
    WRIST = 2
    FINGER = 3
    HAND = 4
    EAR_LOBE = 5
    FOOT = 6

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> BodySensorLocation:
        r = Reader(data, "body sensor location")
        value = r.take(U8, "location")
        r.done()
        try:
            return cls(value)
        except ValueError:
            raise MalformedPacket(f"{r.what}: reserved value {value}") from None
