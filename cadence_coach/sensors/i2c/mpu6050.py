"""The InvenSense MPU-6050 accelerometer on I2C: registers to set it up and the bytes of a
reading decoded into g (register map revision 4.2). The reader is a thin shell over smbus2,
imported only when one is opened; nothing here has run on a real bus (see
docs/accelerometer.md)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cadence_coach.errors import MalformedPacket, SensorError

ADDRESS = 0x68
"""0x69 when the AD0 pin is pulled high."""
SMPLRT_DIV = 0x19
CONFIG = 0x1A
ACCEL_CONFIG = 0x1C
ACCEL_XOUT_H = 0x3B
PWR_MGMT_1 = 0x6B
WHO_AM_I = 0x75
IDENTITY = 0x68
RANGES_G = {2: 0, 4: 1, 8: 2, 16: 3}
"""Full scale and its AFS_SEL bits (ACCEL_CONFIG bits 4:3)."""
GYRO_OUTPUT_HZ = 1000
"""The rate the sample-rate divider divides, with the low-pass filter on (CONFIG 1-6)."""
LOW_PASS_44_HZ = 3
"""DLPF_CFG 3: the accelerometer low-passed at 44 Hz, well above a step's frequencies."""


@dataclass(frozen=True, slots=True)
class Setup:
    rate_hz: int
    range_g: int

    def __post_init__(self) -> None:
        if self.range_g not in RANGES_G:
            raise ValueError(f"the MPU-6050's ranges are {sorted(RANGES_G)} g")
        if not 4 <= self.rate_hz <= GYRO_OUTPUT_HZ:
            raise ValueError("the MPU-6050 samples at 4-1000 Hz")

    def writes(self) -> list[tuple[int, int]]:
        """(register, value) to write, in order: wake with the gyro's clock, low-pass,
        sample rate, full scale."""
        divider = round(GYRO_OUTPUT_HZ / self.rate_hz) - 1
        return [
            (PWR_MGMT_1, 0x01),
            (CONFIG, LOW_PASS_44_HZ),
            (SMPLRT_DIV, divider),
            (ACCEL_CONFIG, RANGES_G[self.range_g] << 3),
        ]

    @property
    def counts_per_g(self) -> float:
        return 32768 / self.range_g


def acceleration_g(block: bytes | bytearray, setup: Setup) -> tuple[float, float, float]:
    """ACCEL_XOUT_H to ACCEL_ZOUT_L: three big-endian s16, in g."""
    if len(block) != 6:
        raise MalformedPacket(
            f"MPU-6050 acceleration: {len(block)} bytes, not 6: {bytes(block).hex()}"
        )
    x, y, z = (int.from_bytes(block[i : i + 2], "big", signed=True) for i in (0, 2, 4))
    scale = setup.counts_per_g
    return x / scale, y / scale, z / scale


class Mpu6050:
    """An MPU-6050 on an I2C bus, polled at its sample rate."""

    def __init__(self, bus: int = 1, address: int = ADDRESS, setup: Setup | None = None) -> None:
        self.setup = setup or Setup(rate_hz=50, range_g=8)
        try:
            from smbus2 import SMBus
        except ImportError:
            raise SensorError(
                "the MPU-6050 needs smbus2: pip install 'cadence-coach[pi]'"
            ) from None
        try:
            self._bus: Any = SMBus(bus)
            identity = self._bus.read_byte_data(address, WHO_AM_I)
        except OSError as err:
            raise SensorError(f"no MPU-6050 at 0x{address:02x} on I2C bus {bus} ({err})") from None
        if identity & 0x7E != IDENTITY & 0x7E:
            raise SensorError(f"the chip at 0x{address:02x} says 0x{identity:02x}, not an MPU-6050")
        self.address = address
        for register, value in self.setup.writes():
            self._bus.write_byte_data(address, register, value)

    def samples(self) -> Iterator[tuple[float, tuple[float, float, float]]]:
        """(monotonic time, acceleration in g) at the sample rate, until closed."""
        period = 1 / self.setup.rate_hz
        due = time.monotonic()
        while True:
            block = self._bus.read_i2c_block_data(self.address, ACCEL_XOUT_H, 6)
            yield time.monotonic(), acceleration_g(bytes(block), self.setup)
            due += period
            time.sleep(max(0.0, due - time.monotonic()))

    def close(self) -> None:
        self._bus.close()
