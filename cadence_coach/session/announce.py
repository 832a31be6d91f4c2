"""Lines said outside a session (the ready line, a start that failed): rendered by the
speech engine and played on the output device with nothing else, other apps lowered
meanwhile. With no speech engine, one tone stands in."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

from cadence_coach.audio.devices import OutputDevice
from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.pcm import to_float
from cadence_coach.audio.server import SoundServer
from cadence_coach.audio.stream import LIVE_LEAD_IN_S, play
from cadence_coach.audio.voices import load_voice
from cadence_coach.speech.earcons import earcon
from cadence_coach.speech.phrases import Earcon
from cadence_coach.speech.tts import SpeechRenderer
from cadence_coach.speech.worker_client import SpeechUnavailable

log = logging.getLogger(__name__)


class Announcer:
    """Says lines on ``device``; :meth:`close` when done."""

    def __init__(
        self,
        device: OutputDevice,
        *,
        voice: str | None = None,
        volume: float = 1.0,
        ducked_state: Path | None = None,
        notify: Callable[[str], None] = log.warning,
    ) -> None:
        self.device = device
        self.fs = device.default_samplerate
        self.volume = volume
        self._renderer: SpeechRenderer | None = None
        try:
            self._renderer = SpeechRenderer(self.fs, voice=voice).start()
        except SpeechUnavailable as err:
            notify(f"speech is off: {err}. Playing tones instead of words")
        self._server: SoundServer | None = None
        if ducked_state is not None:
            server = SoundServer(ducked_state)
            self._server = server if server.start() else None

    def say(self, text: str, until: Callable[[], bool] = lambda: False) -> None:
        """Say ``text``; cut short as soon as ``until()`` (the runner pressed a button)."""
        if self._renderer is not None:
            pcm = to_float(self._renderer.render(text))
        else:
            pcm = earcon(Earcon.NOTICE, self.fs)
        silent = ClickParams(voice=load_voice("click", self.fs), enabled=False)
        mixer = Mixer(self.fs, silent, Fraction(120))  # no clicks sound; any tempo will do
        lead_in = round(LIVE_LEAD_IN_S * self.fs)
        mixer.play(pcm, at=lead_in, gain=self.volume)
        stop = threading.Event()

        def tick(_: Mixer) -> None:
            if until():
                stop.set()

        if self._server is not None:
            self._server.duck()
        try:
            play(mixer, self.device, duration_frames=lead_in + len(pcm), stop=stop,
                 on_tick=tick, tick_s=0.05)  # fmt: skip
        finally:
            if self._server is not None:
                self._server.restore()

    def close(self) -> None:
        if self._renderer is not None:
            self._renderer.close()
        if self._server is not None:
            self._server.close()
