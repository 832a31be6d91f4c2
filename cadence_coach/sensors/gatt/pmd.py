"""Polar Measurement Data (PMD): the accelerometer stream of a Polar H10 chest strap or
Verity Sense arm band, controlled through a control point and sent on a data characteristic.

Layouts as Polar's open BLE SDK (polarofficial/polar-ble-sdk) documents them; docs/accelerometer.md
has the tables. All little-endian. A data frame is the measurement type, the time of its last
sample (u64, ns), the frame type (bit 7: delta-compressed) and the samples: raw frames hold
signed 8-, 16- or 24-bit axes; compressed ones a 16-bit reference sample and then blocks of
bit-packed signed deltas, each block led by its delta width in bits and its sample count.
Decoders raise :class:`~cadence_coach.errors.MalformedPacket` and nothing else.
"""

from __future__ import annotations

import enum
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from cadence_coach.errors import MalformedPacket
from cadence_coach.sensors.gatt.fields import U8, Reader

PMD_SERVICE = "fb005c80-02e7-f387-1cad-8acd2d8df0c8"
PMD_CONTROL_POINT = "fb005c81-02e7-f387-1cad-8acd2d8df0c8"
PMD_DATA = "fb005c82-02e7-f387-1cad-8acd2d8df0c8"

_U64 = struct.Struct("<Q")
_F32 = struct.Struct("<f")
_FEATURES = 0x0F
"""The first byte of the control point's value when read: what follows is its features."""
_RESPONSE = 0xF0
"""The first byte of a control point indication that answers a request."""
_STOPPED = 0x01
"""The first byte of one the strap sends by itself: it stopped these streams."""


class MeasurementType(enum.IntEnum):
    ECG = 0
    PPG = 1
    ACC = 2
    PPI = 3
    GYRO = 5
    MAGNETOMETER = 6


def features_from_bytes(data: bytes | bytearray) -> frozenset[MeasurementType]:
    """The control point's value: 0x0F, then a bit per measurement type the strap offers."""
    r = Reader(data, "PMD features")
    if r.take(U8, "marker") != _FEATURES:
        raise MalformedPacket(f"{r.what}: does not start with 0x0f: {bytes(data).hex()}")
    if not r.left:
        raise MalformedPacket(f"{r.what}: no feature bits: {bytes(data).hex()}")
    bits = int.from_bytes(r.data[r.pos :], "little")
    return frozenset(t for t in MeasurementType if bits >> t & 1)


class SettingType(enum.IntEnum):
    SAMPLE_RATE = 0
    RESOLUTION = 1
    RANGE = 2
    RANGE_MILLIUNIT = 3
    CHANNELS = 4
    FACTOR = 5
    """A float the samples of a compressed frame are multiplied by; sent by the strap only."""


_SIZES = {
    SettingType.SAMPLE_RATE: 2,
    SettingType.RESOLUTION: 2,
    SettingType.RANGE: 2,
    SettingType.RANGE_MILLIUNIT: 4,
    SettingType.CHANNELS: 1,
    SettingType.FACTOR: 4,
}


@dataclass(frozen=True, slots=True)
class Settings:
    """Measurement settings: each setting and its values (offered, or chosen)."""

    values: Mapping[SettingType, tuple[float, ...]]

    def get(self, kind: SettingType) -> tuple[float, ...]:
        return self.values.get(kind, ())

    @property
    def sample_rates_hz(self) -> tuple[int, ...]:
        return tuple(sorted(int(v) for v in self.get(SettingType.SAMPLE_RATE)))

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> Settings:
        r = Reader(data, "PMD settings")
        out: dict[SettingType, tuple[float, ...]] = {}
        while r.left:
            code = r.take(U8, "setting type")
            try:
                kind = SettingType(code)
            except ValueError:
                raise MalformedPacket(f"{r.what}: unknown setting {code}: {r.data.hex()}") from None
            count = r.take(U8, "count")
            size = _SIZES[kind]
            if r.left < count * size:
                raise MalformedPacket(
                    f"{r.what}: {count} values of {kind.name.lower()} need {count * size} bytes, "
                    f"{r.left} left: {r.data.hex()}"
                )
            raw = [r.data[r.pos + i * size : r.pos + (i + 1) * size] for i in range(count)]
            r.pos += count * size
            if kind is SettingType.FACTOR:
                out[kind] = tuple(_F32.unpack(b)[0] for b in raw)
            else:
                out[kind] = tuple(int.from_bytes(b, "little") for b in raw)
        return cls(out)

    def to_bytes(self) -> bytes:
        out = bytearray()
        for kind, values in self.values.items():
            out += bytes([kind, len(values)])
            for v in values:
                if kind is SettingType.FACTOR:
                    out += _F32.pack(v)
                else:
                    out += int(v).to_bytes(_SIZES[kind], "little")
        return bytes(out)


class OpCode(enum.IntEnum):
    GET_SETTINGS = 1
    START = 2
    STOP = 3
    GET_SDK_MODE_SETTINGS = 4
    GET_STATUS = 5
    GET_SDK_MODE_STATUS = 6
    GET_OFFLINE_TRIGGER_STATUS = 7
    SET_OFFLINE_TRIGGER_MODE = 8
    SET_OFFLINE_TRIGGER_SETTINGS = 9


class Status(enum.IntEnum):
    SUCCESS = 0
    INVALID_OP_CODE = 1
    INVALID_MEASUREMENT_TYPE = 2
    NOT_SUPPORTED = 3
    INVALID_LENGTH = 4
    INVALID_PARAMETER = 5
    ALREADY_IN_STATE = 6
    INVALID_RESOLUTION = 7
    INVALID_SAMPLE_RATE = 8
    INVALID_RANGE = 9
    INVALID_MTU = 10
    INVALID_NUMBER_OF_CHANNELS = 11
    INVALID_STATE = 12
    DEVICE_IN_CHARGER = 13
    DISK_FULL = 14

    @property
    def words(self) -> str:
        return self.name.lower().replace("_", " ")


def settings_request(kind: MeasurementType) -> bytes:
    return bytes([OpCode.GET_SETTINGS, kind])


def start_request(kind: MeasurementType, chosen: Mapping[SettingType, int]) -> bytes:
    """Start ``kind`` with one value of each setting (the factor is the strap's to say)."""
    values: dict[SettingType, tuple[float, ...]] = {
        k: (float(v),) for k, v in chosen.items() if k is not SettingType.FACTOR
    }
    return bytes([OpCode.START, kind]) + Settings(values).to_bytes()


def stop_request(kind: MeasurementType) -> bytes:
    return bytes([OpCode.STOP, kind])


@dataclass(frozen=True, slots=True)
class Response:
    """The strap's answer to a request: 0xF0, op code, measurement type, status, then (on
    success) a "more to come" byte and parameters."""

    op: OpCode
    measurement: int
    status: Status
    more: bool = False
    parameters: bytes = b""

    def to_bytes(self) -> bytes:
        head = bytes([_RESPONSE, self.op, self.measurement, self.status])
        if self.status is not Status.SUCCESS:
            return head
        return head + bytes([self.more]) + self.parameters


@dataclass(frozen=True, slots=True)
class Stopped:
    """The strap stopped these streams by itself."""

    measurements: tuple[int, ...]

    def to_bytes(self) -> bytes:
        return bytes([_STOPPED, *self.measurements])


def control_point_message(data: bytes | bytearray) -> Response | Stopped:
    """A control point indication: an answer to a request, or the strap's own stop."""
    r = Reader(data, "PMD control point")
    first = r.take(U8, "code")
    if first == _STOPPED:
        return Stopped(tuple(r.data[r.pos :]))
    if first != _RESPONSE:
        raise MalformedPacket(f"{r.what}: unknown message 0x{first:02x}: {r.data.hex()}")
    op, kind, status = (r.take(U8, f) for f in ("op code", "measurement type", "status"))
    try:
        answer = Response(OpCode(op), kind, Status(status))
    except ValueError:
        raise MalformedPacket(f"{r.what}: unknown op code or status: {r.data.hex()}") from None
    if answer.status is not Status.SUCCESS or not r.left:
        return answer
    more = r.take(U8, "more")
    return Response(answer.op, kind, answer.status, bool(more), r.data[r.pos :])
