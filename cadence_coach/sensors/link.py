"""One sensor's link: connected, subscribed and decoded for as long as it runs, reconnecting
by itself with exponential backoff and jitter. No exception from the radio leaves
:meth:`SensorLink.run`; a notification the decoders refuse is counted, logged at debug
level with its hex, and skipped. Decoded values go to a
:class:`~cadence_coach.sensors.hub.SensorHub`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cadence_coach.errors import MalformedPacket, SensorError
from cadence_coach.sensors import gatt
from cadence_coach.sensors.bluetooth import backend, find, user_error
from cadence_coach.sensors.gatt import pmd
from cadence_coach.sensors.gatt.acc_frame import AccFrame
from cadence_coach.sensors.hub import LinkState, SensorHub
from cadence_coach.sensors.pmd_control import AccelerometerRefused, PmdControl
from cadence_coach.sources.strides import CadenceUnit, CadenceUnits

if TYPE_CHECKING:
    from bleak.backends.device import BLEDevice

    from cadence_coach.sensors.pmd_stream import AccStream

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Backoff:
    """Waits between reconnection attempts: doubling from ``first_s`` to ``max_s``, each
    scaled by a random factor in [1 - jitter, 1 + jitter] so several sensors do not retry
    in step."""

    first_s: float = 0.5
    max_s: float = 15.0
    jitter: float = 0.3

    def delay(self, attempt: int, rng: random.Random) -> float:
        base = min(self.max_s, self.first_s * float(2 ** min(attempt, 30)))
        return base * rng.uniform(1 - self.jitter, 1 + self.jitter)


_CONNECTING: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
    weakref.WeakKeyDictionary()
)


ValueCallback = Callable[["SensorLink", object, "float | None"], None]
"""Told of every decoded value (and, for a footpod, its cadence in steps per minute)."""


class Notifications:
    """One sensor's notifications decoded into its hub: a footpod's cadence converted to
    steps, a treadmill's split records joined, bad packets counted and skipped."""

    def __init__(self, link: SensorLink, on_value: ValueCallback | None) -> None:
        self.link = link
        self.units: CadenceUnits | None = None
        self._on_value = on_value
        self._treadmill = gatt.TreadmillAssembler()
        self.acc: AccStream | None = None
        """A strap's accelerometer stream, once started."""

    def reconnected(self) -> None:
        """No half treadmill record survives a drop, nor an accelerometer stream."""
        self._treadmill = gatt.TreadmillAssembler()
        self.acc = None

    def handlers(self) -> dict[str, Callable[[bytes], None]]:
        """A decoder per measurement characteristic."""
        return {
            gatt.RSC_MEASUREMENT: self.rsc,
            gatt.HEART_RATE_MEASUREMENT: self.heart_rate,
            gatt.TREADMILL_DATA: self.treadmill,
            pmd.PMD_DATA: self.accelerometer,
        }

    def malformed(self, what: str, err: Exception) -> None:
        self.link.hub.malformed(self.link.target)
        log.debug("sensor %s: skipped a bad %s notification: %s", self.link.target, what, err)

    def _told(self, value: object, steps: float | None) -> None:
        if self._on_value is not None:
            self._on_value(self.link, value, steps)

    def rsc(self, data: bytes) -> None:
        try:
            m = gatt.RscMeasurement.from_bytes(data)
        except MalformedPacket as err:
            self.malformed("RSC", err)
            return
        assert self.units is not None
        steps = self.units.steps_per_min(m.cadence_per_min, m.speed_mps if m.speed_mps else None)
        self.link.hub.rsc(self.link.target, m, steps, self.units)
        self._told(m, steps)

    def heart_rate(self, data: bytes) -> None:
        try:
            m = gatt.HeartRateMeasurement.from_bytes(data)
        except MalformedPacket as err:
            self.malformed("heart rate", err)
            return
        self.link.hub.heart_rate(self.link.target, m)
        self._told(m, None)

    def treadmill(self, data: bytes) -> None:
        target = self.link.target
        try:
            part = gatt.TreadmillData.from_bytes(data)
        except MalformedPacket as err:
            try:  # a vendor's extra field after the standard ones: keep the standard ones
                part = gatt.TreadmillData.from_bytes(data, strict=False)
            except MalformedPacket:
                self.malformed("treadmill", err)
                return
            self.link.hub.extended(target)
            log.debug("sensor %s: read the standard part of %s (%s)", target, data.hex(), err)
        record = self._treadmill.feed(part)
        if record is not None:
            self.link.hub.treadmill(target, record)
            self._told(record, None)

    def accelerometer(self, data: bytes) -> None:
        """A strap's accelerometer frame: its steps and the cadence so far."""
        if self.acc is None:
            return  # a frame before the start's answer, or after a stop
        try:
            frame = AccFrame.from_bytes(data)
        except MalformedPacket as err:
            self.malformed("accelerometer", err)
            return
        reading = self.acc.update(frame)
        self.link.hub.accelerometer(self.link.target, reading)
        self._told(reading, reading.cadence_spm)


class SensorLink:
    """One sensor, connected and subscribed for as long as :meth:`run` runs."""

    def __init__(
        self,
        target: str,
        hub: SensorHub,
        *,
        units: CadenceUnit | None = None,
        backoff: Backoff | None = None,
        find_timeout_s: float = 10.0,
        seed: int | None = None,
        on_status: Callable[[str, LinkState], None] | None = None,
        on_value: ValueCallback | None = None,
        remembered: Callable[[str], CadenceUnit | None] | None = None,
    ) -> None:
        self.target = target
        self.hub = hub
        self.units_setting = units
        self.backoff = backoff or Backoff()
        self.find_timeout_s = find_timeout_s
        self._rng = random.Random(seed)
        self._on_status = on_status
        self._remembered = remembered
        """The runner's saved cadence unit for a sensor address, if any."""
        self.name: str | None = None
        self.address: str | None = None
        self.connects = 0
        self._device: BLEDevice | None = None
        self._client: Any = None
        self._notifications = Notifications(self, on_value)
        self._lost = asyncio.Event()
        self._pmd: PmdControl | None = None
        self.subscribed: tuple[str, ...] = ()
        """The measurement characteristics this sensor notifies."""

    @property
    def units(self) -> CadenceUnits | None:
        """What this footpod's cadence counts, once it has been found."""
        return self._notifications.units

    def _status(self, state: LinkState) -> None:
        self.hub.set_state(self.target, state)
        log.info("sensor %s: %s", self.target, state.value)
        if self._on_status is not None:
            self._on_status(self.target, state)

    async def connect_once(self) -> None:
        """Find, connect and subscribe; raises :class:`SensorError` with the fix. One link
        at a time scans and connects: an adapter handles one pending connection."""
        loop = asyncio.get_running_loop()
        lock = _CONNECTING.setdefault(loop, asyncio.Lock())
        async with lock:
            await self._connect_once()

    async def _find(self) -> BLEDevice:
        """The device, found once by name or address; its cadence unit decided then."""
        if self._device is None:
            self._device = await find(self.target, self.find_timeout_s)
            self.name = self._device.name
            self.address = self._device.address
            setting = self.units_setting
            if setting is None and self._remembered is not None:
                setting = self._remembered(self.address)
            self._notifications.units = CadenceUnits(self.name, setting)
        return self._device

    async def _connect_once(self) -> None:
        from bleak import BleakClient

        device = await self._find()
        lost = asyncio.Event()
        self._lost = lost
        self._notifications.reconnected()
        client = BleakClient(
            device,
            disconnected_callback=lambda _c: lost.set(),
            timeout=self.find_timeout_s,
            backend=backend("Client"),
        )
        try:
            await client.connect()
            await self._subscribe(client)
        except Exception as err:
            with contextlib.suppress(Exception):  # already failing: the first error matters
                await client.disconnect()
            raise user_error(err, self.target) from None
        self._client = client
        self.connects += 1
        self.hub.connected(self.target, self.name, self.address)
        self._status(LinkState.CONNECTED)

    async def _read_battery(self, client: Any) -> None:
        if client.services.get_characteristic(gatt.BATTERY_LEVEL) is None:
            return
        try:
            level = gatt.battery_level_from_bytes(await client.read_gatt_char(gatt.BATTERY_LEVEL))
            self.hub.battery(self.target, level)
        except MalformedPacket as err:
            self._notifications.malformed("battery", err)

    async def _subscribe(self, client: Any) -> None:
        await self._read_battery(client)
        found = []
        for uuid, handler in self._notifications.handlers().items():
            if client.services.get_characteristic(uuid) is None:
                continue

            def callback(
                _char: Any, data: bytearray, handler: Callable[[bytes], None] = handler
            ) -> None:
                handler(bytes(data))

            await client.start_notify(uuid, callback)
            found.append(uuid)
        self.subscribed = tuple(found)
        if not found:
            raise SensorError(
                f"{self.name or self.target} offers no running speed and cadence, heart rate, "
                "treadmill data or accelerometer",
                self.target,
            )
        if pmd.PMD_DATA in found and client.services.get_characteristic(pmd.PMD_CONTROL_POINT):
            await self._start_accelerometer(client)

    async def _start_accelerometer(self, client: Any) -> None:
        """Start a Polar strap's accelerometer stream; a strap that refuses keeps its heart
        rate, and the refusal is the status's one line."""
        control = self._pmd = PmdControl(self.name or self.target)
        await client.start_notify(
            pmd.PMD_CONTROL_POINT, lambda _c, data: control.on_indication(bytes(data))
        )
        if not await control.offers_accelerometer(client):
            return
        try:
            started = await control.start(client)
        except (AccelerometerRefused, TimeoutError) as err:
            text = str(err) or f"{self.name} did not answer the accelerometer's start"
            self.hub.accelerometer_state(self.target, text, streaming=False)
            log.info("sensor %s: %s", self.target, text)
            return
        from cadence_coach.sensors.pmd_stream import AccStream  # numpy and the detector

        self._notifications.acc = AccStream(started.rate_hz, started.factor)
        said = f"accelerometer at {started.rate_hz} Hz"
        if started.refused:
            said += f" (refused {', '.join(started.refused)})"
        self.hub.accelerometer_state(self.target, said, streaming=True)

    @property
    def streams_steps(self) -> bool:
        """Whether this sensor's accelerometer is streaming (its cadence comes from steps)."""
        return self._notifications.acc is not None

    async def run(self) -> None:
        """Stay connected until cancelled: reconnect after every drop or failure."""
        attempt = 0
        while True:
            if self._client is None:
                try:
                    self._status(LinkState.CONNECTING)
                    await self.connect_once()
                    attempt = 0
                except asyncio.CancelledError:
                    raise
                except Exception as err:
                    delay = self.backoff.delay(attempt, self._rng)
                    attempt += 1
                    self._status(LinkState.LOST)
                    log.info("sensor %s: %s; retrying in %.1f s", self.target, err, delay)
                    await asyncio.sleep(delay)
                    continue
            await self._lost.wait()
            self._client = None
            self._status(LinkState.LOST)
            await asyncio.sleep(self.backoff.delay(0, self._rng))

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None and self._pmd is not None and self.streams_steps:
            await self._pmd.stop(client)  # else a strap streams on, and runs its battery down
        if client is not None:
            try:
                await client.disconnect()
            except Exception as err:
                log.debug("sensor %s: disconnect: %s", self.target, err)
