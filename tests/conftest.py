"""Shared fixtures: click voices loaded once per test run."""

from __future__ import annotations

import pytest

from cadence_coach.audio.voices import ClickVoice, load_voice


@pytest.fixture(scope="session")
def click48() -> ClickVoice:
    return load_voice("click", 48_000)


@pytest.fixture(scope="session")
def wood48() -> ClickVoice:
    return load_voice("wood", 48_000)
