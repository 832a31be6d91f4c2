"""Shared by the integration tests: the private PulseAudio server they start (never a user's
audio), one per test module."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from cadence_coach.emulation.pulse import PulseUnavailable, private_pulse


@pytest.fixture(scope="module")
def pulse_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    try:
        with private_pulse(tmp_path_factory.mktemp("pulse")) as env:
            yield env
    except PulseUnavailable as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PulseAudio is needed in CI: {err}")
        pytest.skip(f"no PulseAudio here: {err}")
