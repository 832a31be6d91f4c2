"""A bleak backend on bumble's central role, so the project's own bleak calls go over real
ATT/GATT PDUs to emulated sensors, with no radio.

Select it the way production code selects any backend:
``CADENCE_COACH_BLE_BACKEND=cadence_coach.emulation.bleak_backend``. The central reaches the
emulated peripherals either through an in-process :class:`bumble.link.LocalLink`
(:func:`use_link`) or, across processes, through the HCI transport named by
``CADENCE_COACH_BUMBLE_TRANSPORT`` (``tcp-client:127.0.0.1:PORT`` on a
``bumble.apps.controllers`` link).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable
from typing import Any

from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import AdvertisementData, BaseBleakScanner
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import BleakDeviceNotFoundError, BleakError
from bumble import core, hci
from bumble.controller import Controller
from bumble.core import UUID, AdvertisingData
from bumble.device import Advertisement, Connection, Device, Peer
from bumble.gatt import Characteristic
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink

TRANSPORT_ENV = "CADENCE_COACH_BUMBLE_TRANSPORT"
CENTRAL_ADDRESS = "C0:FF:EE:00:00:01"

_link: LocalLink | None = None
_central: dict[int, Device] = {}  # one central per event loop
_seen: dict[str, hci.Address] = {}  # address string -> typed address, from advertisements


def use_link(link: LocalLink | None) -> None:
    """Route the central through ``link`` (in-process tests); ``None`` forgets it."""
    global _link
    _link = link
    _central.clear()
    _seen.clear()


async def central() -> Device:
    """The central device of the running event loop, powered on at first use."""
    loop = id(asyncio.get_running_loop())
    if loop in _central:
        return _central[loop]
    address = hci.Address(CENTRAL_ADDRESS)
    if _link is not None:
        controller = Controller("central", link=_link, public_address=CENTRAL_ADDRESS)
        device = Device(address=address, host=Host(controller, AsyncPipeSink(controller)))
    else:
        spec = os.environ.get(TRANSPORT_ENV)
        if not spec:
            raise BleakError(f"no bumble link: call use_link() or set {TRANSPORT_ENV}")
        from bumble.transport import open_transport

        transport = await open_transport(spec)
        device = Device.with_hci("central", address, transport.source, transport.sink)
    await device.power_on()
    _central[loop] = device
    return device


def _uuid(u: UUID) -> str:
    return str(u.to_hex_str("-")).lower() if len(u.uuid_bytes) == 16 else _short(u)


def _short(u: UUID) -> str:
    return f"0000{int.from_bytes(u.uuid_bytes, 'little'):04x}-0000-1000-8000-00805f9b34fb"


class Scanner(BaseBleakScanner):
    def __init__(
        self,
        detection_callback: Any,
        service_uuids: list[str] | None,
        scanning_mode: str = "active",
        **kwargs: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self._device: Device | None = None

    def _on_advertisement(self, adv: Advertisement) -> None:
        data = adv.data
        name = data.get(AdvertisingData.COMPLETE_LOCAL_NAME) or data.get(
            AdvertisingData.SHORTENED_LOCAL_NAME
        )
        uuids: list[str] = []
        for kind in (
            AdvertisingData.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
            AdvertisingData.INCOMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS,
        ):
            for u in data.get(kind) or []:
                uuids.append(_short(u))
        address = str(adv.address).split("/")[0]
        _seen[address] = adv.address
        ad = AdvertisementData(
            local_name=str(name) if name else None,
            manufacturer_data={},
            service_data={},
            service_uuids=uuids,
            tx_power=None,
            rssi=adv.rssi,
            platform_data=(adv,),
        )
        if not self.is_allowed_uuid(uuids):
            return
        device = self.create_or_update_device(address, address, ad.local_name, adv, ad)
        self.call_detection_callbacks(device, ad)

    async def start(self) -> None:
        self.seen_devices = {}
        self._device = await central()
        self._device.on("advertisement", self._on_advertisement)
        await self._device.start_scanning(filter_duplicates=False)

    async def stop(self) -> None:
        if self._device is not None:
            self._device.remove_listener("advertisement", self._on_advertisement)
            await self._device.stop_scanning()
            self._device = None


_PROPERTIES = {
    Characteristic.Properties.READ: "read",
    Characteristic.Properties.WRITE: "write",
    Characteristic.Properties.WRITE_WITHOUT_RESPONSE: "write-without-response",
    Characteristic.Properties.NOTIFY: "notify",
    Characteristic.Properties.INDICATE: "indicate",
}


async def _cancel_pending(device: Any) -> None:
    """Cancel a connection the controller may still be creating (an error if none)."""
    with contextlib.suppress(Exception):
        await device.send_command(hci.HCI_LE_Create_Connection_Cancel_Command())


class Client(BaseBleakClient):
    def __init__(
        self,
        address_or_ble_device: BLEDevice | str,
        *,
        disconnected_callback: Callable[[], None] | None = None,
        timeout: float = 10.0,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            address_or_ble_device, disconnected_callback=disconnected_callback, timeout=timeout
        )
        self._connection: Connection | None = None
        self._peer: Peer | None = None
        self._name = ""
        if isinstance(address_or_ble_device, BLEDevice):
            self._name = address_or_ble_device.name or ""

    @property
    def name(self) -> str:
        return self._name

    @property
    def mtu_size(self) -> int:
        return self._connection.att_mtu if self._connection is not None else 23

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        device = await central()
        address = _seen.get(self.address, hci.Address(self.address))
        try:
            # bumble's own timeout cancels the pending connection in the controller, so a
            # sensor away for longer than the timeout can be connected to when it returns
            connection = await device.connect(address, timeout=self._timeout)
        except (TimeoutError, core.TimeoutError) as err:
            raise BleakDeviceNotFoundError(self.address, f"{self.address} not found") from err
        except asyncio.CancelledError:
            await _cancel_pending(device)  # the caller gave up first: leave no pending one
            raise
        self._connection = connection
        connection.on("disconnection", self._on_disconnection)
        peer = Peer(connection)
        self._peer = peer
        await peer.request_mtu(247)  # as BlueZ does: a strap's accelerometer frames are long
        services = BleakGATTServiceCollection()
        for proxy in await peer.discover_services():
            service = BleakGATTService(proxy, proxy.handle, _uuid(proxy.uuid))
            services.add_service(service)
            for char in await peer.discover_characteristics(service=proxy):
                props: list[Any] = [n for flag, n in _PROPERTIES.items() if char.properties & flag]
                bc = BleakGATTCharacteristic(
                    char,
                    char.handle,
                    _uuid(char.uuid),
                    props,
                    lambda: 20,
                    service,
                )
                services.add_characteristic(bc)
                for desc in await peer.discover_descriptors(char):
                    services.add_descriptor(
                        BleakGATTDescriptor(desc, desc.handle, _uuid(desc.type), bc)
                    )
        self.services = services

    def _on_disconnection(self, reason: int) -> None:
        self._connection = None
        if self._disconnected_callback is not None:
            self._disconnected_callback()

    async def disconnect(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            await connection.disconnect()

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError

    async def unpair(self) -> None:
        raise NotImplementedError

    @property
    def is_connected(self) -> bool:
        return self._connection is not None

    async def read_gatt_char(
        self, characteristic: BleakGATTCharacteristic, *, use_cached: bool = False, **kw: Any
    ) -> bytearray:
        return bytearray(await characteristic.obj.read_value())

    async def read_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, *, use_cached: bool = False, **kw: Any
    ) -> bytearray:
        return bytearray(await descriptor.obj.read_value())

    async def write_gatt_char(
        self, characteristic: BleakGATTCharacteristic, data: Any, response: bool
    ) -> None:
        await characteristic.obj.write_value(bytes(data), with_response=response)

    async def write_gatt_descriptor(self, descriptor: BleakGATTDescriptor, data: Any) -> None:
        await descriptor.obj.write_value(bytes(data), with_response=True)

    async def start_notify(
        self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback, **kw: Any
    ) -> None:
        await characteristic.obj.subscribe(lambda value: callback(bytearray(value)))

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        if self._connection is not None:
            await characteristic.obj.unsubscribe(force=True)
