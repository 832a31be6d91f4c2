"""GATT codecs for the sensors a runner owns: the start of the data flow, pure bytes in and out.

Running Speed and Cadence (service 0x1814), Heart Rate (0x180D), Fitness Machine Treadmill
Data (0x1826 / 0x2ACD) and Battery (0x180F), decoded exactly as the Bluetooth SIG layouts say
(docs/sensors.md has the tables). Every decoder checks lengths before unpacking and raises
:class:`~cadence_coach.errors.MalformedPacket` (a ``ValueError``) on anything the
specification does not allow, and nothing else. The encoders (``to_bytes``) serve the
emulated sensors and the round-trip tests.

Values are kept as the sensor sent them: the RSC cadence byte is ``cadence_per_min`` because
footpods disagree on whether it counts steps or strides (:mod:`cadence_coach.strides`
decides).
"""

from __future__ import annotations

import enum
import struct
from dataclasses import dataclass, fields, replace

from cadence_coach.errors import MalformedPacket


def uuid16(short: int) -> str:
    """The full 128-bit UUID string of a SIG-assigned 16-bit UUID, as bleak spells them."""
    return f"0000{short:04x}-0000-1000-8000-00805f9b34fb"


RSC_SERVICE = uuid16(0x1814)
RSC_MEASUREMENT = uuid16(0x2A53)
RSC_FEATURE = uuid16(0x2A54)
HEART_RATE_SERVICE = uuid16(0x180D)
HEART_RATE_MEASUREMENT = uuid16(0x2A37)
BODY_SENSOR_LOCATION = uuid16(0x2A38)
FITNESS_MACHINE_SERVICE = uuid16(0x1826)
TREADMILL_DATA = uuid16(0x2ACD)
BATTERY_SERVICE = uuid16(0x180F)
BATTERY_LEVEL = uuid16(0x2A19)

SERVICE_NAMES = {
    RSC_SERVICE: "running speed and cadence",
    HEART_RATE_SERVICE: "heart rate",
    FITNESS_MACHINE_SERVICE: "treadmill",
    BATTERY_SERVICE: "battery",
}

_U8 = struct.Struct("<B")
_U16 = struct.Struct("<H")
_S16 = struct.Struct("<h")
_U32 = struct.Struct("<I")


class _Reader:
    """Walks a packet field by field, refusing to read past its end."""

    def __init__(self, data: bytes | bytearray, what: str) -> None:
        self.data = bytes(data)
        self.what = what
        self.pos = 0

    def take(self, unpacker: struct.Struct, field: str) -> int:
        end = self.pos + unpacker.size
        if end > len(self.data):
            raise MalformedPacket(
                f"{self.what}: {len(self.data)} bytes, too short for its {field} "
                f"(needs {end}): {self.data.hex()}"
            )
        (value,) = unpacker.unpack_from(self.data, self.pos)
        self.pos = end
        return int(value)

    def u24(self, field: str) -> int:
        low = self.take(_U16, field)
        return low | self.take(_U8, field) << 16

    @property
    def left(self) -> int:
        return len(self.data) - self.pos

    def done(self) -> None:
        if self.left:
            raise MalformedPacket(
                f"{self.what}: {self.left} unexpected trailing bytes: {self.data.hex()}"
            )


def _check_reserved(flags: int, allowed: int, what: str, data: bytes | bytearray) -> None:
    if flags & ~allowed:
        raise MalformedPacket(f"{what}: reserved flag bits set ({flags:#x}): {bytes(data).hex()}")


# -- Running Speed and Cadence ------------------------------------------------------------


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
        r = _Reader(data, "RSC measurement")
        flags = r.take(_U8, "flags")
        _check_reserved(flags, 0x07, r.what, data)
        speed = r.take(_U16, "speed")
        cadence = r.take(_U8, "cadence")
        stride = r.take(_U16, "stride length") if flags & cls.Flags.STRIDE_LENGTH else None
        distance = r.take(_U32, "total distance") if flags & cls.Flags.TOTAL_DISTANCE else None
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
            tail += _U16.pack(round(self.stride_length_m * 100))
        if self.total_distance_m is not None:
            flags |= self.Flags.TOTAL_DISTANCE
            tail += _U32.pack(round(self.total_distance_m * 10))
        if self.running:
            flags |= self.Flags.RUNNING
        head = _U8.pack(flags) + _U16.pack(round(self.speed_mps * 256))
        return head + _U8.pack(self.cadence_per_min) + tail


class RscFeature(enum.IntFlag):
    """RSC Feature 0x2A54 (RSCS 1.0, 3.2): what the sensor can send."""

    STRIDE_LENGTH = 0x01
    TOTAL_DISTANCE = 0x02
    WALKING_RUNNING_STATUS = 0x04
    CALIBRATION = 0x08
    MULTIPLE_SENSOR_LOCATIONS = 0x10


def rsc_feature_from_bytes(data: bytes | bytearray) -> RscFeature:
    r = _Reader(data, "RSC feature")
    value = r.take(_U16, "flags")
    r.done()
    _check_reserved(value, 0x1F, r.what, data)
    return RscFeature(value)


def rsc_feature_to_bytes(feature: RscFeature) -> bytes:
    return _U16.pack(feature)


# -- Heart Rate --------------------------------------------------------------------------


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
        r = _Reader(data, "heart rate measurement")
        flags = r.take(_U8, "flags")
        _check_reserved(flags, 0x1F, r.what, data)
        wide = bool(flags & cls.Flags.VALUE_16BIT)
        bpm = r.take(_U16 if wide else _U8, "heart rate")
        contact_bits = (flags >> 1) & 0x03
        # 0 and 1 both mean "not supported" (HRS 1.0, 3.1.1.2)
        contact = SensorContact(contact_bits) if contact_bits >= 2 else SensorContact.NOT_SUPPORTED
        energy = r.take(_U16, "energy expended") if flags & cls.Flags.ENERGY_EXPENDED else None
        rr: list[float] = []
        if flags & cls.Flags.RR_INTERVALS:
            if r.left == 0 or r.left % 2:
                raise MalformedPacket(
                    f"{r.what}: RR intervals flagged but {r.left} bytes left "
                    f"(needs a non-zero even count): {bytes(data).hex()}"
                )
            while r.left:
                rr.append(r.take(_U16, "RR interval") / 1024)
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
            tail += _U16.pack(self.energy_expended_kj)
        if self.rr_intervals_s:
            flags |= self.Flags.RR_INTERVALS
            tail += b"".join(_U16.pack(round(rr * 1024)) for rr in self.rr_intervals_s)
        value = (_U16 if wide else _U8).pack(self.heart_rate_bpm)
        return _U8.pack(flags) + value + tail


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
        r = _Reader(data, "body sensor location")
        value = r.take(_U8, "location")
        r.done()
        try:
            return cls(value)
        except ValueError:
            raise MalformedPacket(f"{r.what}: reserved value {value}") from None


def battery_level_from_bytes(data: bytes | bytearray) -> int:
    """Battery Level 0x2A19 (BAS 1.0, 3.1): percent, 0-100."""
    r = _Reader(data, "battery level")
    value = r.take(_U8, "level")
    r.done()
    if value > 100:
        raise MalformedPacket(f"{r.what}: {value} % is above 100")
    return value


# -- Fitness Machine: Treadmill Data ---------------------------------------------------------

_NA_S16 = 0x7FFF
_NA_U16 = 0xFFFF
_NA_U8 = 0xFF


@dataclass(frozen=True, slots=True)
class TreadmillData:
    """Treadmill Data 0x2ACD (FTMS 1.0, 4.9.1). A field is ``None`` when its flag is clear or
    the machine sent the spec's "not available" value (0x7FFF, 0xFFFF, 0xFF)."""

    class Flags(enum.IntFlag):
        MORE_DATA = 0x0001
        """Inverted: clear means the instantaneous speed is present and the record is
        complete; set means more notifications follow."""
        AVERAGE_SPEED = 0x0002
        TOTAL_DISTANCE = 0x0004
        INCLINATION = 0x0008
        ELEVATION_GAIN = 0x0010
        INSTANTANEOUS_PACE = 0x0020
        AVERAGE_PACE = 0x0040
        EXPENDED_ENERGY = 0x0080
        HEART_RATE = 0x0100
        METABOLIC_EQUIVALENT = 0x0200
        ELAPSED_TIME = 0x0400
        REMAINING_TIME = 0x0800
        FORCE_AND_POWER = 0x1000

    more_data: bool = False
    speed_kmh: float | None = None
    """Belt speed, in 1/100 km/h; present exactly when ``more_data`` is false."""
    average_speed_kmh: float | None = None
    total_distance_m: int | None = None
    inclination_pct: float | None = None
    ramp_angle_deg: float | None = None
    positive_elevation_gain_m: float | None = None
    negative_elevation_gain_m: float | None = None
    instantaneous_pace_km_per_min: float | None = None
    """FTMS 1.0 gives the pace fields as uint8 in 0.1 km/min."""
    average_pace_km_per_min: float | None = None
    total_energy_kcal: int | None = None
    energy_per_hour_kcal: int | None = None
    energy_per_minute_kcal: int | None = None
    heart_rate_bpm: int | None = None
    metabolic_equivalent: float | None = None
    elapsed_time_s: int | None = None
    remaining_time_s: int | None = None
    force_on_belt_n: int | None = None
    power_output_w: int | None = None

    def __post_init__(self) -> None:
        if self.more_data == (self.speed_kmh is not None):
            raise ValueError("the speed is present exactly when more_data is false")
        for a, b in (
            ("positive_elevation_gain_m", "negative_elevation_gain_m"),
            ("force_on_belt_n", "power_output_w"),
        ):
            if (getattr(self, a) is None) != (getattr(self, b) is None):
                raise ValueError(f"{a} and {b} are sent together")

    @property
    def speed_mps(self) -> float | None:
        return None if self.speed_kmh is None else self.speed_kmh / 3.6

    @classmethod
    def from_bytes(cls, data: bytes | bytearray, *, strict: bool = True) -> TreadmillData:
        """With ``strict=False``, reserved flag bits (13-15) and bytes after the last field
        are ignored: some machines set a vendor bit and append a field of their own (a step
        count) after the standard ones, which are still read in the standard order."""
        r = _Reader(data, "treadmill data")
        raw = r.take(_U16, "flags")
        if strict:
            _check_reserved(raw, 0x1FFF, r.what, data)
        flags = cls.Flags(raw & 0x1FFF)
        flag = cls.Flags

        def na(value: int, sentinel: int) -> int | None:
            return None if value == sentinel else value

        v: dict[str, float | int | None] = {}
        if not flags & flag.MORE_DATA:
            v["speed_kmh"] = r.take(_U16, "speed") / 100
        if flags & flag.AVERAGE_SPEED:
            v["average_speed_kmh"] = r.take(_U16, "average speed") / 100
        if flags & flag.TOTAL_DISTANCE:
            v["total_distance_m"] = r.u24("total distance")
        if flags & flag.INCLINATION:
            incline = na(r.take(_S16, "inclination"), _NA_S16)
            ramp = na(r.take(_S16, "ramp angle"), _NA_S16)
            v["inclination_pct"] = None if incline is None else incline / 10
            v["ramp_angle_deg"] = None if ramp is None else ramp / 10
        if flags & flag.ELEVATION_GAIN:
            v["positive_elevation_gain_m"] = r.take(_U16, "positive elevation gain") / 10
            v["negative_elevation_gain_m"] = r.take(_U16, "negative elevation gain") / 10
        if flags & flag.INSTANTANEOUS_PACE:
            v["instantaneous_pace_km_per_min"] = r.take(_U8, "instantaneous pace") / 10
        if flags & flag.AVERAGE_PACE:
            v["average_pace_km_per_min"] = r.take(_U8, "average pace") / 10
        if flags & flag.EXPENDED_ENERGY:
            v["total_energy_kcal"] = na(r.take(_U16, "total energy"), _NA_U16)
            v["energy_per_hour_kcal"] = na(r.take(_U16, "energy per hour"), _NA_U16)
            v["energy_per_minute_kcal"] = na(r.take(_U8, "energy per minute"), _NA_U8)
        if flags & flag.HEART_RATE:
            v["heart_rate_bpm"] = r.take(_U8, "heart rate")
        if flags & flag.METABOLIC_EQUIVALENT:
            v["metabolic_equivalent"] = r.take(_U8, "metabolic equivalent") / 10
        if flags & flag.ELAPSED_TIME:
            v["elapsed_time_s"] = r.take(_U16, "elapsed time")
        if flags & flag.REMAINING_TIME:
            v["remaining_time_s"] = r.take(_U16, "remaining time")
        if flags & flag.FORCE_AND_POWER:
            v["force_on_belt_n"] = r.take(_S16, "force on belt")
            v["power_output_w"] = r.take(_S16, "power output")
        if strict:
            r.done()
        return cls(more_data=bool(flags & flag.MORE_DATA), **v)  # type: ignore[arg-type]

    def to_bytes(self) -> bytes:
        flag = self.Flags
        flags = flag(0)
        out = b""

        def na(value: float | None, scale: float, sentinel: int) -> int:
            return sentinel if value is None else round(value * scale)

        if self.more_data:
            flags |= flag.MORE_DATA
        else:
            out += _U16.pack(na(self.speed_kmh, 100, 0))
        if self.average_speed_kmh is not None:
            flags |= flag.AVERAGE_SPEED
            out += _U16.pack(round(self.average_speed_kmh * 100))
        if self.total_distance_m is not None:
            flags |= flag.TOTAL_DISTANCE
            out += _U16.pack(self.total_distance_m & 0xFFFF) + _U8.pack(self.total_distance_m >> 16)
        if self.inclination_pct is not None or self.ramp_angle_deg is not None:
            flags |= flag.INCLINATION
            out += _S16.pack(na(self.inclination_pct, 10, _NA_S16))
            out += _S16.pack(na(self.ramp_angle_deg, 10, _NA_S16))
        if self.positive_elevation_gain_m is not None:
            flags |= flag.ELEVATION_GAIN
            out += _U16.pack(round(self.positive_elevation_gain_m * 10))
            out += _U16.pack(na(self.negative_elevation_gain_m, 10, 0))
        if self.instantaneous_pace_km_per_min is not None:
            flags |= flag.INSTANTANEOUS_PACE
            out += _U8.pack(round(self.instantaneous_pace_km_per_min * 10))
        if self.average_pace_km_per_min is not None:
            flags |= flag.AVERAGE_PACE
            out += _U8.pack(round(self.average_pace_km_per_min * 10))
        energy = (self.total_energy_kcal, self.energy_per_hour_kcal, self.energy_per_minute_kcal)
        if any(e is not None for e in energy):
            flags |= flag.EXPENDED_ENERGY
            out += _U16.pack(na(self.total_energy_kcal, 1, _NA_U16))
            out += _U16.pack(na(self.energy_per_hour_kcal, 1, _NA_U16))
            out += _U8.pack(na(self.energy_per_minute_kcal, 1, _NA_U8))
        if self.heart_rate_bpm is not None:
            flags |= flag.HEART_RATE
            out += _U8.pack(self.heart_rate_bpm)
        if self.metabolic_equivalent is not None:
            flags |= flag.METABOLIC_EQUIVALENT
            out += _U8.pack(round(self.metabolic_equivalent * 10))
        if self.elapsed_time_s is not None:
            flags |= flag.ELAPSED_TIME
            out += _U16.pack(self.elapsed_time_s)
        if self.remaining_time_s is not None:
            flags |= flag.REMAINING_TIME
            out += _U16.pack(self.remaining_time_s)
        if self.force_on_belt_n is not None:
            flags |= flag.FORCE_AND_POWER
            out += _S16.pack(self.force_on_belt_n) + _S16.pack(na(self.power_output_w, 1, 0))
        return _U16.pack(flags) + out


class TreadmillAssembler:
    """Joins a record split across several notifications (FTMS 1.0, 4.9.1.1): fragments with
    More Data set are merged, and the fragment that carries the speed completes the record.
    A machine that never completes one still gets through: after ``max_fragments`` the
    merged fields are handed on without a speed."""

    def __init__(self, max_fragments: int = 4) -> None:
        self.max_fragments = max_fragments
        self._parts: list[TreadmillData] = []

    def feed(self, part: TreadmillData) -> TreadmillData | None:
        self._parts.append(part)
        if part.more_data and len(self._parts) < self.max_fragments:
            return None
        merged = self._parts[0]
        for later in self._parts[1:]:
            changes = {
                f.name: getattr(later, f.name)
                for f in fields(later)
                if f.name not in ("more_data", "speed_kmh") and getattr(later, f.name) is not None
            }
            merged = replace(merged, **changes)
        self._parts.clear()
        return replace(merged, more_data=part.more_data, speed_kmh=part.speed_kmh)
