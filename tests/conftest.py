"""Shared fixtures: click voices and a speech renderer, made once per test run."""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence_coach.audio.voices import ClickVoice, load_voice
from cadence_coach.speech.tts import SpeechRenderer


def pytest_configure(config: pytest.Config) -> None:
    """A suite started in the background of a script (or by a worker that ignores Ctrl-C)
    inherits SIGINT ignored, and so would every command it starts: the tests that press
    Ctrl-C need it as a terminal gives it."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def click48() -> ClickVoice:
    return load_voice("click", 48_000)


@pytest.fixture(scope="session")
def wood48() -> ClickVoice:
    return load_voice("wood", 48_000)


# Rendered speech is cached in the user's cache directory: keep the tests' out of it.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="cadence-coach-test-cache-")
# Sessions are stored in the user's data directory: keep the tests' apart too.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="cadence-coach-test-data-")


@pytest.fixture(scope="session")
def renderer48() -> Iterator[SpeechRenderer]:
    """A real pyttsx3/espeak-ng renderer at 48 kHz, with its own cache."""
    with SpeechRenderer(48_000, cache_dir=Path(tempfile.mkdtemp())) as renderer:
        yield renderer
