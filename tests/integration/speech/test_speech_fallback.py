"""With no speech engine, the coach says so once and plays earcons instead of words.

The engine is hidden for real: the CLI runs in a private mount namespace in which the
espeak-ng library pyttsx3 loads is covered by an empty file, just as if it were not
installed. Needs root and ``unshare`` (util-linux); in CI a missing one is a failure.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cadence_coach.audio.pcm import read_wav_mono
from cadence_coach.speech.earcons import earcon
from cadence_coach.speech.phrases import Earcon
from tests.support.beats import FS


def without_engine(*args: str) -> list[str]:
    libraries = sorted(
        set(glob.glob("/usr/lib/*/libespeak-ng.so.1") + glob.glob("/usr/lib/libespeak-ng.so.1"))
    )
    problem = ""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        problem = "hiding the engine needs root and unshare"
    elif not libraries:
        problem = "espeak-ng is not installed, so there is nothing to hide"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)
    mounts = " && ".join(f"mount --bind /dev/null {lib}" for lib in libraries)
    return ["unshare", "--mount", "sh", "-c", f'{mounts} && exec "$@"', "sh", *args]


def coach(*args: str) -> list[str]:
    return [sys.executable, "-m", "cadence_coach", *args]


def test_the_demo_plays_earcons_and_says_why_once(tmp_path: Path) -> None:
    path = tmp_path / "demo.wav"
    done = subprocess.run(
        without_engine(*coach("demo", "--out", str(path))),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("speech is off") == 1
    assert "install espeak-ng" in done.stderr
    assert "eSpeak" not in done.stderr  # our words, not the speech library's own message
    assert done.stderr.count("\n") == 1
    assert "in zone" in done.stdout  # the session ran and summarised as usual
    pcm, _ = read_wav_mono(path)
    # The segment change at 60 s is announced by the double tone, from the first block
    # rendered after it (4096-frame blocks).
    start = -(-60 * FS // 4096) * 4096
    tone = earcon(Earcon.SEGMENT, FS)
    clicks_removed = pcm[start : start + len(tone)]
    assert np.corrcoef(clicks_removed, tone)[0, 1] > 0.9


def test_say_without_an_engine_is_one_clear_line(tmp_path: Path) -> None:
    done = subprocess.run(
        without_engine(*coach("say", "hello", "--out", str(tmp_path / "s.wav"))),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "no speech engine" in done.stderr
    assert "install espeak-ng" in done.stderr
