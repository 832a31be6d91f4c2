"""The speech worker's client: starts :mod:`cadence_coach.speech.worker` as a process, sends
it one request at a time and reads its answer, with time limits, restarting it once if it
died."""

from __future__ import annotations

import json
import logging
import os
import selectors
import subprocess
import sys
from pathlib import Path
from typing import Any

from cadence_coach.errors import CoachError

START_TIMEOUT_S = 20.0
RENDER_TIMEOUT_S = 30.0
log = logging.getLogger(__name__)

INSTALL_HINT = "install espeak-ng (Debian: apt-get install espeak-ng)"
MISSING = {
    "pyttsx3": "the pyttsx3 library is missing; reinstall cadence-coach (make setup)",
    "engine": f"no speech engine was found; {INSTALL_HINT}",
}
"""What the runner is told when the worker starts with no speech, in the project's words
(the library's own message goes to the --debug log)."""


class SpeechUnavailable(CoachError):
    """Raised when no speech engine can run: pyttsx3 or espeak-ng missing, or the worker
    failed to start. The coach then plays earcons instead of words."""


class SpeechFailed(CoachError):
    """Raised (through a future) when the engine could not render one phrase."""


class WorkerProcess:
    """One speech worker process and its line protocol."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> dict[str, Any]:
        """Start the worker (again); its greeting: engine, voices, default voice."""
        self.stop()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "cadence_coach.speech.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                bufsize=1,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
        except OSError as err:
            raise SpeechUnavailable(f"cannot start the speech worker: {err}") from None
        hello = self.ask(None, START_TIMEOUT_S)
        if not hello.get("ready"):
            self.stop()
            log.debug("speech worker: %s", hello.get("detail"))
            raise SpeechUnavailable(MISSING.get(str(hello.get("error")), MISSING["engine"]))
        return hello

    def render(self, text: str, voice: str, rate_wpm: int, fs: int, path: Path) -> None:
        """Have the worker write ``text`` to ``path``, starting it again if it died."""
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        request = {"text": text, "voice": voice, "rate": rate_wpm, "fs": fs, "path": str(path)}
        answer = self.ask(request, RENDER_TIMEOUT_S)
        if not answer.get("ok"):
            raise SpeechFailed(f"could not render {text!r}: {answer.get('error')}")

    def ask(self, request: dict[str, Any] | None, timeout_s: float) -> dict[str, Any]:
        """Send one request (or none) and read one answer line, with a time limit."""
        proc = self.proc
        if proc is None or proc.stdin is None or proc.stdout is None:
            raise SpeechUnavailable("the speech worker is not running")
        try:
            if request is not None:
                proc.stdin.write(json.dumps(request) + "\n")
                proc.stdin.flush()
            with selectors.DefaultSelector() as sel:
                sel.register(proc.stdout, selectors.EVENT_READ)
                if not sel.select(timeout_s):
                    self.stop()
                    raise SpeechFailed(f"the speech engine did not answer within {timeout_s:g} s")
            line = proc.stdout.readline()
        except (BrokenPipeError, OSError):
            line = ""
        if not line:
            self.stop()
            raise SpeechUnavailable(f"the speech worker stopped; {INSTALL_HINT}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        if proc.stdin is not None:
            proc.stdin.close()
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()
