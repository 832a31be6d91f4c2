"""Speech rendering: text to PCM at the stream's rate, cached on disk and in memory.

The shell around the speech worker process (:mod:`cadence_coach.speech.worker_client`). One
worker thread owns the process and renders one phrase at a time; callers get futures, so asking
is never blocking and concurrent requests for the same text share one render.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
from concurrent.futures import Future
from pathlib import Path

from cadence_coach.audio.pcm import FloatArray, Pcm16, read_wav16, to_float
from cadence_coach.errors import BadValue, SoundFileError
from cadence_coach.speech import DEFAULT_RATE_WPM, MAX_CHARS, MAX_RATE_WPM, MIN_RATE_WPM
from cadence_coach.speech.voice_choice import VoiceInfo, pick_voice
from cadence_coach.speech.worker_client import (
    RENDER_TIMEOUT_S,
    SpeechFailed,
    SpeechUnavailable,
    WorkerProcess,
)

log = logging.getLogger(__name__)

RENDERING = 2
"""Raised when the worker's way of rendering changes, so phrases cached by an earlier one
are rendered again (2: every sample up to the end of the message, at the asked rate)."""


def clean_text(text: str) -> tuple[str, bool]:
    """Collapse whitespace and cut at a word boundary past :data:`MAX_CHARS`.

    Returns the text and whether it was cut. Raises :class:`BadValue` when nothing is left.
    """
    words = text.split()
    if not words:
        raise BadValue("nothing to say: the text is empty")
    cleaned = " ".join(words)
    if len(cleaned) <= MAX_CHARS:
        return cleaned, False
    cut = cleaned[: MAX_CHARS + 1].rsplit(" ", 1)[0] if " " in cleaned[:MAX_CHARS] else ""
    return (cut or cleaned[:MAX_CHARS]), True


def default_cache_dir() -> Path:
    """The user's cache directory for rendered phrases (platformdirs)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cadence-coach")) / "speech"


class SpeechRenderer:
    """Renders phrases with one voice and rate at one sample rate; caches them.

    ``start()`` launches the worker (raising :class:`SpeechUnavailable` when there is no
    engine and :class:`BadValue` for an unknown voice). ``pcm(text)`` returns a phrase only
    if it is already in memory (never blocks: the coach calls it); ``request(text)`` returns
    a future; ``prepare(texts)`` renders a session's fixed phrases before the first click.
    """

    def __init__(
        self,
        fs: int,
        *,
        voice: str | None = None,
        rate_wpm: int = DEFAULT_RATE_WPM,
        cache_dir: Path | None = None,
    ) -> None:
        if not MIN_RATE_WPM <= rate_wpm <= MAX_RATE_WPM:
            limits = f"{MIN_RATE_WPM}-{MAX_RATE_WPM}"
            raise BadValue(f"speaking rate {rate_wpm} is outside {limits} words per minute")
        self.fs = fs
        self.rate_wpm = rate_wpm
        self._voice_wanted = voice
        self.cache_dir = cache_dir or default_cache_dir()
        self.engine = ""
        self.voice = ""
        self.voices: tuple[VoiceInfo, ...] = ()
        self.renders = 0
        """Phrases the engine actually rendered (cache misses)."""
        self._memory: dict[str, Pcm16] = {}
        self._pending: dict[str, Future[Pcm16]] = {}
        self._lock = threading.Lock()
        self._jobs: queue.Queue[tuple[str, str, Future[Pcm16]] | None] = queue.Queue()
        self.worker = WorkerProcess()
        self._thread: threading.Thread | None = None

    # -- life cycle -----------------------------------------------------------------------

    def start(self) -> SpeechRenderer:
        """Start the worker process and check the voice. Returns ``self``."""
        hello = self.worker.start()
        self.engine = str(hello["engine"])
        self.voices = tuple(
            VoiceInfo(v["id"], v["name"], tuple(v["languages"])) for v in hello["voices"]
        )
        try:
            self.voice = pick_voice(self.voices, self._voice_wanted, str(hello["default_voice"]))
        except BadValue:
            self.worker.stop()
            raise
        self._thread = threading.Thread(target=self._serve, name="speech", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop the worker thread and process; pending requests fail."""
        self._jobs.put(None)
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.worker.stop()

    def __enter__(self) -> SpeechRenderer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- asking for phrases ---------------------------------------------------------------

    def key(self, text: str) -> str:
        """Cache key: how it is rendered, engine, voice, rate, sample rate and text."""
        blob = json.dumps([RENDERING, self.engine, self.voice, self.rate_wpm, self.fs, text])
        return hashlib.sha256(blob.encode()).hexdigest()[:40]

    def pcm(self, text: str) -> Pcm16 | None:
        """The phrase's 16-bit PCM if it is in memory, else ``None``. Never blocks."""
        return self._memory.get(self.key(text))

    def request(self, text: str) -> Future[Pcm16]:
        """Return a future for the phrase's 16-bit PCM, rendering it in the worker if need be."""
        key = self.key(text)
        with self._lock:
            ready = self._memory.get(key)
            if ready is not None:
                done: Future[Pcm16] = Future()
                done.set_result(ready)
                return done
            pending = self._pending.get(key)
            if pending is not None:
                return pending
            future: Future[Pcm16] = Future()
            self._pending[key] = future
        cached = _from_disk(self._path(key))
        if cached is not None:
            self._finish(key, future, cached)
            return future
        self._jobs.put((key, text, future))
        return future

    def render(self, text: str, timeout_s: float = RENDER_TIMEOUT_S) -> Pcm16:
        """Render (or fetch) one phrase, waiting for it."""
        return self.request(text).result(timeout=timeout_s)

    def prepare(self, texts: list[str], timeout_s: float = 120.0) -> None:
        """Render every text now, so the session's fixed cues are ready before it starts."""
        for future in [self.request(t) for t in texts]:
            future.result(timeout=timeout_s)

    @property
    def memory_bytes(self) -> int:
        """Bytes of PCM held in memory."""
        return sum(pcm.nbytes for pcm in self._memory.values())

    # -- worker side ----------------------------------------------------------------------

    def _path(self, key: str) -> Path:
        return self.cache_dir / f"{key}.wav"

    def _finish(self, key: str, future: Future[Pcm16], pcm: Pcm16) -> None:
        with self._lock:
            self._memory[key] = pcm
            self._pending.pop(key, None)
        future.set_result(pcm)

    def _fail(self, key: str, future: Future[Pcm16], error: Exception) -> None:
        with self._lock:
            self._pending.pop(key, None)
        future.set_exception(error)

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            key, text, future = job
            try:
                self._finish(key, future, self._render_now(key, text))
            except (SpeechFailed, SpeechUnavailable) as err:
                log.warning("speech: %s", err)
                self._fail(key, future, err)
        while not self._jobs.empty():  # closing: nothing more will be served
            if (job := self._jobs.get_nowait()) is not None:
                self._fail(job[0], job[2], SpeechUnavailable("speech was shut down"))

    def _render_now(self, key: str, text: str) -> Pcm16:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        path = self._path(key)
        self.worker.render(text, self.voice, self.rate_wpm, self.fs, path)
        self.renders += 1
        try:
            return read_wav16(path)[0]
        except SoundFileError as err:
            raise SpeechFailed(str(err)) from None


def _from_disk(path: Path) -> Pcm16 | None:
    """A phrase cached on disk; a damaged or empty entry is removed, to be rendered again."""
    if not path.exists():
        return None
    try:
        cached = read_wav16(path)[0]
    except SoundFileError:
        cached = None
    if cached is not None and len(cached):
        return cached
    path.unlink(missing_ok=True)
    return None


def speak(
    text: str, fs: int, *, voice: str | None = None, rate_wpm: int = DEFAULT_RATE_WPM
) -> FloatArray:
    """Render ``text`` to PCM at ``fs`` (through the cache). Raises :class:`SpeechUnavailable`
    when there is no engine and :class:`BadValue` for an unknown voice."""
    with SpeechRenderer(fs, voice=voice, rate_wpm=rate_wpm) as renderer:
        return to_float(renderer.render(text))


def list_voices() -> tuple[VoiceInfo, ...]:
    """The voices the speech engine offers."""
    with SpeechRenderer(48_000) as renderer:
        return renderer.voices
