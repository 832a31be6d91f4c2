"""Headphone buttons over MPRIS: a MediaPlayer2 player on the session D-Bus (dbus-fast, on an
asyncio loop of its own), so what BlueZ forwards from a headset's AVRCP buttons
(``mpris-proxy`` does it on Raspberry Pi OS), or any MPRIS client (``playerctl``), reaches
the session as commands. Its PlaybackStatus follows the session.

No ``from __future__ import annotations`` here: dbus-fast reads the D-Bus signatures from
the annotations themselves."""

import asyncio
import logging
import threading
from typing import Annotated

from dbus_fast import BusType, Variant
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import (
    DBusBool,
    DBusDouble,
    DBusInt64,
    DBusObjectPath,
    DBusSignature,
    DBusStr,
)
from dbus_fast.constants import PropertyAccess
from dbus_fast.service import ServiceInterface, dbus_method, dbus_property, dbus_signal

from cadence_coach.session.controls import Command, Controls, PlayState

log = logging.getLogger(__name__)

BUS_NAME = "org.mpris.MediaPlayer2.cadence_coach"
PATH = "/org/mpris/MediaPlayer2"
DBusStrs = Annotated[list[str], DBusSignature("as")]
DBusMetadata = Annotated[dict[str, Variant], DBusSignature("a{sv}")]
TRACK = "/org/cadence_coach/session"


class Root(ServiceInterface):
    """``org.mpris.MediaPlayer2``: who we are."""

    def __init__(self) -> None:
        super().__init__("org.mpris.MediaPlayer2")

    @dbus_method(name="Raise")
    def raise_window(self) -> None:
        pass

    @dbus_method(name="Quit")
    def quit(self) -> None:
        pass

    @dbus_property(access=PropertyAccess.READ, name="CanQuit")
    def can_quit(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ, name="CanRaise")
    def can_raise(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ, name="HasTrackList")
    def has_track_list(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ, name="Identity")
    def identity(self) -> DBusStr:
        return "cadence-coach"

    @dbus_property(access=PropertyAccess.READ, name="SupportedUriSchemes")
    def supported_uri_schemes(self) -> DBusStrs:
        return []

    @dbus_property(access=PropertyAccess.READ, name="SupportedMimeTypes")
    def supported_mime_types(self) -> DBusStrs:
        return []


class Player(ServiceInterface):
    """``org.mpris.MediaPlayer2.Player``: each button a command."""

    def __init__(self, controls: Controls) -> None:
        super().__init__("org.mpris.MediaPlayer2.Player")
        self.controls = controls

    def _press(self, command: Command) -> None:
        self.controls.press(command, "mpris")

    @dbus_method(name="PlayPause")
    def play_pause(self) -> None:
        self._press(Command.PLAY_PAUSE)

    @dbus_method(name="Play")
    def play(self) -> None:
        self._press(Command.PLAY)

    @dbus_method(name="Pause")
    def pause(self) -> None:
        self._press(Command.PAUSE)

    @dbus_method(name="Stop")
    def stop(self) -> None:
        self._press(Command.STOP)

    @dbus_method(name="Next")
    def next(self) -> None:
        self._press(Command.NEXT)

    @dbus_method(name="Previous")
    def previous(self) -> None:
        self._press(Command.PREVIOUS)

    @dbus_method(name="Seek")
    def seek(self, offset: DBusInt64) -> None:
        pass

    @dbus_method(name="SetPosition")
    def set_position(self, track: DBusObjectPath, position: DBusInt64) -> None:
        pass

    @dbus_method(name="OpenUri")
    def open_uri(self, uri: DBusStr) -> None:
        pass

    @dbus_signal(name="Seeked")
    def seeked(self, position: DBusInt64) -> DBusInt64:
        return position

    @dbus_property(access=PropertyAccess.READ, name="PlaybackStatus")
    def playback_status(self) -> DBusStr:
        return self.controls.state.value

    @dbus_property(access=PropertyAccess.READ, name="Metadata")
    def metadata(self) -> DBusMetadata:
        title = self.controls.title or "cadence-coach"
        return {
            "mpris:trackid": Variant("o", TRACK),
            "xesam:title": Variant("s", title),
            "xesam:artist": Variant("as", ["cadence-coach"]),
        }

    @dbus_property(access=PropertyAccess.READ, name="Rate")
    def rate(self) -> DBusDouble:
        return 1.0

    @dbus_property(access=PropertyAccess.READ, name="MinimumRate")
    def minimum_rate(self) -> DBusDouble:
        return 1.0

    @dbus_property(access=PropertyAccess.READ, name="MaximumRate")
    def maximum_rate(self) -> DBusDouble:
        return 1.0

    @dbus_property(access=PropertyAccess.READ, name="Volume")
    def volume(self) -> DBusDouble:
        return 1.0

    @dbus_property(access=PropertyAccess.READ, name="Position")
    def position(self) -> DBusInt64:
        return 0

    @dbus_property(access=PropertyAccess.READ, name="CanGoNext")
    def can_go_next(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ, name="CanGoPrevious")
    def can_go_previous(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ, name="CanPlay")
    def can_play(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ, name="CanPause")
    def can_pause(self) -> DBusBool:
        return True

    @dbus_property(access=PropertyAccess.READ, name="CanSeek")
    def can_seek(self) -> DBusBool:
        return False

    @dbus_property(access=PropertyAccess.READ, name="CanControl")
    def can_control(self) -> DBusBool:
        return True

    def changed(self, state: PlayState) -> None:
        """Tell the bus (on the bus's loop) that the status and title changed."""
        title = self.controls.title or "cadence-coach"
        metadata = {
            "mpris:trackid": Variant("o", TRACK),
            "xesam:title": Variant("s", title),
            "xesam:artist": Variant("as", ["cadence-coach"]),
        }
        self.emit_properties_changed({"PlaybackStatus": state.value, "Metadata": metadata})


class MprisRemote:
    """The player on the session bus for as long as it is open; :meth:`start` says whether
    a session bus was there to register on."""

    def __init__(self, controls: Controls) -> None:
        self.controls = controls
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._bus: MessageBus | None = None

    def start(self, timeout_s: float = 5.0) -> bool:
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="mpris", daemon=True)
        thread.start()
        try:
            self._bus = asyncio.run_coroutine_threadsafe(self._register(), loop).result(timeout_s)
        except Exception as err:  # no session bus here: no headphone buttons, said once
            log.info("no MPRIS player (no session D-Bus: %s)", err)
            loop.call_soon_threadsafe(loop.stop)
            thread.join(5)
            loop.close()
            return False
        self._loop, self._thread = loop, thread
        return True

    async def _register(self) -> MessageBus:
        bus = await MessageBus(bus_type=BusType.SESSION).connect()
        player = Player(self.controls)
        bus.export(PATH, Root())
        bus.export(PATH, player)
        await bus.request_name(BUS_NAME)
        loop = asyncio.get_running_loop()

        def changed(state: PlayState) -> None:
            loop.call_soon_threadsafe(player.changed, state)

        self.controls.watch(changed)
        return bus

    def close(self) -> None:
        loop, self._loop = self._loop, None
        if loop is None:
            return
        bus = self._bus

        async def disconnect() -> None:
            if bus is not None:
                bus.disconnect()

        try:
            asyncio.run_coroutine_threadsafe(disconnect(), loop).result(5)
        except Exception as err:
            log.debug("closing the MPRIS player: %s", err)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(5)
        loop.close()
