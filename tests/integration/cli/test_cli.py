"""The command line, through click's CliRunner (and a subprocess where the process matters)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cadence_coach.audio.pcm import read_wav_mono
from cadence_coach.audio.voices import load_voice
from cadence_coach.cli import cli
from tests.support.beats import FS, ideal
from tests.support.signals import onsets


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def no_device_env(tmp_path: Path) -> dict[str, str]:
    """An environment in which PortAudio finds no output: no sound card, no audio server."""
    if Path("/dev/snd").exists():
        pytest.skip("this machine has a sound card; the no-device case cannot be arranged")
    env = dict(os.environ)
    env.update(XDG_RUNTIME_DIR=str(tmp_path), PULSE_SERVER=f"unix:{tmp_path}/no-server")
    return env


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--bpm", "0"], "tempo 0 is outside 20-300"),
        (["--bpm", "abc"], "number of beats per minute"),
        (["--bpm", "170", "--duration", "-1"], "not understood"),
        (["--bpm", "170", "--duration", "5"], "needs a unit: 5s, 5m or 5h"),
        (["--bpm", "1e309"], "tempo 1e309 is outside 20-300"),
        (["--bpm", "170", "--latency", "nan"], "not a finite number"),
        (["--bpm", "170", "--duration", "soon"], "not understood"),
        (["--bpm", "170", "--sound", "bell"], "'bell' is not one of"),
        (["--bpm", "170", "--volume", "2"], "outside 0..1"),
        (["--bpm", "170", "--accent-every", "-2"], "--accent-every"),
        (["--bpm", "170", "--samplerate", "100"], "--samplerate"),
        ([], "Missing option '--bpm'"),
    ],
)
def test_bad_values_are_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = invoke("metronome", *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    assert message in err
    assert "Traceback" not in err


def test_out_renders_exact_clicks(tmp_path: Path) -> None:
    path = tmp_path / "m.wav"
    code, out, _ = invoke(
        "metronome", "--bpm", "171.5", "--duration", "90s", "--sound", "wood", "--out", str(path)
    )
    assert code == 0
    assert "1:30 at 171.5 spm" in out
    pcm, fs = read_wav_mono(path)
    assert (fs, len(pcm)) == (FS, 90 * FS)
    bpm = Fraction("171.5")
    assert onsets(pcm).tolist() == [ideal(k, bpm) for k in range(258) if ideal(k, bpm) < 90 * FS]


def test_out_accents_and_samplerate(tmp_path: Path) -> None:
    path = tmp_path / "m.wav"
    args = ["--bpm", "120", "--duration", "4s", "--accent-every", "4", "--volume", "50%"]
    code, _, _ = invoke("metronome", *args, "--samplerate", "44100", "--out", str(path))
    assert code == 0
    pcm, fs = read_wav_mono(path)
    assert (fs, len(pcm)) == (44_100, 4 * 44_100)
    voice = load_voice("click", 44_100)
    starts = onsets(pcm).tolist()
    assert starts == [k * 22_050 for k in range(8)]
    for i, pos in enumerate(starts):
        sound = voice.accent if i % 4 == 0 else voice.normal
        np.testing.assert_allclose(pcm[pos : pos + len(sound)], sound * 0.5, atol=2 / 32768)


def test_out_to_a_missing_folder_is_one_line(tmp_path: Path) -> None:
    code, _, err = invoke("metronome", "--bpm", "170", "--out", str(tmp_path / "no" / "m.wav"))
    assert code != 0
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_demo_renders_a_coached_session_and_its_summary(tmp_path: Path) -> None:
    path, summary = tmp_path / "demo.wav", tmp_path / "demo.json"
    code, out, err = invoke("demo", "--out", str(path), "--summary", str(summary))
    assert code == 0, err
    assert "wrote" in out
    assert "in zone" in out
    pcm, fs = read_wav_mono(path)
    assert fs == FS
    assert len(pcm) == 183 * FS  # three minutes and the closing words
    report = json.loads(summary.read_text())
    ids = [c["id"] for c in report["cues"]]
    assert ids == ["segment", "count_3", "count_2", "count_1", "run_now", "cadence_up",
                   "in_zone", "sensor_lost", "sensor_back", "session_done"]  # fmt: skip
    assert report["pauses"] == 1
    # Sound from the first second: the easy minute is announced, its beat at the runner's
    # own rhythm (164); then the beat quickens to the target (172).
    assert np.abs(pcm[:FS]).max() > 0.05
    easy = np.diff(onsets(pcm[20 * FS : 50 * FS]))
    quick = np.diff(onsets(pcm[70 * FS : 95 * FS]))
    assert 60 * fs / float(np.median(easy)) == pytest.approx(164, abs=0.5)
    assert 60 * fs / float(np.median(quick)) == pytest.approx(172, abs=0.5)


def test_help_does_not_import_heavy_modules() -> None:
    heavy = ("numpy", "sounddevice", "scipy", "matplotlib", "fitdecode", "soundfile", "rich",
             "platformdirs", "bleak", "pyttsx3")  # fmt: skip
    probe = (
        "import atexit, sys\n"
        f"atexit.register(lambda: print(sorted(m for m in {heavy!r} if m in sys.modules), "
        "file=sys.stderr))\n"
        "import cadence_coach.cli as c; c.main(['--help'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "metronome" in done.stdout
    assert done.stderr.strip() == "[]"


def test_no_device_fails_at_once_with_one_line(tmp_path: Path) -> None:
    env = no_device_env(tmp_path)
    cmd = [sys.executable, "-m", "cadence_coach", "metronome", "--bpm", "170"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "no audio output device" in done.stderr
    assert "--out" in done.stderr


def test_devices_with_none(tmp_path: Path) -> None:
    env = no_device_env(tmp_path)
    cmd = [sys.executable, "-m", "cadence_coach", "devices"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0
    assert "no audio output devices" in done.stdout


@pytest.mark.parametrize("command", [["demo", "--live"], ["run", "--target", "172"]])
def test_a_start_without_a_device_is_one_line_and_stores_nothing(
    tmp_path: Path, command: list[str]
) -> None:
    env = {**no_device_env(tmp_path), "XDG_DATA_HOME": str(tmp_path / "data")}
    cmd = [sys.executable, "-m", "cadence_coach", *command]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "--out" in done.stderr
    listed = subprocess.run([sys.executable, "-m", "cadence_coach", "history", "--all"],
                            env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert listed.stdout.startswith("no sessions yet")


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0
    assert "cadence-coach" in out


def test_say_writes_the_phrase(tmp_path: Path) -> None:
    path = tmp_path / "say.wav"
    code, out, err = invoke("say", "Quicker, lighter steps", "--out", str(path), "--volume", "50%")
    assert code == 0, err
    pcm, fs = read_wav_mono(path)
    assert fs == FS
    assert 0.6 * FS < len(pcm) < 3 * FS
    assert 0.35 < np.max(np.abs(pcm)) < 0.5  # rendered at 0.9 peak, then halved
    assert "wrote" in out


def test_say_cuts_a_long_text_with_a_warning(tmp_path: Path) -> None:
    code, _, err = invoke("say", "one two " * 60, "--out", str(tmp_path / "s.wav"))
    assert code == 0
    assert "warning: the text was cut" in err


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["   "], 2, "nothing to say"),
        (["hi", "--rate", "20"], 2, "--rate"),
        (["hi", "--voice", "nosuchvoice"], 2, "unknown voice 'nosuchvoice'"),
    ],
)
def test_say_bad_input(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    got, _, err = invoke("say", *args, "--out", str(tmp_path / "s.wav"))
    assert got == code
    assert err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err


def test_voices_lists_the_engine_voices() -> None:
    code, out, _ = invoke("voices")
    assert code == 0
    assert "gmw/en-us" in out
    assert "English (America)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--target", "0"], "--target': 0 is outside 100-230 steps per minute"),
        (["--target", "400"], "--target': 400 is outside 100-230"),
        (["--target", "172", "--zone", "0%"], "zone 0% is too narrow: give more than 0%"),
        (["--target", "172", "--zone", "0"], "zone 0% is too narrow"),
        (["--target", "172", "--zone", "nan%"], "zone must be a percentage like 5%"),
        (["--target", "nan"], "not a finite number"),
        (["--target", "172", "--hr-max", "nan"], "not a finite number"),
        ([], "no target"),
        (["--boost", "5%"], "no target"),
        (["--target", "172", "--boost", "5%"], "not both"),
        (["--habitual", "164", "--boost", "30%"], "rarely beyond 10%"),
        (["run-walk-1-1", "--habitual", "164", "--boost", "30%"], "rarely beyond 10%"),
        (["run-walk-1-1", "--habitual", "164", "--boost", "lots"], "must be a percentage"),
        (["--target", "172", "--sensor", "C4:7C:8D:6A:12:34"], "live sensors need live playback"),
        (["--target", "172", "--sensor", "replay:run.fit"], "`cadence-coach replay run.fit`"),
        (["--target", "172", "--metronome", "loud"], "--metronome"),
        (["--target", "172", "--duration", "0"], "needs a unit"),
        (["--target", "172", "--duration", "25h"], "from 1 second to 24 hours"),
        (["--target", "172", "--hr-max", "20"], "--hr-max"),
    ],
)
def test_run_bad_input_is_one_line_and_exit_2(args: list[str], message: str) -> None:
    code, out, err = invoke("run", *args, "--out", "unused.wav")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert message in err


def test_run_renders_a_session_and_writes_the_summary(tmp_path: Path) -> None:
    wav, summary = tmp_path / "run.wav", tmp_path / "run.json"
    args = ["--habitual", "164", "--duration", "2m", "--metronome", "faded", "--seed", "3"]
    code, out, err = invoke("run", *args, "--out", str(wav), "--summary", str(summary))
    assert code == 0, err
    report = json.loads(summary.read_text())
    assert report["target_spm"] == 172.2
    assert report["zone_spm"] == [167.0, 177.4]
    assert report["duration_s"] == 120
    assert report["cues"][-1]["id"] == "session_done"
    pcm, fs = read_wav_mono(wav)
    assert len(pcm) == 123 * fs
    assert "in zone" in out


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize(
    "command",
    [
        ["metronome", "--bpm", "170", "--duration", "2s"],
        ["run", "--target", "172", "--duration", "1m"],
        ["demo"],
        ["render", "strides", "--habitual", "164"],
        ["say", "Walk now"],
        ["replay", "FENIX", "--target", "172"],
    ],
)
def test_a_full_disk_is_one_line_for_every_command_that_writes(command: list[str]) -> None:
    from tests.support.files import FENIX

    args = [str(FENIX) if a == "FENIX" else a for a in command]
    code, _out, err = invoke(*args, "--out", "/dev/full")
    assert code == 1, err
    assert err.count("\n") == 1
    assert "cannot write /dev/full: No space left on device" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("command", "name"),
    [
        (["metronome", "--bpm", "170", "--duration", "3s"], "m.ogg"),
        (["run", "--target", "172", "--duration", "1m"], "s.flac"),
        (["demo"], "demo.mp3"),
        (["say", "Walk now"], "w.flac"),
    ],
)
def test_audio_files_are_written_in_the_format_their_name_asks_for(
    tmp_path: Path, command: list[str], name: str
) -> None:
    import soundfile

    out = tmp_path / name
    code, _, err = invoke(*command, "--out", str(out))
    assert code == 0, err
    assert (
        soundfile.info(str(out)).format
        == {"ogg": "OGG", "flac": "FLAC", "mp3": "MP3"}[name.rsplit(".", 1)[1]]
    )
    refused = invoke(*command, "--out", str(tmp_path / "x.aac"))
    assert refused[0] == 2
    assert "cannot write .aac: use .wav, .ogg, .mp3, .flac" in refused[2]


def test_a_day_of_clicks_is_refused_as_wav_before_any_work(tmp_path: Path) -> None:
    out = tmp_path / "day.wav"
    code, _, err = invoke("metronome", "--bpm", "170", "--duration", "24h", "--out", str(out))
    assert code == 2
    assert "a WAV file holds at most 12:25:" in err
    assert "use .flac or .ogg" in err
    assert not out.exists()


def test_no_history_keeps_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, out, err = invoke("--no-history", "demo", "--out", str(tmp_path / "d.wav"))
    assert code == 0, err
    assert "not stored (--no-history)" in out
    assert "stored as session" not in out
    assert not (tmp_path / "data").exists()  # no database was created
    code, out, _err = invoke("--no-history", "history", "--all")
    assert code == 0
    assert "no sessions" in out.lower()
