"""Battery (service 0x180F): the level every sensor reports."""

from __future__ import annotations

from cadence_coach.errors import MalformedPacket
from cadence_coach.sensors.gatt.fields import U8, Reader


def battery_level_from_bytes(data: bytes | bytearray) -> int:
    """Battery Level 0x2A19 (BAS 1.0, 3.1): percent, 0-100."""
    r = Reader(data, "battery level")
    value = r.take(U8, "level")
    r.done()
    if value > 100:
        raise MalformedPacket(f"{r.what}: {value} % is above 100")
    return value
