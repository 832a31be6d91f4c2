"""The exceptions cadence-coach raises; the CLI turns each into one clear line."""

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
    """Raised when an output (a named device, or a WAV file) cannot be found, opened or run."""

    def __init__(self, message: str, device: str | int | None = None) -> None:
        super().__init__(message)
        self.device = device


class SoundFileError(CoachError):
    """Raised when a click sample in ``sounds/`` is missing or not a usable WAV file."""

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.path = path
