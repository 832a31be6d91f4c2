"""What every GATT codec shares: the SIG's UUIDs and a reader that refuses to read past a
packet's end. Pure."""

from __future__ import annotations

import struct

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

U8 = struct.Struct("<B")
U16 = struct.Struct("<H")
S16 = struct.Struct("<h")
U32 = struct.Struct("<I")


class Reader:
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
        low = self.take(U16, field)
        return low | self.take(U8, field) << 16

    @property
    def left(self) -> int:
        return len(self.data) - self.pos

    def done(self) -> None:
        if self.left:
            raise MalformedPacket(
                f"{self.what}: {self.left} unexpected trailing bytes: {self.data.hex()}"
            )


def check_reserved(flags: int, allowed: int, what: str, data: bytes | bytearray) -> None:
    if flags & ~allowed:
        raise MalformedPacket(f"{what}: reserved flag bits set ({flags:#x}): {bytes(data).hex()}")
