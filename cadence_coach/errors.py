"""The root of the errors a user can act on, and those shared across the package; each
package adds its own (``PlanError``, ``ReplayError``, ``StoreError``, ``SpeechUnavailable``).
The command line turns each into one clear line."""

from __future__ import annotations


class CoachError(Exception):
    """Root of every error a user can act on. ``str(err)`` is the one line shown."""


class BadValue(CoachError, ValueError):
    """Raised when a value typed by the user (tempo, duration, volume...) cannot be used."""


class AudioUnavailable(CoachError):
    """Raised when audio cannot be played at all: PortAudio missing or no output device.

    The message suggests rendering to a file with ``--out`` instead.
    """


class AudioDeviceError(CoachError):
    """Raised when a named output device does not exist or cannot be opened or run."""

    def __init__(self, message: str, device: str | int | None = None) -> None:
        super().__init__(message)
        self.device = device


class SoundFileError(CoachError):
    """Raised when a sound file (a click sample, a cached phrase, an ``--out`` file) cannot
    be read or written; carries the path."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


class OutputFileError(CoachError):
    """Raised when a file the user asked for that is not sound (a chart, a page, an export)
    cannot be written; carries the path."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path


class MalformedPacket(CoachError, ValueError):
    """Raised by a GATT decoder on bytes the specification does not allow: too short, a
    truncated optional field, reserved flag bits set, trailing bytes."""


class SensorError(CoachError):
    """Raised when a sensor cannot be used: Bluetooth off or missing, permission denied,
    device not found; the message says how to fix it. Carries the address or name."""

    def __init__(self, message: str, sensor: str | None = None) -> None:
        super().__init__(message)
        self.sensor = sensor
