"""The speech worker process: renders text through pyttsx3 (espeak-ng) to WAV files.

Started by :mod:`cadence_coach.speech.worker_client`, never by hand. It runs apart from the audio
process because espeak keeps global state (it initialises once per process and is not
thread-safe), pyttsx3 prints "Audio saved to ..." on stdout while saving, and resampling
needs scipy, which takes about a second to import: none of that may touch the stream.

Protocol: one JSON object per line. The worker first sends ``{"ready": true, "engine",
"voices", "default_voice"}`` or ``{"ready": false, "error"}``; then for each request
``{"text", "voice", "rate", "fs", "path"}`` on stdin it writes the phrase as 16-bit mono
WAV at ``fs`` to ``path`` (atomically) and answers ``{"ok": true, "frames"}`` or
``{"ok": false, "error"}``.
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
"""Back-to-back utterances sometimes come out empty: pyttsx3's espeak driver can take a late
end-of-message event from the previous utterance as the end of the new one (about 4 % of
renders here). Such a render is retried."""
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


def _drain_espeak() -> None:
    """Wait until espeak has delivered everything, so nothing of this utterance leaks into
    the next one. Only the espeak driver has this; other engines need nothing."""
    try:
        from pyttsx3.drivers import _espeak

        _espeak.Synchronize()
    except (ImportError, AttributeError, OSError):
        pass


def _start_engine(proto: IO[str]) -> Any:
    """Start pyttsx3 and greet the client with what it offers; ``None`` if it cannot run."""
    try:
        import pyttsx3

        engine = pyttsx3.init()
        voices = [
            {"id": v.id, "name": v.name, "languages": [str(x) for x in (v.languages or [])]}
            for v in engine.getProperty("voices")
        ]
        default_voice = str(engine.getProperty("voice"))
    except ImportError:
        _send(proto, {"ready": False, "error": "pyttsx3 is not installed"})
        return None
    except Exception as err:
        reason = str(err).strip().splitlines()[-1] if str(err).strip() else type(err).__name__
        _send(proto, {"ready": False, "error": reason})
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
    return engine


class _Renderer:
    """One phrase at a time through the engine, to a WAV file at the asked rate."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.finished = threading.Event()
        engine.connect("finished-utterance", lambda name, completed: self.finished.set())

    def once(self, text: str, raw: Path, fs: int) -> Any:
        from cadence_coach.audio.pcm import read_wav_mono, resample

        self.finished.clear()
        # One file per runAndWait: two saves before one run write only the last.
        self.engine.save_to_file(text, str(raw))
        self.engine.runAndWait()
        # runAndWait can return before a long text's file is complete.
        if not self.finished.wait(FINISH_TIMEOUT_S):
            raise TimeoutError("the speech engine never finished the phrase")
        _drain_espeak()
        pcm, engine_fs = read_wav_mono(raw)
        raw.unlink()
        return resample(pcm, engine_fs, fs) if len(pcm) else pcm

    def request(self, request: dict[str, Any]) -> int:
        """Render one request to its path (atomically); the frames written."""
        from cadence_coach.audio.pcm import write_wav_mono

        target = Path(request["path"])
        fs = int(request["fs"])
        self.engine.setProperty("voice", request["voice"])
        self.engine.setProperty("rate", int(request["rate"]))
        for _ in range(ATTEMPTS):
            pcm = _trim_and_level(
                self.once(request["text"], target.with_suffix(".engine.wav"), fs), fs
            )
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
    engine = _start_engine(proto)
    if engine is None:
        return 1
    import scipy.signal  # noqa: F401 (about a second: pay it now, not on the first phrase)

    renderer = _Renderer(engine)
    for line in sys.stdin:
        try:
            frames = renderer.request(json.loads(line))
            _send(proto, {"ok": True, "frames": frames})
        except Exception as err:  # report every failure and keep serving
            _send(proto, {"ok": False, "error": f"{type(err).__name__}: {err}"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
