"""``music add``, ``list``, ``remove`` and ``use``, and ``--music`` on ``run`` and
``render``, as a runner types them, on real tracks and on files that are not."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from click.testing import CliRunner

from cadence_coach.cli import cli

pytestmark = pytest.mark.slow


def coach(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_add_lists_what_cannot_be_played_and_why(music_root: Path, data_home: Path) -> None:
    code, out, err = coach("music", "add", str(music_root))
    assert code == 0, err
    assert "3 tracks ready" in out  # two runs and a walk
    assert "0 analysed now" in out  # all known: analysed once, by path, size and time
    assert "notes.mp3: not a sound file, or a damaged one" in out
    assert "truncated.flac: not a sound file, or a damaged one" in out
    assert "silence.wav: no beat found" in out
    assert "Traceback" not in out + err


def test_list_shows_title_artist_tempo_range_and_confidence(data_home: Path) -> None:
    code, out, _ = coach("music", "list")
    assert code == 0
    rows = {line.split()[1]: line for line in out.splitlines()[1:] if line.split()}
    assert "160.0" in rows["frontiers"]
    assert "%" in rows["frontiers"]
    assert " 140." in rows["blupi007"]
    assert "ASC" in rows["Machine"]  # the M4A's title and artist, from its tags
    assert "Machine Wars" in out
    assert "silence" in out
    assert "no beat found" in out


def test_a_changed_file_is_analysed_again(
    music_root: Path, data_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(music_root / "running" / "blupi007.flac", folder)
    assert "1 analysed now" in coach("music", "add", str(folder))[1]
    assert "0 analysed now" in coach("music", "add", str(folder))[1]
    data, fs = sf.read(str(folder / "blupi007.flac"))
    sf.write(str(folder / "blupi007.flac"), data[: len(data) // 2], fs)
    assert "1 analysed now" in coach("music", "add", str(folder))[1]


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: p.mkdir(), "no music files in"),
        (lambda p: None, "is not a folder"),
    ],
)
def test_a_folder_with_no_music_is_a_bad_value(
    make: object, said: str, tmp_path: Path, data_home: Path
) -> None:
    folder = tmp_path / "empty"
    make(folder)  # type: ignore[operator]
    code, _, err = coach("music", "add", str(folder))
    assert code == 2
    assert err.startswith("error: ")
    assert said in err
    assert "Traceback" not in err


def test_remove_a_folder_and_an_unknown_track(music_root: Path, data_home: Path) -> None:
    code, out, _ = coach("music", "remove", str(music_root / "running"))
    assert (code, out.strip()) == (0, "removed 2 tracks")
    listed = coach("music", "list")[1]
    assert "frontiers" not in listed
    assert "Machine Wars" in listed
    code, _, err = coach("music", "remove", "no-such-song.mp3")
    assert code == 2
    assert "no track in the library" in err


def test_a_run_with_music_says_what_played(
    music_root: Path, data_home: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "run.wav"
    folder = str(music_root / "running")
    code, out, err = coach("run", "--target", "150", "--duration", "45s", "--metronome", "faded",
                           "--music", folder, "--out", str(out_file))  # fmt: skip
    assert code == 0, err
    played = next(line for line in out.splitlines() if line.startswith("music: "))
    assert "frontiers" in played or "blupi007" in played
    pcm, fs = sf.read(str(out_file))
    assert len(pcm) >= 45 * fs
    assert np.sqrt(np.mean(pcm[5 * fs : 40 * fs] ** 2)) > 0.03  # music, not clicks alone


def test_music_use_keeps_it_on_until_off(music_root: Path, data_home: Path, tmp_path: Path) -> None:
    assert coach("music", "use", "all")[0] == 0
    run = ("run", "--target", "150", "--duration", "20s", "--out", str(tmp_path / "r.wav"))
    assert "music: " in coach(*run)[1]
    assert "music: " not in coach(*run, "--music", "off")[1]
    assert coach("music", "use", "off")[0] == 0
    assert "music: " not in coach(*run)[1]


def test_no_track_fits_is_said_once_and_the_clicks_keep_the_beat(
    music_root: Path, data_home: Path, tmp_path: Path
) -> None:
    out_file = tmp_path / "walk.wav"
    folder = str(music_root / "walking")
    code, out, err = coach("run", "--target", "172", "--duration", "30s",
                           "--music", folder, "--out", str(out_file))  # fmt: skip
    assert code == 0, err
    assert err.count("no track fits 172 spm; the clicks keep the beat") == 1
    assert "music: " not in out
    pcm, fs = sf.read(str(out_file))
    period = 60 * fs / 172
    loud = np.flatnonzero(np.abs(pcm) > 0.3)
    firsts = loud[np.r_[True, np.diff(loud) > period / 2]]
    assert len(firsts) > 0.8 * 30 * 172 / 60  # a click on (nearly) every beat


def test_a_track_damaged_mid_session_is_skipped_and_the_session_goes_on(
    music_root: Path, data_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "going-bad"
    shutil.copytree(music_root / "running", folder)
    assert coach("music", "remove", str(music_root))[0] == 0  # these two alone
    assert coach("music", "add", str(folder))[0] == 0
    for song in folder.iterdir():  # after analysis: each now ends in its middle
        data, fs = sf.read(str(song))
        sf.write(str(song), data[: len(data) * 2 // 5], fs)
    out_file = tmp_path / "run.wav"
    code, _out, err = coach("run", "--target", "150", "--duration", "75s", "--music", "all",
                           "--out", str(out_file))  # fmt: skip
    assert code == 0, err
    assert err.count("music: skipping") == 2
    assert "ends before its beats do" in err
    assert "Traceback" not in err
    pcm, fs = sf.read(str(out_file))
    assert len(pcm) >= 75 * fs
    assert np.sqrt(np.mean(pcm[3 * fs : 12 * fs] ** 2)) > 0.03  # the first song, before it broke


def test_render_writes_the_playlist_at_the_target_with_the_cues(
    music_root: Path, data_home: Path, tmp_path: Path
) -> None:
    plan = tmp_path / "short.toml"
    plan.write_text(
        'name = "Short"\n[[segment]]\nkind = "run"\nname = "Run"\nduration = "40s"\n'
        'target = 150\nmetronome = "faded"\ncue = "Quick, light steps"\n'
    )
    out_file = tmp_path / "phone.wav"
    code, out, err = coach("render", str(plan), "--music", str(music_root / "running"),
                           "--out", str(out_file))  # fmt: skip
    assert code == 0, err
    assert "wrote" in out
    assert "music: " in out
    assert sf.info(str(out_file)).duration >= 40


def test_music_needs_rubberband(music_root: Path, data_home: Path, tmp_path: Path,
                                monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.setattr(shutil, "which", lambda name: None)
    code, _, err = coach("run", "--target", "150", "--duration", "20s", "--music", "all",
                         "--out", str(tmp_path / "r.wav"))  # fmt: skip
    assert code == 1
    assert "apt-get install rubberband-cli" in err


def test_no_history_and_the_library_say_what_to_do(data_home: Path, tmp_path: Path) -> None:
    """The library lives in the history database, which --no-history leaves closed."""
    run = ("run", "--target", "150", "--duration", "10s", "--out", str(tmp_path / "r.wav"))
    assert coach(*run, "--music", "all")[0] == 0  # the library knows playable tracks
    code, _, err = coach("--no-history", *run, "--music", "all")
    assert code == 2
    assert "--no-history leaves closed: give --music FOLDER" in err
    assert err.count("\n") == 1
