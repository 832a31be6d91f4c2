"""Polar PMD: the control point's requests and answers, settings, and accelerometer frames in
the raw and the delta-compressed layouts; examples worked from the layouts in Polar's SDK,
round trips, malformed input, and no byte string escaping with anything but the documented
error."""

from __future__ import annotations

import contextlib
import struct
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence_coach.errors import MalformedPacket
from cadence_coach.sensors.gatt.acc_frame import AccFrame
from cadence_coach.sensors.gatt.pmd import (
    MeasurementType,
    OpCode,
    Response,
    Settings,
    SettingType,
    Status,
    Stopped,
    control_point_message,
    features_from_bytes,
    settings_request,
    start_request,
    stop_request,
)

ACC = MeasurementType.ACC
HEAD = bytes([0x02]) + (2_000_000_000).to_bytes(8, "little")


def test_features_read_from_the_control_point() -> None:
    # an H10: ECG and accelerometer
    assert features_from_bytes(b"\x0f\x05\x00") == {MeasurementType.ECG, ACC}
    assert features_from_bytes(b"\x0f\x00\x00") == frozenset()
    for bad in (b"", b"\x0f", b"\x0e\x05\x00"):
        with pytest.raises(MalformedPacket):
            features_from_bytes(bad)


def test_settings_of_an_h10s_accelerometer() -> None:
    # sample rate 25/50/100/200 Hz, resolution 16 bits, range 2/4/8 g
    data = bytes([0x00, 4]) + struct.pack("<4H", 25, 50, 100, 200)
    data += (
        bytes([0x01, 1]) + struct.pack("<H", 16) + bytes([0x02, 3]) + struct.pack("<3H", 2, 4, 8)
    )
    settings = Settings.from_bytes(data)
    assert settings.sample_rates_hz == (25, 50, 100, 200)
    assert settings.get(SettingType.RANGE) == (2, 4, 8)
    assert settings.to_bytes() == data


def test_a_start_responses_factor_is_a_float() -> None:
    data = bytes([0x05, 1]) + struct.pack("<f", 0.5)
    assert Settings.from_bytes(data).get(SettingType.FACTOR) == (0.5,)


@pytest.mark.parametrize(
    "data",
    [
        b"\x00",  # no count
        b"\x00\x02\x19\x00",  # two rates announced, one sent
        b"\x09\x01\x00",  # no such setting
    ],
)
def test_settings_malformed(data: bytes) -> None:
    with pytest.raises(MalformedPacket):
        Settings.from_bytes(data)


def test_requests() -> None:
    assert settings_request(ACC) == b"\x01\x02"
    chosen = {SettingType.SAMPLE_RATE: 50, SettingType.RESOLUTION: 16, SettingType.RANGE: 8}
    assert start_request(ACC, chosen) == bytes.fromhex("0202000132000101100002010800")
    assert stop_request(ACC) == b"\x03\x02"


def test_control_point_answers_and_the_straps_own_stop() -> None:
    # the settings answer: F0, op 1, accelerometer, success, no more, parameters
    assert control_point_message(bytes.fromhex("f001020000ffffff")) == Response(
        OpCode.GET_SETTINGS, 2, Status.SUCCESS, False, b"\xff\xff\xff"
    )
    # a refusal carries no parameters
    assert control_point_message(bytes.fromhex("f002020800")) == Response(
        OpCode.START, 2, Status.INVALID_SAMPLE_RATE
    )
    assert control_point_message(b"\x01\x02") == Stopped((2,))
    factor = b"\x05\x01\x00\x00\x00\x3f"
    answers = (Response(OpCode.START, 2, Status.SUCCESS, True, factor),
               Response(OpCode.STOP, 2, Status.ALREADY_IN_STATE), Stopped((0, 2)))  # fmt: skip
    for message in answers:
        assert control_point_message(message.to_bytes()) == message


@pytest.mark.parametrize(
    "data", [b"", b"\xf0\x01", b"\xf0\x63\x02\x00", b"\xf0\x01\x02\x63", b"\x07"]
)
def test_control_point_malformed(data: bytes) -> None:
    with pytest.raises(MalformedPacket):
        control_point_message(data)


def test_a_raw_16_bit_frame() -> None:
    # two samples, milli-g: (-9, -1, 999), (-8, -2, 997)
    data = HEAD + b"\x01" + struct.pack("<6h", -9, -1, 999, -8, -2, 997)
    frame = AccFrame.from_bytes(data)
    assert frame == AccFrame(2_000_000_000, 1, False, ((-9, -1, 999), (-8, -2, 997)))
    assert frame.milli_g(factor=0.5) == [(-9, -1, 999), (-8, -2, 997)]  # raw: no factor
    assert frame.to_bytes() == data


def test_a_compressed_frame_worked_by_hand() -> None:
    # reference (-15, 20, 1008), then one block: 6-bit deltas, 1 sample: (-5, -3, 0)
    # -5 = 111011, -3 = 111101, 0 = 000000, packed from the least significant bit up
    data = HEAD + b"\x81" + struct.pack("<3h", -15, 20, 1008) + bytes([6, 1, 0x7B, 0x0F, 0x08])
    frame = AccFrame.from_bytes(data)
    assert frame.samples == ((-15, 20, 1008), (-20, 17, 1008))
    assert frame.milli_g(factor=2.0) == [(-30, 40, 2016), (-40, 34, 2016)]
    # type 0 holds g: times the factor, in milli-g
    type0 = AccFrame.from_bytes(HEAD + b"\x80" + data[len(HEAD) + 1 :])
    flat = [v for sample in type0.milli_g(factor=0.000244) for v in sample]
    assert flat == pytest.approx([v * 0.244 for v in (-15, 20, 1008, -20, 17, 1008)])


def test_a_zero_width_block_repeats_the_sample_before() -> None:
    data = HEAD + b"\x81" + struct.pack("<3h", 1, 2, 3) + bytes([0, 3])
    assert AccFrame.from_bytes(data).samples == ((1, 2, 3),) * 4


samples = st.lists(st.tuples(*[st.integers(-32768, 32767)] * 3), min_size=1, max_size=60)


@given(samples, st.integers(0, 2**64 - 1), st.sampled_from([(0, False), (1, False), (2, False),
                                                            (0, True), (1, True)]))  # fmt: skip
def test_frames_round_trip_in_every_layout(
    values: list[tuple[int, int, int]], stamp: int, layout: tuple[int, bool]
) -> None:
    frame_type, compressed = layout
    if frame_type == 0 and not compressed:
        values = [(x % 256 - 128, y % 256 - 128, z % 256 - 128) for x, y, z in values]
    frame = AccFrame(stamp, frame_type, compressed, tuple(values))
    assert AccFrame.from_bytes(frame.to_bytes()) == frame


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "too short"),
        (b"\x00" + HEAD[1:] + b"\x01" + bytes(6), "measurement type 0"),  # an ECG frame
        (HEAD[:5], "too short"),
        (HEAD + b"\x01", "not a whole number"),  # no samples
        (HEAD + b"\x01" + bytes(7), "not a whole number"),
        (HEAD + b"\x05" + bytes(6), "unsupported raw frame type 5"),
        (HEAD + b"\x82" + bytes(6), "unsupported compressed frame type 2"),
        (HEAD + b"\x81" + bytes(4), "reference sample"),
        (HEAD + b"\x81" + bytes(6) + b"\x08", "cut short"),
        (HEAD + b"\x81" + bytes(6) + b"\x08\x02\x00", "needs 6 bytes, 1 left"),
        (HEAD + b"\x81" + bytes(6) + b"\x21\x01" + bytes(13), "more than 32"),
    ],
)
def test_frames_malformed(data: bytes, words: str) -> None:
    with pytest.raises(MalformedPacket, match=words):
        AccFrame.from_bytes(data)


DECODERS: list[Callable[[bytes], object]] = [
    AccFrame.from_bytes,
    Settings.from_bytes,
    control_point_message,
    features_from_bytes,
]


@given(st.binary(max_size=80))
def test_no_bytes_make_a_pmd_decoder_raise_anything_else(data: bytes) -> None:
    for decode in DECODERS:
        with contextlib.suppress(MalformedPacket):
            decode(data)


@given(st.binary(max_size=60))
def test_no_frame_body_escapes_either(body: bytes) -> None:
    """Past the header, where most of a frame's length checks are."""
    for code in (0x00, 0x01, 0x02, 0x80, 0x81, 0x7F, 0xFF):
        with contextlib.suppress(MalformedPacket):
            AccFrame.from_bytes(HEAD + bytes([code]) + body)
