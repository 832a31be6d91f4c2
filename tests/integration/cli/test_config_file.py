"""The settings file from the command line: its values are the defaults, an option typed
wins, a plan it names gives way to a free run typed out, and a bad value is one line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _coach(tmp_path: Path, config: str, *args: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "config.toml"
    path.write_text(config)
    env = {"CADENCE_COACH_CONFIG": str(path), "PATH": "/usr/bin:/bin",
           "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CACHE_HOME": str(tmp_path / "cache")}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "cadence_coach", "--no-history", *args],
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip


def _summary(tmp_path: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((tmp_path / "s.json").read_text())
    return loaded


FILE = '[session]\ntarget = 170\nduration = "20s"\n[audio]\nvolume = "50%"\n'


def test_the_file_sets_the_defaults_and_options_typed_win(tmp_path: Path) -> None:
    out = str(tmp_path / "a.wav")
    done = _coach(tmp_path, FILE, "run", "--out", out, "--summary", str(tmp_path / "s.json"))
    assert done.returncode == 0, done.stderr
    assert _summary(tmp_path)["target_spm"] == 170
    assert _summary(tmp_path)["duration_s"] == 20
    done = _coach(tmp_path, FILE, "run", "--target", "176", "--out", out,
                  "--summary", str(tmp_path / "s.json"))  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _summary(tmp_path)["target_spm"] == 176


def test_a_plan_in_the_file_gives_way_to_a_free_run_typed(tmp_path: Path) -> None:
    config = '[session]\nplan = "strides"\nhabitual = 164\n'
    out, summary = str(tmp_path / "a.wav"), str(tmp_path / "s.json")
    done = _coach(tmp_path, config, "run", "--target", "170", "--duration", "10s",
                  "--out", out, "--summary", summary)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert _summary(tmp_path)["duration_s"] == 10
    done = _coach(tmp_path, config, "plans", "show", "strides")
    assert done.returncode == 0, done.stderr


def test_a_bad_value_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = _coach(tmp_path, "[audio]\nvolume = 3\n", "run", "--out", str(tmp_path / "a.wav"))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("error: ")
    assert "config.toml: audio.volume: volume 3 is outside 0..1" in done.stderr
    assert "Traceback" not in done.stderr


def test_config_shows_the_file(tmp_path: Path) -> None:
    done = _coach(tmp_path, FILE, "config")
    assert done.returncode == 0, done.stderr
    assert "target = 170.0" in done.stdout
    assert "volume = '50%'" in done.stdout


def test_a_plan_or_a_music_folder_that_is_not_there_names_the_file_and_key(
    tmp_path: Path,
) -> None:
    for config, where in (
        ('[session]\nplan = "nosuch"\n', 'config.toml: session.plan: no plan "nosuch"'),
        ('[audio]\nmusic = "/nonexistent"\n', "config.toml: audio.music: /nonexistent is not"),
    ):
        for args in (("config",), ("run", "--duration", "5s", "--out", str(tmp_path / "a.wav"))):
            done = _coach(tmp_path, config, *args)
            assert done.returncode == 2, (args, done.stderr)
            assert done.stderr.count("\n") == 1
            assert where in done.stderr


def test_a_plan_that_is_not_there_does_not_stop_the_history(tmp_path: Path) -> None:
    done = _coach(tmp_path, '[session]\nplan = "nosuch"\n', "history", "--all")
    assert done.returncode == 0, done.stderr
