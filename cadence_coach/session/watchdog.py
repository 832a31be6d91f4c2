"""systemd's watchdog, fed from the session loop: ``READY=1`` once the coach waits for the
runner, ``WATCHDOG=1`` pings as the loop ticks (systemd-watchdog speaks sd_notify). With no
``NOTIFY_SOCKET`` (not run by systemd) it does nothing. A loop that hangs stops pinging,
and systemd restarts the service after ``WatchdogSec``."""

from __future__ import annotations

import logging

from cadence_coach.coaching.chain import CoachingChain

log = logging.getLogger(__name__)


class Watchdog:
    """Pings as often as the watchdog's window asks (half of it); also an observer of the
    loop, so a running session pings as it ticks."""

    def __init__(self) -> None:
        import socket

        from systemd_watchdog.systemd_watchdog import WatchDog

        # never blocking: a notify socket nobody reads must not stop the session's loop
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        sock.setblocking(False)
        self._dog = WatchDog(sock=sock)

    @property
    def enabled(self) -> bool:
        return self._dog.is_enabled

    def ready(self, status: str = "") -> None:
        self._send(self._dog.ready)
        if status:
            self.status(status)

    def status(self, text: str) -> None:
        """The line ``systemctl --user status`` shows."""
        self._send(lambda: self._dog.status(text))

    def ping(self) -> None:
        if self.enabled and self._dog.notify_due:
            self._send(self._dog.notify)

    def update(self, chain: CoachingChain) -> None:
        self.ping()

    def _send(self, send: object) -> None:
        if not self.enabled:
            return
        try:
            send()  # type: ignore[operator]
        except OSError as err:  # systemd gone away: the session is not its business
            log.debug("sd_notify: %s", err)
