"""Bluetooth discovery through bleak: which backend, scanning, finding one sensor, and the
one line a runner can act on when the Bluetooth stack fails.

``CADENCE_COACH_BLE_BACKEND`` names a module with ``Scanner`` and ``Client`` classes to use
instead of the platform's bleak backend (:mod:`cadence_coach.emulation.bleak_backend`, the
emulated sensors of the tests and benchmarks, is one).
"""

from __future__ import annotations

import importlib
import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cadence_coach.errors import SensorError
from cadence_coach.sensors import gatt
from cadence_coach.sensors.gatt import pmd as _pmd  # noqa: F401  (gatt.pmd below)

if TYPE_CHECKING:
    from bleak.backends.device import BLEDevice

log = logging.getLogger(__name__)

BACKEND_ENV = "CADENCE_COACH_BLE_BACKEND"
SENSOR_SERVICES = (gatt.RSC_SERVICE, gatt.HEART_RATE_SERVICE, gatt.FITNESS_MACHINE_SERVICE)
STEPS = "steps from its accelerometer"
"""Said of a sensor whose accelerometer can give cadence (Polar PMD)."""
PMD_MODELS = ("Polar H10", "Polar Verity Sense", "Polar OH1", "Polar Sense")
"""Polar's sensors that stream acceleration over PMD, told by name when not connected to."""


def backend(kind: str) -> Any:
    """The ``Scanner`` or ``Client`` class of the backend named in the environment, or
    ``None`` for bleak's own."""
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
            timeout=timeout_s, return_adv=True, backend=backend("Scanner")
        )
    except Exception as err:
        raise user_error(err) from None
    sensors = []
    for device, adv in found.values():
        uuids = [u.lower() for u in adv.service_uuids]
        services = tuple(gatt.SERVICE_NAMES[u] for u in gatt.SERVICE_NAMES if u in uuids)
        if not any(u in uuids for u in SENSOR_SERVICES):
            continue
        name = device.name or adv.local_name or "(no name)"
        level, steps = await _probe(device, timeout_s) if battery else (None, None)
        if steps or (steps is None and name.startswith(PMD_MODELS)):
            services += (STEPS,)
        sensors.append(FoundSensor(name, device.address, adv.rssi, services, level))
    return sorted(sensors, key=lambda s: -(s.rssi_dbm or -999))


async def _probe(device: BLEDevice, timeout_s: float) -> tuple[int | None, bool | None]:
    """A brief connection: the battery level, and whether an accelerometer is there to give
    steps (``None`` for either when the sensor could not be asked)."""
    from bleak import BleakClient

    try:
        async with BleakClient(device, timeout=timeout_s, backend=backend("Client")) as client:
            steps = client.services.get_characteristic(gatt.pmd.PMD_DATA) is not None
            if client.services.get_characteristic(gatt.BATTERY_LEVEL) is None:
                return None, steps
            level = gatt.battery_level_from_bytes(await client.read_gatt_char(gatt.BATTERY_LEVEL))
            return level, steps
    except Exception as err:
        log.debug("probing %s: %s", device.address, err)
        return None, None


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
            match, timeout=timeout_s, backend=backend("Scanner")
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
