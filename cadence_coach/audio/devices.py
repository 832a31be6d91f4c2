"""Audio output devices as PortAudio lists them, and the one a runner names.

sounddevice is imported here lazily, so a missing PortAudio library is a one-line error.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from cadence_coach.errors import AudioDeviceError, AudioUnavailable

NO_DEVICE_HINT = "use --out FILE.wav to render to a file instead"


@dataclass(frozen=True, slots=True)
class OutputDevice:
    """An audio output device as PortAudio lists it."""

    index: int
    name: str
    hostapi: str
    channels: int
    default_samplerate: int
    is_default: bool


def import_sounddevice() -> ModuleType:
    """Import sounddevice, turning a missing PortAudio library into :class:`AudioUnavailable`."""
    try:
        import sounddevice
    except OSError:
        raise AudioUnavailable(
            "PortAudio is not installed (Debian: apt-get install libportaudio2); " + NO_DEVICE_HINT
        ) from None
    module: ModuleType = sounddevice
    return module


def output_devices() -> list[OutputDevice]:
    """List the output devices PortAudio sees; the system default is marked."""
    sd = import_sounddevice()
    try:
        devices = sd.query_devices()
        default_out = sd.default.device[1]
        hostapis = sd.query_hostapis()
    except sd.PortAudioError as err:
        raise AudioUnavailable(f"PortAudio cannot list devices ({err}); {NO_DEVICE_HINT}") from None
    outputs = [d for d in devices if d["max_output_channels"] > 0]
    if outputs and (default_out is None or default_out < 0):
        default_out = outputs[0]["index"]
    return [
        OutputDevice(
            index=d["index"],
            name=d["name"],
            hostapi=hostapis[d["hostapi"]]["name"],
            channels=d["max_output_channels"],
            default_samplerate=int(d["default_samplerate"]),
            is_default=d["index"] == default_out,
        )
        for d in outputs
    ]


def resolve_device(spec: str | int | None) -> OutputDevice:
    """Find the output device named by ``spec`` among those PortAudio lists."""
    return match_device(output_devices(), spec)


def match_device(devices: list[OutputDevice], spec: str | int | None) -> OutputDevice:
    """Pick the device named by ``spec``: an index, an exact or a unique partial name.

    ``None`` picks the default. Raises :class:`AudioUnavailable` when there is none at all
    and :class:`AudioDeviceError` when ``spec`` matches none or several.
    """
    if not devices:
        raise AudioUnavailable(f"no audio output device found; {NO_DEVICE_HINT}")
    names = ", ".join(f"{d.index}: {d.name}" for d in devices)
    if spec is None:
        return next(d for d in devices if d.is_default)
    text = str(spec).strip()
    if text.isdigit():
        for d in devices:
            if d.index == int(text):
                return d
        raise AudioDeviceError(f"no output device has index {text}; available: {names}", spec)
    exact = [d for d in devices if d.name.lower() == text.lower()]
    if exact:
        return exact[0]
    partial = [d for d in devices if text.lower() in d.name.lower()]
    if len(partial) == 1:
        return partial[0]
    if partial:
        matches = ", ".join(d.name for d in partial)
        raise AudioDeviceError(f"output device {text!r} is ambiguous: {matches}", spec)
    raise AudioDeviceError(f"no output device matches {text!r}; available: {names}", spec)


def refresh_devices(name: str) -> OutputDevice:
    """The device called ``name`` as PortAudio lists it now: PortAudio reads its list once,
    so it is started again first (an unplugged device that returns gets a new index).
    Call it only while no stream is open."""
    sd = import_sounddevice()
    # sounddevice's own way to re-read the device list (no public call does it)
    sd._terminate()
    sd._initialize()
    return resolve_device(name)
