"""Polar PMD accelerometer frames: raw (8-, 16- or 24-bit axes) and delta-compressed. Pure.

Frame: measurement type (u8, low six bits; 2 is the accelerometer), the time of the frame's
last sample (u64, ns since 2000-01-01 on the strap's clock), the frame type (u8: bit 7 set
for a compressed frame, bits 0-6 the type), then the samples, x, y, z each. A compressed
frame's samples are a reference sample (three s16) followed by blocks: delta width in bits
(u8), sample count (u8), then ``count * 3`` signed deltas of that width packed
least-significant bit first, each added to the sample before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from cadence_coach.errors import MalformedPacket
from cadence_coach.sensors.gatt.fields import U8, Reader
from cadence_coach.sensors.gatt.pmd import MeasurementType

AXES = 3
RAW_BYTES = {0: 1, 1: 2, 2: 3}
"""Bytes per axis in each raw frame type; raw samples are in milli-g."""
COMPRESSED = (0, 1)
"""Compressed frame types: type 0 holds g (times the strap's factor), type 1 milli-g (times
the factor, 1 when the strap sends none)."""
_REFERENCE_BYTES = 2
_MAX_WIDTH = 32

Sample = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class AccFrame:
    timestamp_ns: int
    """The strap's time of the last sample."""
    frame_type: int
    compressed: bool
    samples: tuple[Sample, ...]
    """As sent; :meth:`milli_g` scales them."""

    def __post_init__(self) -> None:
        known = COMPRESSED if self.compressed else tuple(RAW_BYTES)
        if self.frame_type not in known or not self.samples:
            raise ValueError("an accelerometer frame of a known type, with samples")

    def milli_g(self, factor: float = 1.0) -> list[tuple[float, float, float]]:
        """The samples in milli-g, given the factor the strap sent when it started."""
        scale = 1.0
        if self.compressed:
            scale = factor * (1000.0 if self.frame_type == 0 else 1.0)
        return [(x * scale, y * scale, z * scale) for x, y, z in self.samples]

    @classmethod
    def from_bytes(cls, data: bytes | bytearray) -> AccFrame:
        r = Reader(data, "accelerometer frame")
        kind = r.take(U8, "measurement type") & 0x3F
        if kind != MeasurementType.ACC:
            raise MalformedPacket(f"{r.what}: measurement type {kind}, not the accelerometer's")
        stamp = int.from_bytes(r.data[r.pos : r.pos + 8], "little")
        if r.left < 9:
            raise MalformedPacket(f"{r.what}: {len(r.data)} bytes, too short: {r.data.hex()}")
        r.pos += 8
        code = r.take(U8, "frame type")
        compressed, frame_type = bool(code & 0x80), code & 0x7F
        body = r.data[r.pos :]
        if compressed and frame_type in COMPRESSED:
            samples = _decompress(body, r.what)
        elif not compressed and frame_type in RAW_BYTES:
            samples = _raw(body, RAW_BYTES[frame_type], r.what)
        else:
            kind_name = "compressed" if compressed else "raw"
            raise MalformedPacket(f"{r.what}: unsupported {kind_name} frame type {frame_type}")
        return cls(stamp, frame_type, compressed, samples)

    def to_bytes(self) -> bytes:
        code = self.frame_type | (0x80 if self.compressed else 0)
        head = bytes([MeasurementType.ACC]) + self.timestamp_ns.to_bytes(8, "little")
        body = _compress(self.samples) if self.compressed else _pack(self.samples, self.frame_type)
        return head + bytes([code]) + body


def _raw(body: bytes, size: int, what: str) -> tuple[Sample, ...]:
    step = size * AXES
    if not body or len(body) % step:
        raise MalformedPacket(
            f"{what}: {len(body)} bytes of samples, not a whole number of {step}-byte samples"
        )
    values = [int.from_bytes(body[i : i + size], "little", signed=True)
              for i in range(0, len(body), size)]  # fmt: skip
    return tuple((values[i], values[i + 1], values[i + 2]) for i in range(0, len(values), AXES))


def _pack(samples: tuple[Sample, ...], frame_type: int) -> bytes:
    size = RAW_BYTES[frame_type]
    return b"".join(v.to_bytes(size, "little", signed=True) for s in samples for v in s)


def _decompress(body: bytes, what: str) -> tuple[Sample, ...]:
    ref_size = _REFERENCE_BYTES * AXES
    if len(body) < ref_size:
        raise MalformedPacket(f"{what}: {len(body)} bytes, too short for its reference sample")
    last = [int.from_bytes(body[i : i + 2], "little", signed=True) for i in range(0, ref_size, 2)]
    samples: list[Sample] = [(last[0], last[1], last[2])]
    pos = ref_size
    while pos < len(body):
        if pos + 2 > len(body):
            raise MalformedPacket(f"{what}: a delta block's header is cut short: {body.hex()}")
        width, count = body[pos], body[pos + 1]
        if width > _MAX_WIDTH:
            raise MalformedPacket(f"{what}: delta width {width} bits is more than {_MAX_WIDTH}")
        size = (width * count * AXES + 7) // 8
        block = body[pos + 2 : pos + 2 + size]
        if len(block) < size:
            raise MalformedPacket(
                f"{what}: a block of {count} deltas of {width} bits needs {size} bytes, "
                f"{len(block)} left"
            )
        for delta in _deltas(block, width, count):
            last = [a + d for a, d in zip(last, delta, strict=True)]
            samples.append((last[0], last[1], last[2]))
        pos += 2 + size
    return tuple(samples)


def _deltas(block: bytes, width: int, count: int) -> list[Sample]:
    """``count`` samples of signed ``width``-bit deltas, least-significant bit first. A width
    of 0 carries no bits: each of its samples repeats the one before."""
    bits = int.from_bytes(block, "little")
    mask, sign = (1 << width) - 1, 1 << (width - 1) if width else 0
    values = []
    for i in range(count * AXES):
        v = (bits >> (i * width)) & mask
        values.append(v - (1 << width) if width and v & sign else v)
    return [(values[i], values[i + 1], values[i + 2]) for i in range(0, len(values), AXES)]


def _width(v: int) -> int:
    """Bits of a signed value in two's complement."""
    return (v if v >= 0 else -v - 1).bit_length() + 1


def _compress(samples: tuple[Sample, ...], block: int = 32) -> bytes:
    """The reference sample, then blocks of up to ``block`` samples' deltas, each block as
    narrow as its largest delta allows (as a strap would send them)."""
    out = b"".join(v.to_bytes(2, "little", signed=True) for v in samples[0])
    deltas = [tuple(b - a for a, b in zip(p, q, strict=True)) for p, q in pairwise(samples)]
    for start in range(0, len(deltas), block):
        chunk = deltas[start : start + block]
        width = max(_width(v) for d in chunk for v in d)
        bits = 0
        for i, v in enumerate(v for d in chunk for v in d):
            bits |= (v & ((1 << width) - 1)) << (i * width)
        size = (width * len(chunk) * AXES + 7) // 8
        out += bytes([width, len(chunk)]) + bits.to_bytes(size, "little")
    return out
