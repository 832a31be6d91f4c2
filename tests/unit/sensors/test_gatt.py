"""The GATT codecs: hand-assembled packets in the specifications' layouts, whole-object
equality, round trips over every combination of optional fields, and malformed input."""

from __future__ import annotations

import contextlib
import functools
import itertools
import struct
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence_coach.errors import MalformedPacket
from cadence_coach.sensors.gatt import (
    BodySensorLocation,
    HeartRateMeasurement,
    RscFeature,
    RscMeasurement,
    SensorContact,
    TreadmillAssembler,
    TreadmillData,
    battery_level_from_bytes,
    rsc_feature_from_bytes,
    rsc_feature_to_bytes,
)

# -- RSC --------------------------------------------------------------------------------


def test_rsc_with_every_field() -> None:
    # flags 0x07: stride, distance, running; speed 3.5 m/s = 896/256; cadence 88;
    # stride 1.23 m; distance 1234.5 m
    data = bytes([0x07]) + struct.pack("<HBHI", 896, 88, 123, 12345)
    assert RscMeasurement.from_bytes(data) == RscMeasurement(3.5, 88, 1.23, 1234.5, True)


def test_rsc_minimal_is_walking_with_no_optional_fields() -> None:
    data = bytes([0x00, 0x80, 0x01, 0x72])  # 1.5 m/s, cadence 114
    assert RscMeasurement.from_bytes(data) == RscMeasurement(1.5, 114, None, None, False)


def test_rsc_distance_without_stride_length_comes_right_after_cadence() -> None:
    data = bytes([0x02]) + struct.pack("<HBI", 768, 90, 100)
    assert RscMeasurement.from_bytes(data) == RscMeasurement(3.0, 90, None, 10.0, False)


@pytest.mark.parametrize("flags", range(8))
def test_rsc_round_trips_every_flag_combination(flags: int) -> None:
    m = RscMeasurement(
        speed_mps=777 / 256,
        cadence_per_min=91,
        stride_length_m=1.07 if flags & 1 else None,
        total_distance_m=4321.7 if flags & 2 else None,
        running=bool(flags & 4),
    )
    data = m.to_bytes()
    assert data[0] == flags
    assert RscMeasurement.from_bytes(data) == m
    assert RscMeasurement.from_bytes(data).to_bytes() == data


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00\x00\x01",  # no cadence byte
        b"\x01\x00\x01\x50\x10",  # stride length truncated
        b"\x02\x00\x01\x50\x10\x00\x00",  # total distance truncated
        b"\x08\x00\x01\x50",  # reserved flag bit 3
        b"\x80\x00\x01\x50",  # reserved flag bit 7
        b"\x00\x00\x01\x50\x00",  # trailing byte
    ],
)
def test_rsc_malformed(data: bytes) -> None:
    with pytest.raises(MalformedPacket):
        RscMeasurement.from_bytes(data)


def test_rsc_feature() -> None:
    assert rsc_feature_from_bytes(b"\x07\x00") == (
        RscFeature.STRIDE_LENGTH | RscFeature.TOTAL_DISTANCE | RscFeature.WALKING_RUNNING_STATUS
    )
    assert rsc_feature_to_bytes(RscFeature.CALIBRATION) == b"\x08\x00"
    with pytest.raises(MalformedPacket):
        rsc_feature_from_bytes(b"\x20\x00")  # reserved bit 5
    with pytest.raises(MalformedPacket):
        rsc_feature_from_bytes(b"\x01")


# -- Heart rate ----------------------------------------------------------------------------


def test_heart_rate_8bit_no_contact_support() -> None:
    assert HeartRateMeasurement.from_bytes(b"\x00\x48") == HeartRateMeasurement(72)


def test_heart_rate_16bit_with_energy_and_every_rr_interval() -> None:
    # flags: 16-bit value, contact supported and detected, energy, RR; 3 RR intervals
    data = bytes([0x1F]) + struct.pack("<HHHHH", 301, 1000, 1024, 512, 700)
    assert HeartRateMeasurement.from_bytes(data) == HeartRateMeasurement(
        301, SensorContact.DETECTED, 1000, (1.0, 0.5, 700 / 1024), wide=True
    )


def test_captured_from_a_polar_h7() -> None:
    # Notifications read from a Polar H7 with gatttool, as published in the cal-id/Polar-H7-Pi
    # README: contact detected, 60 bpm, then the same with one RR interval each.
    assert HeartRateMeasurement.from_bytes(bytes.fromhex("063c")) == HeartRateMeasurement(
        60, SensorContact.DETECTED
    )
    assert HeartRateMeasurement.from_bytes(bytes.fromhex("163c1104")) == HeartRateMeasurement(
        60, SensorContact.DETECTED, None, (1041 / 1024,)
    )
    assert HeartRateMeasurement.from_bytes(bytes.fromhex("163cf503")) == HeartRateMeasurement(
        60, SensorContact.DETECTED, None, (1013 / 1024,)
    )


def test_contact_supported_but_not_detected_is_not_contact() -> None:
    m = HeartRateMeasurement.from_bytes(b"\x04\x50")
    assert m.contact is SensorContact.NOT_DETECTED
    assert HeartRateMeasurement.from_bytes(b"\x06\x50").contact is SensorContact.DETECTED
    # bit 1 alone (value 1) means "not supported" too
    assert HeartRateMeasurement.from_bytes(b"\x02\x50").contact is SensorContact.NOT_SUPPORTED


@pytest.mark.parametrize(
    ("wide", "contact", "energy", "rr"),
    list(
        itertools.product(
            (False, True),
            list(SensorContact),
            (None, 65535),
            ((), (0.75,), (0.5, 0.5009765625, 1.25, 2.0)),
        )
    ),
)
def test_heart_rate_round_trips_every_combination(
    wide: bool, contact: SensorContact, energy: int | None, rr: tuple[float, ...]
) -> None:
    m = HeartRateMeasurement(150, contact, energy, rr, wide)
    assert HeartRateMeasurement.from_bytes(m.to_bytes()) == m


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00",  # no value
        b"\x01\x50",  # 16-bit value cut short
        b"\x08\x50\x01",  # energy truncated
        b"\x10\x50",  # RR flagged, none sent
        b"\x10\x50\x00\x04\x01",  # half an RR interval at the end
        b"\x20\x50",  # reserved bit 5
        b"\x00\x50\x00",  # trailing byte with no RR flag
    ],
)
def test_heart_rate_malformed(data: bytes) -> None:
    with pytest.raises(MalformedPacket):
        HeartRateMeasurement.from_bytes(data)


def test_body_sensor_location_and_battery() -> None:
    assert BodySensorLocation.from_bytes(b"\x01") is BodySensorLocation.CHEST
    assert battery_level_from_bytes(b"\x57") == 87
    for bad in (b"", b"\x07", b"\x01\x01"):
        with pytest.raises(MalformedPacket):
            BodySensorLocation.from_bytes(bad)
    for bad in (b"", b"\x65", b"\x10\x10"):
        with pytest.raises(MalformedPacket):
            battery_level_from_bytes(bad)


# -- Treadmill ---------------------------------------------------------------------------


def test_treadmill_fields_in_spec_order() -> None:
    flags = 0x1FFE  # every field, More Data clear (speed present)
    data = struct.pack("<H", flags) + b"".join(
        [
            struct.pack("<H", 1080),  # speed 10.80 km/h
            struct.pack("<H", 1000),  # average speed 10.00 km/h
            (123456).to_bytes(3, "little"),  # total distance m
            struct.pack("<hh", -15, 20),  # inclination -1.5 %, ramp 2.0 degrees
            struct.pack("<HH", 125, 30),  # elevation gain +12.5 m, -3.0 m
            bytes([56, 60]),  # pace 5.6 and 6.0 km/min
            struct.pack("<HHB", 321, 700, 12),  # energy: total, per hour, per minute
            bytes([151]),  # heart rate
            bytes([95]),  # METs 9.5
            struct.pack("<HH", 1800, 600),  # elapsed, remaining s
            struct.pack("<hh", -40, 250),  # force on belt N, power W
        ]
    )
    assert TreadmillData.from_bytes(data) == TreadmillData(
        more_data=False,
        speed_kmh=10.8,
        average_speed_kmh=10.0,
        total_distance_m=123456,
        inclination_pct=-1.5,
        ramp_angle_deg=2.0,
        positive_elevation_gain_m=12.5,
        negative_elevation_gain_m=3.0,
        instantaneous_pace_km_per_min=5.6,
        average_pace_km_per_min=6.0,
        total_energy_kcal=321,
        energy_per_hour_kcal=700,
        energy_per_minute_kcal=12,
        heart_rate_bpm=151,
        metabolic_equivalent=9.5,
        elapsed_time_s=1800,
        remaining_time_s=600,
        force_on_belt_n=-40,
        power_output_w=250,
    )


def test_treadmill_not_available_values_become_none() -> None:
    data = struct.pack("<HHhhHHB", 0x0088, 900, 0x7FFF, 0x7FFF, 0xFFFF, 0xFFFF, 0xFF)
    assert TreadmillData.from_bytes(data) == TreadmillData(speed_kmh=9.0)


_GROUPS: dict[int, dict[str, float | int]] = {
    0x0002: {"average_speed_kmh": 9.5},
    0x0004: {"total_distance_m": 0xABCDEF},
    0x0008: {"inclination_pct": 3.5, "ramp_angle_deg": -1.2},
    0x0010: {"positive_elevation_gain_m": 10.1, "negative_elevation_gain_m": 0.3},
    0x0020: {"instantaneous_pace_km_per_min": 0.2},
    0x0040: {"average_pace_km_per_min": 25.5},
    0x0080: {"total_energy_kcal": 5, "energy_per_hour_kcal": 600, "energy_per_minute_kcal": 10},
    0x0100: {"heart_rate_bpm": 99},
    0x0200: {"metabolic_equivalent": 12.3},
    0x0400: {"elapsed_time_s": 65535},
    0x0800: {"remaining_time_s": 1},
    0x1000: {"force_on_belt_n": -32768, "power_output_w": 32767},
}


@pytest.mark.parametrize("more_data", [False, True])
def test_treadmill_round_trips_every_combination(more_data: bool) -> None:
    for groups in range(1 << len(_GROUPS)):
        _round_trip(more_data, groups)


def _round_trip(more_data: bool, groups: int) -> None:
    values: dict[str, float | int] = {}
    flags = 0x0001 if more_data else 0
    for i, (bit, group) in enumerate(_GROUPS.items()):
        if groups >> i & 1:
            values.update(group)
            flags |= bit
    d = TreadmillData(more_data=more_data, speed_kmh=None if more_data else 12.34, **values)  # type: ignore[arg-type]
    data = d.to_bytes()
    assert struct.unpack_from("<H", data)[0] == flags
    assert TreadmillData.from_bytes(data) == d


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00",  # half the flags
        b"\x00\x00\x10",  # speed truncated
        b"\x04\x00\x10\x04\x01\x02",  # total distance (u24) truncated
        b"\x09\x00\x10\x00",  # inclination without ramp angle
        b"\x00\x20\x10\x04",  # reserved bit 13
        b"\x00\x00\x10\x04\x00",  # trailing byte
    ],
)
def test_treadmill_malformed(data: bytes) -> None:
    with pytest.raises(MalformedPacket):
        TreadmillData.from_bytes(data)


def test_a_vendor_bit_and_field_are_refused_strictly_and_skipped_leniently() -> None:
    # bit 13 (reserved) set by the machine, which appends a step count after elapsed time
    standard = TreadmillData(speed_kmh=8.5, total_distance_m=1200, elapsed_time_s=600)
    raw = bytearray(standard.to_bytes())
    raw[1] |= 0x20
    raw += struct.pack("<H", 1234)
    with pytest.raises(MalformedPacket, match="reserved flag bits"):
        TreadmillData.from_bytes(raw)
    assert TreadmillData.from_bytes(raw, strict=False) == standard
    with pytest.raises(MalformedPacket):  # lenient still refuses a field cut short
        TreadmillData.from_bytes(raw[:5], strict=False)


def test_a_record_split_across_notifications_is_joined() -> None:
    assembler = TreadmillAssembler()
    first = TreadmillData(more_data=True, total_distance_m=1500, inclination_pct=2.0)
    second = TreadmillData(more_data=True, heart_rate_bpm=150)
    last = TreadmillData(speed_kmh=11.0, elapsed_time_s=600)
    assert assembler.feed(TreadmillData.from_bytes(first.to_bytes())) is None
    assert assembler.feed(TreadmillData.from_bytes(second.to_bytes())) is None
    assert assembler.feed(TreadmillData.from_bytes(last.to_bytes())) == TreadmillData(
        speed_kmh=11.0,
        total_distance_m=1500,
        inclination_pct=2.0,
        heart_rate_bpm=150,
        elapsed_time_s=600,
    )
    # and the next record starts afresh
    assert assembler.feed(TreadmillData(speed_kmh=9.0)) == TreadmillData(speed_kmh=9.0)


def test_a_machine_that_never_completes_a_record_still_gets_through() -> None:
    assembler = TreadmillAssembler(max_fragments=3)
    part = TreadmillData(more_data=True, inclination_pct=1.0)
    assert assembler.feed(part) is None
    assert assembler.feed(part) is None
    assert assembler.feed(part) == part


# -- nothing escapes but MalformedPacket ----------------------------------------------------

DECODERS: list[Callable[[bytes], object]] = [
    RscMeasurement.from_bytes,
    HeartRateMeasurement.from_bytes,
    TreadmillData.from_bytes,
    BodySensorLocation.from_bytes,
    battery_level_from_bytes,
    rsc_feature_from_bytes,
    functools.partial(TreadmillData.from_bytes, strict=False),
]


@given(st.binary(max_size=40))
def test_no_bytes_make_a_decoder_raise_anything_else(data: bytes) -> None:
    for decode in DECODERS:
        with contextlib.suppress(MalformedPacket):
            decode(data)


def test_a_treadmill_incline_of_0x8000_is_not_available() -> None:
    data = struct.pack("<HHhh", 0x0008, 1000, -0x8000, -0x8000)  # speed 10 km/h, incline n/a
    d = TreadmillData.from_bytes(data)
    assert d.inclination_pct is None
    assert d.ramp_angle_deg is None
    assert (
        TreadmillData.from_bytes(struct.pack("<HHhh", 0x0008, 1000, 35, -12)).inclination_pct == 3.5
    )
