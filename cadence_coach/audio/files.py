"""Offline rendering: the mixer driven block by block on its own sample clock into a file,
as fast as the machine allows: 16-bit WAV (the standard library's writer), or OGG Vorbis,
MP3 or FLAC through libsndfile where the installed one can write them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cadence_coach.audio.mixer import Mixer
from cadence_coach.audio.pcm import Pcm16, wav_writer
from cadence_coach.errors import BadValue, SoundFileError


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
    """The encoding a file's extension asks for; :class:`BadValue` when it cannot be
    written here."""
    suffix = path.suffix.lower()
    if suffix == ".wav":
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


@contextmanager
def _writer(path: Path, fs: int, encoding: Encoding) -> Iterator[Writer]:
    if encoding == WAV:
        with wav_writer(path, fs) as wav:
            yield lambda pcm: wav.writeframes(pcm.tobytes())
        return
    import soundfile

    try:
        out = soundfile.SoundFile(
            str(path), "w", fs, 1, format=encoding.format, subtype=encoding.subtype
        )
    except (RuntimeError, OSError) as err:
        raise SoundFileError(f"cannot write {path}: {err}", str(path)) from None
    try:
        yield out.write
    finally:
        out.close()


def render(
    mixer: Mixer,
    path: Path,
    duration_frames: int,
    *,
    encoding: Encoding = WAV,
    blocksize: int = 4096,
    on_block: Callable[[Mixer], None] | None = None,
    stop: threading.Event | None = None,
) -> int:
    """Render ``duration_frames`` of the mixer to a mono file, as fast as possible (or until
    ``stop`` is set, checked before each block).

    ``on_block`` runs before each block, on the virtual clock ``mixer.frames``. Blocks stay
    short for the encoders too: libvorbis sizes a stack buffer to a whole write and crashes
    on long ones (python-soundfile #233, libsndfile #1095). Returns the frames written.
    """
    buf = np.zeros((blocksize, 1), dtype=np.float32)
    pcm = np.zeros(blocksize, dtype="<i2")
    with _writer(path, mixer.fs, encoding) as write:
        written = 0
        while written < duration_frames:
            if on_block is not None:
                on_block(mixer)
            if stop is not None and stop.is_set():
                break
            n = min(blocksize, duration_frames - written)
            mixer.render(buf[:n])
            np.multiply(buf[:n, 0], 32767.0, out=buf[:n, 0])
            np.rint(buf[:n, 0], out=buf[:n, 0])
            np.copyto(pcm[:n], buf[:n, 0], casting="unsafe")
            write(pcm[:n])
            written += n
    return written
