"""Offline rendering: the mixer driven block by block on its own sample clock into a file,
as fast as the machine allows: 16-bit WAV (the standard library's writer), or OGG Vorbis,
MP3 or FLAC through libsndfile where the installed one can write them."""

from __future__ import annotations

import threading
import wave
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cadence_coach.audio.mixer import Mixer
from cadence_coach.audio.pcm import Pcm16
from cadence_coach.errors import BadValue, SoundFileError
from cadence_coach.output_files import check_folder, check_space, in_place, replacing
from cadence_coach.units import format_duration


@dataclass(frozen=True, slots=True)
class Encoding:
    """A file format and its sample encoding, as libsndfile names them."""

    format: str
    subtype: str


WAV = Encoding("WAV", "PCM_16")
COMPRESSED = {
    ".ogg": Encoding("OGG", "VORBIS"),
    ".mp3": Encoding("MP3", "MPEG_LAYER_III"),
    ".flac": Encoding("FLAC", "PCM_16"),
}
"""Formats besides WAV, where libsndfile supports them."""


def encoding_for(path: Path) -> Encoding:
    """The encoding a file's extension asks for (WAV for a device or a pipe such as
    ``/dev/null``); :class:`BadValue` when it cannot be written here."""
    suffix = path.suffix.lower()
    if suffix == ".wav" or (not suffix and in_place(path)):
        return WAV
    if suffix not in COMPRESSED:
        raise BadValue(f"cannot write {suffix or 'a file without an extension'}: use .wav, "
                       f"{', '.join(COMPRESSED)}")  # fmt: skip
    import soundfile

    encoding = COMPRESSED[suffix]
    if not soundfile.check_format(encoding.format, encoding.subtype):
        raise BadValue(
            f"this libsndfile ({soundfile.__libsndfile_version__}) cannot write "
            f"{encoding.format}; use .wav"
        )
    return encoding


Writer = Callable[[Pcm16], None]


WAV_LIMIT_BYTES = 0xFFFF_FFFF
"""A WAV file's sizes are 32-bit: longer renders need a compressed format."""


def check_render(path: Path, encoding: Encoding, frames: int, fs: int) -> None:
    """Refuse, before any work, a render its format cannot hold or its disk cannot take."""
    check_folder(path, SoundFileError)
    if encoding == WAV:
        needed = 44 + 2 * frames
        if needed > WAV_LIMIT_BYTES:
            longest = format_duration((WAV_LIMIT_BYTES - 44) / 2 / fs)
            raise BadValue(
                f"a WAV file holds at most {longest} at {fs} Hz; for longer, use .flac or .ogg"
            )
    else:
        needed = round(frames * BYTES_PER_FRAME[encoding.format])
    if not in_place(path):
        check_space(path, needed, SoundFileError)


BYTES_PER_FRAME = {"OGG": 0.1, "MP3": 0.1, "FLAC": 1.2, "WAV": 2.0}
"""What a mono frame takes on disk, about, for the free-space check (FLAC at most 60 %)."""


@contextmanager
def _writer(path: Path, fs: int, encoding: Encoding) -> Iterator[Writer]:
    with replacing(path, kind=SoundFileError) as f:
        if encoding == WAV:
            with wave.open(f, "wb") as wav:
                wav.setnchannels(1)
                wav.setsampwidth(2)
                wav.setframerate(fs)
                yield lambda pcm: wav.writeframes(pcm.tobytes())
            return
        import soundfile

        try:
            out = soundfile.SoundFile(
                f, "w", fs, 1, format=encoding.format, subtype=encoding.subtype
            )
        except (RuntimeError, OSError) as err:
            raise SoundFileError(f"cannot write {path}: {err}", str(path)) from None
        with out:
            yield out.write


def render(
    mixer: Mixer,
    path: Path,
    duration_frames: int,
    *,
    encoding: Encoding = WAV,
    blocksize: int = 4096,
    on_block: Callable[[Mixer], None] | None = None,
    stop: threading.Event | None = None,
    until: Callable[[], int | None] | None = None,
) -> int:
    """Render ``duration_frames`` of the mixer to a mono file, as fast as possible (or until
    ``stop`` is set, checked before each block, or to the frame ``until`` names once it
    names one).

    ``on_block`` runs before each block, on the virtual clock ``mixer.frames``. Blocks stay
    short for the encoders too: libvorbis sizes a stack buffer to a whole write and crashes
    on long ones (python-soundfile #233, libsndfile #1095). Returns the frames written.
    """
    check_render(path, encoding, duration_frames, mixer.fs)
    buf = np.zeros((blocksize, 1), dtype=np.float32)
    pcm = np.zeros(blocksize, dtype="<i2")
    with _writer(path, mixer.fs, encoding) as write:
        written = 0
        while written < duration_frames:
            if on_block is not None:
                on_block(mixer)
            if stop is not None and stop.is_set():
                break
            end = (
                duration_frames
                if until is None
                else min(duration_frames, until() or duration_frames)
            )
            n = min(blocksize, end - written)
            if n <= 0:
                break
            mixer.render(buf[:n])
            np.multiply(buf[:n, 0], 32767.0, out=buf[:n, 0])
            np.rint(buf[:n, 0], out=buf[:n, 0])
            np.copyto(pcm[:n], buf[:n, 0], casting="unsafe")
            write(pcm[:n])
            written += n
    return written


def write_pcm(path: Path, pcm: npt.NDArray[np.floating], fs: int) -> None:
    """Write float PCM in -1..1 (a spoken phrase, say) in the format ``path`` asks for."""
    encoding = encoding_for(path)
    check_render(path, encoding, len(pcm), fs)
    data = np.clip(np.round(np.asarray(pcm, dtype=np.float64) * 32767), -32768, 32767)
    with _writer(path, fs, encoding) as write:
        for i in range(0, len(data), 48_000):  # a second at a time, as the encoders need
            write(data[i : i + 48_000].astype("<i2"))
