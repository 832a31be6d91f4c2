"""One session plays at a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cadence_coach.session.playing import AlreadyPlaying, playing


def test_a_second_session_is_refused_naming_the_first(tmp_path: Path) -> None:
    lock = tmp_path / "playing.lock"
    with playing("'free run' on 'pulse'", lock):
        with pytest.raises(AlreadyPlaying) as err, playing("the metronome", lock):
            pass
        message = str(err.value)
        assert message.startswith("a session is already playing: 'free run' on 'pulse', since ")
        assert "stop it first" in message
    with playing("the next one", lock):  # free again once the first has ended
        pass


def test_the_lock_goes_with_the_process_however_it_ends(tmp_path: Path) -> None:
    lock = tmp_path / "playing.lock"
    holder = (
        "import os, sys; from pathlib import Path\n"
        "from cadence_coach.session.playing import playing\n"
        f"with playing('killed', Path({str(lock)!r})):\n"
        "    print('held', flush=True); os.kill(os.getpid(), 9)\n"
    )
    done = subprocess.run([sys.executable, "-c", holder], capture_output=True, text=True,
                          timeout=60, check=False)  # fmt: skip
    assert done.stdout == "held\n"
    assert done.returncode == -9
    with playing("after a kill", lock):  # a killed player leaves no stale lock behind
        pass
