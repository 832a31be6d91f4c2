"""Fitness Machine (service 0x1826): a treadmill's data, and records split across
notifications joined again."""

from __future__ import annotations

import enum
from dataclasses import dataclass, fields, replace

from cadence_coach.sensors.gatt.fields import S16, U8, U16, Reader, check_reserved

_NA_S16 = 0x7FFF
_MIN_S16 = -0x8000
"""Sent by some machines for a signed field they do not measure (-3276.8 % of incline)."""
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
        return _decode(cls, data, strict)

    def to_bytes(self) -> bytes:
        return _encode(self)


def _signed(value: int) -> int | None:
    """A signed field, or ``None`` for "not available" (0x7FFF, or 0x8000 from some)."""
    return None if value in (_NA_S16, _MIN_S16) else value


def _decode(cls: type[TreadmillData], data: bytes | bytearray, strict: bool) -> TreadmillData:
    """The fields in FTMS order, each present when its flag says so."""
    r = Reader(data, "treadmill data")
    raw = r.take(U16, "flags")
    if strict:
        check_reserved(raw, 0x1FFF, r.what, data)
    flags = cls.Flags(raw & 0x1FFF)
    flag = cls.Flags

    def na(value: int, sentinel: int) -> int | None:
        return None if value == sentinel else value

    v: dict[str, float | int | None] = {}
    if not flags & flag.MORE_DATA:
        v["speed_kmh"] = r.take(U16, "speed") / 100
    if flags & flag.AVERAGE_SPEED:
        v["average_speed_kmh"] = r.take(U16, "average speed") / 100
    if flags & flag.TOTAL_DISTANCE:
        v["total_distance_m"] = r.u24("total distance")
    if flags & flag.INCLINATION:
        incline = _signed(r.take(S16, "inclination"))
        ramp = _signed(r.take(S16, "ramp angle"))
        v["inclination_pct"] = None if incline is None else incline / 10
        v["ramp_angle_deg"] = None if ramp is None else ramp / 10
    if flags & flag.ELEVATION_GAIN:
        v["positive_elevation_gain_m"] = r.take(U16, "positive elevation gain") / 10
        v["negative_elevation_gain_m"] = r.take(U16, "negative elevation gain") / 10
    if flags & flag.INSTANTANEOUS_PACE:
        v["instantaneous_pace_km_per_min"] = r.take(U8, "instantaneous pace") / 10
    if flags & flag.AVERAGE_PACE:
        v["average_pace_km_per_min"] = r.take(U8, "average pace") / 10
    if flags & flag.EXPENDED_ENERGY:
        v["total_energy_kcal"] = na(r.take(U16, "total energy"), _NA_U16)
        v["energy_per_hour_kcal"] = na(r.take(U16, "energy per hour"), _NA_U16)
        v["energy_per_minute_kcal"] = na(r.take(U8, "energy per minute"), _NA_U8)
    if flags & flag.HEART_RATE:
        v["heart_rate_bpm"] = r.take(U8, "heart rate")
    if flags & flag.METABOLIC_EQUIVALENT:
        v["metabolic_equivalent"] = r.take(U8, "metabolic equivalent") / 10
    if flags & flag.ELAPSED_TIME:
        v["elapsed_time_s"] = r.take(U16, "elapsed time")
    if flags & flag.REMAINING_TIME:
        v["remaining_time_s"] = r.take(U16, "remaining time")
    if flags & flag.FORCE_AND_POWER:
        v["force_on_belt_n"] = r.take(S16, "force on belt")
        v["power_output_w"] = r.take(S16, "power output")
    if strict:
        r.done()
    return cls(more_data=bool(flags & flag.MORE_DATA), **v)  # type: ignore[arg-type]


def _encode(d: TreadmillData) -> bytes:
    """The record as a treadmill would send it (for the emulated treadmill and round trips)."""
    flag = TreadmillData.Flags
    flags = flag(0)
    out = b""

    def na(value: float | None, scale: float, sentinel: int) -> int:
        return sentinel if value is None else round(value * scale)

    if d.more_data:
        flags |= flag.MORE_DATA
    else:
        out += U16.pack(na(d.speed_kmh, 100, 0))
    if d.average_speed_kmh is not None:
        flags |= flag.AVERAGE_SPEED
        out += U16.pack(round(d.average_speed_kmh * 100))
    if d.total_distance_m is not None:
        flags |= flag.TOTAL_DISTANCE
        out += U16.pack(d.total_distance_m & 0xFFFF) + U8.pack(d.total_distance_m >> 16)
    if d.inclination_pct is not None or d.ramp_angle_deg is not None:
        flags |= flag.INCLINATION
        out += S16.pack(na(d.inclination_pct, 10, _NA_S16))
        out += S16.pack(na(d.ramp_angle_deg, 10, _NA_S16))
    if d.positive_elevation_gain_m is not None:
        flags |= flag.ELEVATION_GAIN
        out += U16.pack(round(d.positive_elevation_gain_m * 10))
        out += U16.pack(na(d.negative_elevation_gain_m, 10, 0))
    if d.instantaneous_pace_km_per_min is not None:
        flags |= flag.INSTANTANEOUS_PACE
        out += U8.pack(round(d.instantaneous_pace_km_per_min * 10))
    if d.average_pace_km_per_min is not None:
        flags |= flag.AVERAGE_PACE
        out += U8.pack(round(d.average_pace_km_per_min * 10))
    energy = (d.total_energy_kcal, d.energy_per_hour_kcal, d.energy_per_minute_kcal)
    if any(e is not None for e in energy):
        flags |= flag.EXPENDED_ENERGY
        out += U16.pack(na(d.total_energy_kcal, 1, _NA_U16))
        out += U16.pack(na(d.energy_per_hour_kcal, 1, _NA_U16))
        out += U8.pack(na(d.energy_per_minute_kcal, 1, _NA_U8))
    if d.heart_rate_bpm is not None:
        flags |= flag.HEART_RATE
        out += U8.pack(d.heart_rate_bpm)
    if d.metabolic_equivalent is not None:
        flags |= flag.METABOLIC_EQUIVALENT
        out += U8.pack(round(d.metabolic_equivalent * 10))
    if d.elapsed_time_s is not None:
        flags |= flag.ELAPSED_TIME
        out += U16.pack(d.elapsed_time_s)
    if d.remaining_time_s is not None:
        flags |= flag.REMAINING_TIME
        out += U16.pack(d.remaining_time_s)
    if d.force_on_belt_n is not None:
        flags |= flag.FORCE_AND_POWER
        out += S16.pack(d.force_on_belt_n) + S16.pack(na(d.power_output_w, 1, 0))
    return U16.pack(flags) + out


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
