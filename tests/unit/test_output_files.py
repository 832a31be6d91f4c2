"""Files the user asked for: written whole or not at all, every failure one line."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from cadence_coach.errors import OutputFileError
from cadence_coach.output_files import check_space, part_name, replacing


def test_a_file_appears_under_its_name_only_when_complete(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with replacing(path, "w") as f:
        f.write("t_s\n0\n")
        assert not path.exists()  # the name is taken only at the end
        assert part_name(path).exists()
    assert path.read_text() == "t_s\n0\n"
    assert not part_name(path).exists()


def _interrupted_write(path: Path) -> None:
    with replacing(path) as f:
        f.write(b"half a file")
        raise KeyboardInterrupt


def _write(path: Path, data: bytes) -> None:
    with replacing(path) as f:
        f.write(data)


def test_a_failure_leaves_nothing_under_either_name(tmp_path: Path) -> None:
    path = tmp_path / "out.wav"
    path.write_bytes(b"the previous take")
    with pytest.raises(KeyboardInterrupt):
        _interrupted_write(path)
    assert path.read_bytes() == b"the previous take"  # untouched, not half overwritten
    assert not part_name(path).exists()


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("missing/out.csv", "the folder"),
        ("a-file/out.csv", "is not a folder"),
        ("a-folder", "it is a folder"),
    ],
)
def test_a_bad_place_is_one_line_naming_the_file(tmp_path: Path, where: str, says: str) -> None:
    (tmp_path / "a-file").write_text("x")
    (tmp_path / "a-folder").mkdir()
    path = tmp_path / where
    with pytest.raises(OutputFileError) as err, replacing(path, "w"):
        pass
    assert str(err.value).startswith(f"cannot write {path}: ")
    assert says in str(err.value)
    assert "\n" not in str(err.value)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_is_one_line_and_a_device_is_written_in_place() -> None:
    full = Path("/dev/full")
    with pytest.raises(OutputFileError, match="cannot write /dev/full: No space left"):
        _write(full, b"x" * 100_000)
    assert stat.S_ISCHR(full.stat().st_mode)  # still the device: never renamed over
    _write(Path("/dev/null"), b"fine")


def test_a_file_that_will_not_fit_is_refused_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(OutputFileError, match=r"needs about .* MB and the disk has"):
        check_space(tmp_path / "huge.wav", 10**18)
