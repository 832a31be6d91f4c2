"""The speech worker process: renders text through pyttsx3 (espeak-ng) to WAV files.

Started by :mod:`cadence_coach.speech.worker_client`, never by hand. It runs apart from the audio
process because espeak keeps global state (it initialises once per process and is not
thread-safe), pyttsx3 prints "Audio saved to ..." on stdout while saving, and resampling
needs scipy, which takes about a second to import: none of that may touch the stream.

Protocol: one JSON object per line. The worker first sends ``{"ready": true, "engine",
"voices", "default_voice"}`` or ``{"ready": false, "error", "detail"}`` (``error`` is
``pyttsx3`` when the library is missing, ``engine`` when it found no speech engine;
``detail``, the library's own words); then for each request ``{"text", "voice", "rate",
"fs", "path"}`` on stdin it writes the phrase as 16-bit mono WAV at ``fs`` to ``path``
(atomically) and answers ``{"ok": true, "frames"}`` or ``{"ok": false, "error"}``.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

SILENCE = 1e-3
"""Leading and trailing samples quieter than this are trimmed, so a cue starts at once."""
MIN_SPEECH_S = 0.05
"""A render with less sound than this failed (see ``ATTEMPTS``)."""
ATTEMPTS = 3
"""A render that comes out empty is tried again, this many times in all."""
PAD_S = 0.01
PEAK = 0.9
FINISH_TIMEOUT_S = 30.0


def _send(out: IO[str], message: dict[str, Any]) -> None:
    out.write(json.dumps(message) + "\n")
    out.flush()


def _trim_and_level(pcm: Any, fs: int) -> Any:
    import numpy as np

    loud = np.flatnonzero(np.abs(pcm) > SILENCE)
    if len(loud) == 0:
        return pcm[:0]
    pad = round(PAD_S * fs)
    pcm = pcm[max(0, loud[0] - pad) : loud[-1] + pad]
    return pcm * (PEAK / np.max(np.abs(pcm)))


def _start_engine(proto: IO[str]) -> tuple[Any, str] | None:
    """Start pyttsx3 and greet the client with what it offers; the engine and its driver's
    name, or ``None`` if it cannot run."""
    try:
        import pyttsx3

        engine = pyttsx3.init()
        voices = [
            {"id": v.id, "name": v.name, "languages": [str(x) for x in (v.languages or [])]}
            for v in engine.getProperty("voices")
        ]
        default_voice = str(engine.getProperty("voice"))
    except ImportError:
        _send(proto, {"ready": False, "error": "pyttsx3", "detail": "pyttsx3 is not installed"})
        return None
    except Exception as err:
        detail = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        _send(proto, {"ready": False, "error": "engine", "detail": detail})
        return None
    # The driver's name goes into the cache key: another engine sounds different.
    driver_obj = getattr(getattr(engine, "proxy", None), "_driver", None)
    driver = type(driver_obj).__module__.rsplit(".", 1)[-1] if driver_obj else sys.platform
    _send(
        proto,
        {
            "ready": True,
            "engine": f"pyttsx3 {version('pyttsx3')} ({driver})",
            "voices": voices,
            "default_voice": default_voice,
        },
    )
    return engine, driver


class _Espeak:
    """Speech through pyttsx3's own espeak binding, collected so that a render depends on
    its text, voice and rate alone.

    pyttsx3's espeak driver writes the file inside the callback that carries the end of the
    message and only then adds that callback's samples, so a phrase loses up to one buffer
    of its end, or not, depending on timing (seen as phrases a few hundred milliseconds
    short under load). Here every sample up to the end of the message is kept, and
    ``Synchronize`` waits for espeak to deliver them all before the next phrase starts.
    The voice and rate are set on espeak itself before each phrase: the engine queues its
    own ``setProperty`` until a ``runAndWait``, which this path never calls.
    """

    FS = 22_050
    """espeak-ng's own sample rate."""

    def __init__(self) -> None:
        from pyttsx3.drivers import _espeak

        self._espeak = _espeak
        self._chunks: list[bytes] = []
        self._ended = threading.Event()
        _espeak.SetSynthCallback(self._on_synth)  # replaces the driver's: we read the samples

    def _on_synth(self, wav: Any, samples: int, events: Any) -> int:
        import ctypes

        if samples > 0:
            self._chunks.append(ctypes.string_at(wav, samples * ctypes.sizeof(ctypes.c_short)))
        i = 0
        while events[i].type != self._espeak.EVENT_LIST_TERMINATED:
            if events[i].type == self._espeak.EVENT_MSG_TERMINATED:
                self._ended.set()
            i += 1
        return 0

    def once(self, text: str, fs: int, voice: str, rate_wpm: int) -> Any:
        import numpy as np
        from pyttsx3.drivers.espeak import EspeakDriver

        from cadence_coach.audio.pcm import resample

        EspeakDriver.setProperty("voice", voice)  # at once, on espeak itself
        EspeakDriver.setProperty("rate", rate_wpm)
        self._chunks = []
        self._ended.clear()
        flags = self._espeak.ENDPAUSE | self._espeak.CHARS_UTF8
        self._espeak.Synth(text.encode("utf-8"), flags=flags)
        self._espeak.Synchronize()
        if not self._ended.wait(FINISH_TIMEOUT_S):
            raise TimeoutError("the speech engine never finished the phrase")
        pcm = np.frombuffer(b"".join(self._chunks), dtype="<i2").astype(np.float32)
        pcm *= np.float32(1 / 32768)
        return resample(pcm, self.FS, fs) if len(pcm) else pcm


class _Saved:
    """Speech through pyttsx3's ``save_to_file``, for an engine other than espeak."""

    def __init__(self, engine: Any, folder: Path) -> None:
        self.engine = engine
        self.raw = folder / "engine.wav"
        self.finished = threading.Event()
        engine.connect("finished-utterance", lambda name, completed: self.finished.set())

    def once(self, text: str, fs: int, voice: str, rate_wpm: int) -> Any:
        from cadence_coach.audio.pcm import read_wav_mono, resample

        self.engine.setProperty("voice", voice)  # applied by the runAndWait below
        self.engine.setProperty("rate", rate_wpm)
        self.finished.clear()
        # One file per runAndWait: two saves before one run write only the last.
        self.engine.save_to_file(text, str(self.raw))
        self.engine.runAndWait()
        if not self.finished.wait(FINISH_TIMEOUT_S):
            raise TimeoutError("the speech engine never finished the phrase")
        pcm, engine_fs = read_wav_mono(self.raw)
        self.raw.unlink()
        return resample(pcm, engine_fs, fs) if len(pcm) else pcm


class _Renderer:
    """One phrase at a time, to a WAV file at the asked rate."""

    def __init__(self, engine: Any, driver: str) -> None:
        import tempfile

        self.speech: _Espeak | _Saved = (
            _Espeak() if driver == "espeak" else _Saved(engine, Path(tempfile.mkdtemp()))
        )

    def request(self, request: dict[str, Any]) -> int:
        """Render one request to its path (atomically); the frames written."""
        from cadence_coach.audio.pcm import write_wav_mono

        target = Path(request["path"])
        fs = int(request["fs"])
        voice, rate = str(request["voice"]), int(request["rate"])
        for _ in range(ATTEMPTS):
            pcm = _trim_and_level(self.speech.once(request["text"], fs, voice, rate), fs)
            if len(pcm) >= MIN_SPEECH_S * fs:
                break
        else:
            raise RuntimeError(f"the engine gave silence {ATTEMPTS} times")
        partial = target.with_suffix(".part.wav")
        write_wav_mono(partial, pcm, fs)
        partial.replace(target)
        return len(pcm)


def main() -> int:
    # Keep a private handle on the real stdout for the protocol; everything else printed
    # (pyttsx3's "Audio saved to ...") goes nowhere.
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    with open(os.devnull, "w") as devnull:
        os.dup2(devnull.fileno(), 1)
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115
    started = _start_engine(proto)
    if started is None:
        return 1
    engine, driver = started
    import scipy.signal  # noqa: F401 (about a second: pay it now, not on the first phrase)

    renderer = _Renderer(engine, driver)
    for line in sys.stdin:
        try:
            frames = renderer.request(json.loads(line))
            _send(proto, {"ok": True, "frames": frames})
        except Exception as err:  # report every failure and keep serving
            _send(proto, {"ok": False, "error": f"{type(err).__name__}: {err}"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
