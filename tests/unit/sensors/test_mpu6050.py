"""The MPU-6050's register decoding, on bytes: set-up writes and readings in g."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cadence_coach.errors import MalformedPacket
from cadence_coach.sensors.i2c.mpu6050 import (
    ACCEL_CONFIG,
    CONFIG,
    PWR_MGMT_1,
    SMPLRT_DIV,
    Setup,
    acceleration_g,
)


def test_set_up_writes_for_50_hz_at_8_g() -> None:
    assert Setup(50, 8).writes() == [(PWR_MGMT_1, 0x01), (CONFIG, 3), (SMPLRT_DIV, 19),
                                     (ACCEL_CONFIG, 0x10)]  # fmt: skip
    assert Setup(200, 2).writes()[-2:] == [(SMPLRT_DIV, 4), (ACCEL_CONFIG, 0x00)]


def test_a_reading_at_rest_is_one_g_down() -> None:
    # z = 4096 counts at ±8 g is 1 g; x = -2048 is -0.5 g; big-endian
    assert acceleration_g(bytes.fromhex("f80000001000"), Setup(50, 8)) == (-0.5, 0.0, 1.0)
    assert acceleration_g(bytes.fromhex("7fff80004000"), Setup(50, 2)) == (
        32767 / 16384,
        -2.0,
        1.0,
    )


@pytest.mark.parametrize("kwargs", [{"rate_hz": 50, "range_g": 3}, {"rate_hz": 2000, "range_g": 8}])
def test_impossible_set_ups_are_refused(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="MPU-6050"):
        Setup(**kwargs)


@given(st.binary(max_size=12))
def test_only_six_bytes_are_a_reading(data: bytes) -> None:
    with contextlib.suppress(MalformedPacket):
        x, y, z = acceleration_g(data, Setup(50, 16))
        assert len(data) == 6
        assert all(-16 <= v < 16 for v in (x, y, z))
