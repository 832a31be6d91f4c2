"""An emulated Polar strap (H10 by default) on bumble: heart rate, battery, and the PMD
service, whose accelerometer streams frames built from a real recording, in the raw or the
delta-compressed layout. It can refuse sample rates, send bad frames, and drop out.

Built like the other emulated sensors (:mod:`cadence_coach.emulation.peripheral`); a tick
(:meth:`PolarStrap.notify`) sends one heart-rate measurement and the accelerometer frames
for the tick's share of the recording, stamped on the strap's own clock, so tests can run
a minute of steps in a second.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from bumble.core import UUID
from bumble.device import Connection
from bumble.gatt import Characteristic, CharacteristicValue, Service
from bumble.link import LocalLink
from scipy.signal import resample_poly

from cadence_coach.emulation.peripheral import (
    NOTIFY,
    READ,
    Emulated,
    advertising,
    battery,
    device,
)
from cadence_coach.sensors.gatt import HeartRateMeasurement, SensorContact, pmd
from cadence_coach.sensors.gatt.acc_frame import AccFrame
from cadence_coach.sources.steps.grid import Floats

WRITE = Characteristic.Properties.WRITE
INDICATE = Characteristic.Properties.INDICATE
EPOCH_NS = 700_000_000_000_000_000
"""The strap's clock at the first sample (ns since 2000-01-01, as Polar's are)."""
H10_SETTINGS = pmd.Settings(
    {
        pmd.SettingType.SAMPLE_RATE: (25, 50, 100, 200),
        pmd.SettingType.RESOLUTION: (16,),
        pmd.SettingType.RANGE: (2, 4, 8),
    }
)
BAD_FRAMES = (
    bytes([0x00]) + bytes(8) + b"\x01" + bytes(6),  # an ECG frame on the accelerometer's
    bytes([0x02]) + bytes(8) + b"\x01" + bytes(7),  # samples cut mid-way
    bytes([0x02]) + bytes(8) + b"\x09" + bytes(6),  # a frame type nobody knows
)


@dataclass
class Recording:
    """Acceleration to stream: sample times (s) and x, y, z in g."""

    t_s: Floats
    xyz_g: Floats

    def at_rate(self, rate_hz: int) -> npt.NDArray[np.int64]:
        """Milli-g, at ``rate_hz``, anti-aliased as the strap's own sensor would be."""
        fine = np.arange(self.t_s[0], self.t_s[-1], 1 / 400)
        uniform = np.column_stack([np.interp(fine, self.t_s, a) for a in self.xyz_g.T])
        down: Floats = resample_poly(uniform, rate_hz, 400, axis=0)
        return np.round(down * 1000).astype(np.int64)


@dataclass
class PolarStrap(Emulated):
    recording: Recording | None = None
    layout: str = "raw"
    """``raw`` (16-bit samples, as an H10 sends) or ``delta`` (compressed, as a Verity Sense)."""
    refuse: frozenset[int] = frozenset()
    """Sample rates it answers "invalid sample rate" to."""
    bad_every: int = 0
    """Every this many frames, one of :data:`BAD_FRAMES` instead (0: never)."""
    split: bool = False
    """Send a settings answer in two indications, the first saying more is to come (as a
    strap does when its answer is longer than the MTU)."""
    tick_s: float = 0.2
    """Recording time each tick streams."""
    heart_rate: Characteristic[bytes] | None = None
    control: Characteristic[bytes] | None = None
    data: Characteristic[bytes] | None = None
    rate_hz: int | None = None
    """The rate streaming now, ``None`` when stopped."""
    requests: list[bytes] = field(default_factory=list)
    frames: int = 0
    _samples: Any = None
    _next: int = 0

    async def notify(self, i: int) -> None:
        assert self.heart_rate is not None
        assert self.data is not None
        bpm = 150 + round(4 * math.sin(i / 10))
        hr = HeartRateMeasurement(bpm, SensorContact.DETECTED, None, (60 / bpm,))
        await self.device.notify_subscribers(self.heart_rate, hr.to_bytes())
        self.sent += 1
        for frame in self.frames_for_tick():
            await self.device.notify_subscribers(self.data, frame)

    def frames_for_tick(self) -> list[bytes]:
        """The accelerometer frames of the next ``tick_s`` of recording (none when stopped)."""
        if self.rate_hz is None or self._samples is None:
            return []
        n = max(1, round(self.tick_s * self.rate_hz))
        out = []
        for start in range(self._next, self._next + n, 36):  # up to 36 samples a frame
            count = min(36, self._next + n - start)
            index = np.arange(start, start + count) % len(self._samples)
            samples = tuple(tuple(int(v) for v in s) for s in self._samples[index])
            stamp = EPOCH_NS + round((start + count - 1) * 1e9 / self.rate_hz)
            frame = AccFrame(stamp, 1, self.layout == "delta", samples)  # type: ignore[arg-type]
            self.frames += 1
            if self.bad_every and self.frames % self.bad_every == 0:
                out.append(BAD_FRAMES[self.frames // self.bad_every % len(BAD_FRAMES)])
            else:
                out.append(frame.to_bytes())
        self._next += n
        return out

    def on_write(self, connection: Connection, value: bytes) -> None:
        """A control point request: answered by indication, after the write's own answer."""
        self.requests.append(bytes(value))
        answer = self.answer(bytes(value))
        parts = [answer]
        if self.split and len(answer.parameters) > 4:
            half = len(answer.parameters) // 2
            parts = [replace(answer, more=True, parameters=answer.parameters[:half]),
                     replace(answer, parameters=answer.parameters[half:])]  # fmt: skip
        asyncio.get_running_loop().create_task(self._indicate(connection, parts))

    async def _indicate(self, connection: Connection, parts: list[pmd.Response]) -> None:
        assert self.control is not None
        for part in parts:
            await self.device.indicate_subscriber(connection, self.control, part.to_bytes())

    def answer(self, request: bytes) -> pmd.Response:
        op = request[0] if request else 0
        kind = request[1] if len(request) > 1 else 0
        try:
            code = pmd.OpCode(op)
        except ValueError:
            return pmd.Response(pmd.OpCode.GET_SETTINGS, kind, pmd.Status.INVALID_OP_CODE)
        if kind != pmd.MeasurementType.ACC:
            return pmd.Response(code, kind, pmd.Status.NOT_SUPPORTED)
        if code is pmd.OpCode.GET_SETTINGS:
            return pmd.Response(code, kind, pmd.Status.SUCCESS, False, H10_SETTINGS.to_bytes())
        if code is pmd.OpCode.STOP:
            self.rate_hz = None
            return pmd.Response(code, kind, pmd.Status.SUCCESS)
        if code is not pmd.OpCode.START:
            return pmd.Response(code, kind, pmd.Status.NOT_SUPPORTED)
        return self._start(kind, request[2:])

    def _start(self, kind: int, settings: bytes) -> pmd.Response:
        op = pmd.OpCode.START
        if self.rate_hz is not None:
            return pmd.Response(op, kind, pmd.Status.ALREADY_IN_STATE)
        try:
            chosen = pmd.Settings.from_bytes(settings)
        except ValueError:
            return pmd.Response(op, kind, pmd.Status.INVALID_PARAMETER)
        rates = chosen.sample_rates_hz
        offered = H10_SETTINGS.sample_rates_hz
        if len(rates) != 1 or rates[0] not in offered or rates[0] in self.refuse:
            return pmd.Response(op, kind, pmd.Status.INVALID_SAMPLE_RATE)
        self.rate_hz = rates[0]
        if self.recording is not None:
            self._samples = self.recording.at_rate(self.rate_hz)
        self._next = 0
        factor = pmd.Settings({pmd.SettingType.FACTOR: (1.0,)}).to_bytes()
        said = factor if self.layout == "delta" else b""  # compressed frames come with one
        return pmd.Response(op, kind, pmd.Status.SUCCESS, False, said)

    def on_connection(self, connection: Connection) -> None:
        """Each connection starts with the accelerometer stopped, as a real strap's does."""
        self.rate_hz = None


def polar_strap(
    link: LocalLink | None = None,
    *,
    name: str = "Polar H10 5A1B2C3D",
    address: str = "F0:0D:00:00:00:05",
    recording: Recording | None = None,
    layout: str = "raw",
    refuse: Iterable[int] = (),
    bad_every: int = 0,
    split: bool = False,
    transport: Any = None,
) -> PolarStrap:
    """A Polar strap streaming ``recording`` (none: no frames, heart rate only)."""
    dev = device(name, address, link, transport)
    readable = Characteristic.READABLE
    heart_rate = Characteristic(UUID.from_16_bits(0x2A37), NOTIFY, readable, b"\x00\x00")
    strap = PolarStrap(name, address, "polar", dev, recording=recording, layout=layout,
                       refuse=frozenset(refuse), bad_every=bad_every, split=split)  # fmt: skip
    control: Characteristic[bytes] = Characteristic(
        UUID(pmd.PMD_CONTROL_POINT),
        READ | WRITE | INDICATE,
        Characteristic.READABLE | Characteristic.WRITEABLE,
        CharacteristicValue[bytes](read=lambda _c: b"\x0f\x05\x00", write=strap.on_write),
    )
    data = Characteristic(UUID(pmd.PMD_DATA), NOTIFY, Characteristic.READABLE, b"")
    dev.add_services(
        [
            Service(UUID.from_16_bits(0x180D), [heart_rate]),
            Service(UUID(pmd.PMD_SERVICE), [control, data]),
            battery(71),
        ]
    )
    dev.advertising_data = advertising(name, [0x180D, 0x180F])
    dev.on("connection", strap.on_connection)
    strap.heart_rate, strap.control, strap.data = heart_rate, control, data
    strap.notify_chars = [heart_rate]
    return strap
