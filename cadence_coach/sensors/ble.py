"""The bleak shell: finds sensors, keeps a link to each alive, and hands decoded values to a
:class:`~cadence_coach.sensors.hub.SensorHub`. The only module that imports bleak.

A link reconnects by itself, with exponential backoff and jitter, for as long as it runs:
no exception from the radio leaves :meth:`SensorLink.run`. A notification the decoders
refuse is counted, logged at debug level with its hex, and skipped.

``CADENCE_COACH_BLE_BACKEND`` names a module with ``Scanner`` and ``Client`` classes to use
instead of the platform's bleak backend (the tests' bumble emulation uses it).
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import random
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cadence_coach.errors import MalformedPacket, SensorError
from cadence_coach.sensors import gatt
from cadence_coach.sensors.hub import SensorHub
from cadence_coach.strides import CadenceUnit, CadenceUnits

if TYPE_CHECKING:
    from bleak.backends.device import BLEDevice

log = logging.getLogger(__name__)

BACKEND_ENV = "CADENCE_COACH_BLE_BACKEND"
SENSOR_SERVICES = (gatt.RSC_SERVICE, gatt.HEART_RATE_SERVICE, gatt.FITNESS_MACHINE_SERVICE)


def _backend(kind: str) -> Any:
    name = os.environ.get(BACKEND_ENV)
    if not name:
        return None
    try:
        return getattr(importlib.import_module(name), kind)
    except (ImportError, AttributeError) as err:
        raise SensorError(f"{BACKEND_ENV}={name}: no Bluetooth backend there ({err})") from None


def user_error(err: BaseException, sensor: str | None = None) -> SensorError:
    """The one line a runner can act on, for an error from the Bluetooth stack."""
    text = str(err) or type(err).__name__
    low = text.lower()
    if "no bluetooth adapters" in low or ("adapter" in low and "not found" in low):
        fix = "no Bluetooth adapter found: plug one in, or check `bluetoothctl list`"
    elif "notready" in low or "not powered" in low or "powered off" in low:
        fix = "Bluetooth is off: turn it on (`bluetoothctl power on`)"
    elif "accessdenied" in low or "permission" in low or "not authorized" in low:
        fix = "permission denied by BlueZ: add yourself to the `bluetooth` group, then log in again"
    elif "dbus" in low or "system_bus_socket" in low or isinstance(err, FileNotFoundError):
        fix = "the Bluetooth service is not reachable: start it (`sudo systemctl start bluetooth`)"
    elif isinstance(err, SensorError):
        return err
    else:
        fix = f"Bluetooth error: {text}"
    return SensorError(fix, sensor)


@dataclass(frozen=True, slots=True)
class FoundSensor:
    """A sensor seen while scanning."""

    name: str
    address: str
    rssi_dbm: int | None
    services: tuple[str, ...]
    """Names of the sensor services it advertises (``running speed and cadence``...)."""
    battery_pct: int | None = None


async def scan(timeout_s: float = 5.0, *, battery: bool = True) -> list[FoundSensor]:
    """Sensors nearby that advertise a running service, strongest signal first; with
    ``battery``, each is briefly connected to read its battery level."""
    from bleak import BleakScanner

    try:
        found = await BleakScanner.discover(
            timeout=timeout_s, return_adv=True, backend=_backend("Scanner")
        )
    except Exception as err:
        raise user_error(err) from None
    sensors = []
    for device, adv in found.values():
        uuids = [u.lower() for u in adv.service_uuids]
        services = tuple(gatt.SERVICE_NAMES[u] for u in gatt.SERVICE_NAMES if u in uuids)
        if not any(u in uuids for u in SENSOR_SERVICES):
            continue
        level = await _battery(device, timeout_s) if battery else None
        name = device.name or adv.local_name or "(no name)"
        sensors.append(FoundSensor(name, device.address, adv.rssi, services, level))
    return sorted(sensors, key=lambda s: -(s.rssi_dbm or -999))


async def _battery(device: BLEDevice, timeout_s: float) -> int | None:
    from bleak import BleakClient

    try:
        async with BleakClient(device, timeout=timeout_s, backend=_backend("Client")) as client:
            if client.services.get_characteristic(gatt.BATTERY_LEVEL) is None:
                return None
            return gatt.battery_level_from_bytes(await client.read_gatt_char(gatt.BATTERY_LEVEL))
    except Exception as err:
        log.debug("battery of %s: %s", device.address, err)
        return None


def _is_address(target: str) -> bool:
    parts = target.split(":")
    return (len(parts) == 6 and all(len(p) == 2 for p in parts)) or len(target) == 36


async def find(target: str, timeout_s: float = 10.0) -> BLEDevice:
    """The sensor with this address, or whose advertised name is ``target`` (or starts
    with it, ignoring case)."""
    from bleak import BleakScanner

    wanted = target.lower()

    def match(device: BLEDevice, adv: Any) -> bool:
        if device.address.lower() == wanted:
            return True
        name = (device.name or adv.local_name or "").lower()
        return bool(name) and name.startswith(wanted) and not _is_address(target)

    try:
        device = await BleakScanner.find_device_by_filter(
            match, timeout=timeout_s, backend=_backend("Scanner")
        )
    except Exception as err:
        raise user_error(err, target) from None
    if device is None:
        raise SensorError(
            f"sensor {target!r} not found within {timeout_s:g} s: wake it (a footpod wakes "
            "when you walk, a strap when it is worn and moist), or list what is near with "
            "`cadence-coach scan`",
            target,
        )
    return device


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
        on_status: Callable[[str, str], None] | None = None,
        on_value: Callable[[SensorLink, object, float | None], None] | None = None,
        remembered: Callable[[str], CadenceUnit | None] | None = None,
    ) -> None:
        self.target = target
        self.hub = hub
        self.units_setting = units
        self.backoff = backoff or Backoff()
        self.find_timeout_s = find_timeout_s
        self._rng = random.Random(seed)
        self._on_status = on_status
        self._on_value = on_value
        """Called with every decoded value (and, for RSC, the cadence in steps)."""
        self._remembered = remembered
        """The runner's saved cadence unit for a sensor address, if any."""
        self.name: str | None = None
        self.address: str | None = None
        self.units: CadenceUnits | None = None
        self.connects = 0
        self._device: BLEDevice | None = None
        self._client: Any = None
        self._treadmill = gatt.TreadmillAssembler()
        self._lost = asyncio.Event()
        self.subscribed: tuple[str, ...] = ()
        """The measurement characteristics this sensor notifies."""

    def _status(self, state: str) -> None:
        self.hub.set_state(self.target, state)
        log.info("sensor %s: %s", self.target, state)
        if self._on_status is not None:
            self._on_status(self.target, state)

    async def connect_once(self) -> None:
        """Find, connect and subscribe; raises :class:`SensorError` with the fix. One link
        at a time scans and connects: an adapter handles one pending connection."""
        loop = asyncio.get_running_loop()
        lock = _CONNECTING.setdefault(loop, asyncio.Lock())
        async with lock:
            await self._connect_once()

    async def _connect_once(self) -> None:
        from bleak import BleakClient

        if self._device is None:
            self._device = await find(self.target, self.find_timeout_s)
            self.name = self._device.name
            self.address = self._device.address
            if self.units is None:
                setting = self.units_setting
                if setting is None and self._remembered is not None:
                    setting = self._remembered(self.address)
                self.units = CadenceUnits(self.name, setting)
        lost = asyncio.Event()
        self._lost = lost
        self._treadmill = gatt.TreadmillAssembler()  # no half record from before a drop
        client = BleakClient(
            self._device,
            disconnected_callback=lambda _c: lost.set(),
            timeout=self.find_timeout_s,
            backend=_backend("Client"),
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
        self._status("connected")

    async def _subscribe(self, client: Any) -> None:
        services = client.services
        found = []
        if services.get_characteristic(gatt.BATTERY_LEVEL) is not None:
            try:
                level = gatt.battery_level_from_bytes(
                    await client.read_gatt_char(gatt.BATTERY_LEVEL)
                )
                self.hub.battery(self.target, level)
            except MalformedPacket as err:
                self._malformed("battery", err)
        handlers: dict[str, Callable[[bytes], None]] = {
            gatt.RSC_MEASUREMENT: self._on_rsc,
            gatt.HEART_RATE_MEASUREMENT: self._on_heart_rate,
            gatt.TREADMILL_DATA: self._on_treadmill,
        }
        for uuid, handler in handlers.items():
            if services.get_characteristic(uuid) is None:
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
                f"{self.name or self.target} offers no running speed and cadence, heart rate "
                "or treadmill data",
                self.target,
            )

    def _malformed(self, what: str, err: Exception) -> None:
        self.hub.malformed(self.target)
        log.debug("sensor %s: skipped a bad %s notification: %s", self.target, what, err)

    def _on_rsc(self, data: bytes) -> None:
        try:
            m = gatt.RscMeasurement.from_bytes(data)
        except MalformedPacket as err:
            self._malformed("RSC", err)
            return
        assert self.units is not None
        steps = self.units.steps_per_min(m.cadence_per_min, m.speed_mps if m.speed_mps else None)
        self.hub.rsc(self.target, m, steps, self.units.assumption)
        if self._on_value is not None:
            self._on_value(self, m, steps)

    def _on_heart_rate(self, data: bytes) -> None:
        try:
            m = gatt.HeartRateMeasurement.from_bytes(data)
        except MalformedPacket as err:
            self._malformed("heart rate", err)
            return
        self.hub.heart_rate(self.target, m)
        if self._on_value is not None:
            self._on_value(self, m, None)

    def _on_treadmill(self, data: bytes) -> None:
        try:
            part = gatt.TreadmillData.from_bytes(data)
        except MalformedPacket as err:
            try:  # a vendor's extra field after the standard ones: keep the standard ones
                part = gatt.TreadmillData.from_bytes(data, strict=False)
            except MalformedPacket:
                self._malformed("treadmill", err)
                return
            self.hub.extended(self.target)
            log.debug("sensor %s: read the standard part of %s (%s)", self.target, data.hex(), err)
        record = self._treadmill.feed(part)
        if record is not None:
            self.hub.treadmill(self.target, record)
            if self._on_value is not None:
                self._on_value(self, record, None)

    async def run(self) -> None:
        """Stay connected until cancelled: reconnect after every drop or failure."""
        attempt = 0
        while True:
            if self._client is None:
                try:
                    self._status("connecting")
                    await self.connect_once()
                    attempt = 0
                except asyncio.CancelledError:
                    raise
                except Exception as err:
                    delay = self.backoff.delay(attempt, self._rng)
                    attempt += 1
                    self._status("lost")
                    log.info("sensor %s: %s; retrying in %.1f s", self.target, err, delay)
                    await asyncio.sleep(delay)
                    continue
            await self._lost.wait()
            self._client = None
            self._status("lost")
            await asyncio.sleep(self.backoff.delay(0, self._rng))

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            try:
                await client.disconnect()
            except Exception as err:
                log.debug("sensor %s: disconnect: %s", self.target, err)


class SensorThread:
    """Runs the links on an asyncio loop in a background thread, so the session and its
    audio clock stay in the main thread. :meth:`start` connects every sensor first and
    raises the first :class:`SensorError` (nothing starts without its sensors); after
    that, links reconnect on their own until :meth:`stop`."""

    def __init__(
        self, links: list[SensorLink], loop: asyncio.AbstractEventLoop | None = None
    ) -> None:
        self.links = links
        self._loop: asyncio.AbstractEventLoop | None = None
        self._given_loop = loop
        """A loop already running in another thread to use instead of a new one."""
        self._thread: Any = None
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        import threading

        if self._given_loop is not None:
            loop = self._loop = self._given_loop
        else:
            loop = self._loop = asyncio.new_event_loop()
            self._thread = threading.Thread(target=loop.run_forever, name="sensors", daemon=True)
            self._thread.start()
        try:
            asyncio.run_coroutine_threadsafe(self._connect_all(), loop).result()
        except BaseException:
            self.stop()
            raise

    async def _connect_all(self) -> None:
        results = await asyncio.gather(
            *(link.connect_once() for link in self.links), return_exceptions=True
        )
        for result in results:
            if isinstance(result, BaseException):
                raise result
        self._tasks = [asyncio.create_task(link.run()) for link in self.links]

    async def _close_all(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await asyncio.gather(*(link.close() for link in self.links), return_exceptions=True)

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return
        self._loop = None
        try:
            asyncio.run_coroutine_threadsafe(self._close_all(), loop).result(10)
        except Exception as err:
            log.debug("closing sensors: %s", err)
        if self._thread is not None:
            loop.call_soon_threadsafe(loop.stop)
            self._thread.join(5)
            loop.close()
