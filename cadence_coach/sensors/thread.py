"""The sensors' thread: the links on an asyncio loop of their own, so the session and its
audio clock stay in the main thread."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from cadence_coach.sensors.link import SensorLink

log = logging.getLogger(__name__)


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
