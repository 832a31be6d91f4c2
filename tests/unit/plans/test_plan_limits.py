"""Plans and programmes that would cost too much, mean nothing or print badly: each refused
in one line naming the file, quickly, before any heavy work."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from cadence_coach.errors import BadValue
from cadence_coach.plans.files import MAX_FILE_BYTES
from cadence_coach.plans.library import check_plan, find_plan
from cadence_coach.plans.loading import MAX_CUE, MAX_CUES, load_plan
from cadence_coach.plans.model import PlanError
from cadence_coach.plans.programme import find_programme, load_programme
from cadence_coach.plans.progress import check_start, check_stored_start

RUN = "[[segment]]\nkind = 'run'\nduration = '1m'\ntarget = 170\n"


def refused(path: Path) -> str:
    """The one line a plan file is refused with."""
    began = time.perf_counter()
    with pytest.raises(PlanError) as info:
        check_plan(path)
    assert time.perf_counter() - began < 5
    said = str(info.value)
    assert said.startswith(f"{path}: ")
    assert "\n" not in said
    assert "\x1b" not in said
    return said


LIMITS = [
    ("name = 'x'\na = " + "[" * 1000 + "]" * 1000 + "\n", "nested far too deep"),
    ("name = 'x'\na = " + "{b = " * 1000 + "1" + "}" * 1000 + "\n", "nested far too deep"),
    ("name = 'x'\n" + ".".join(["a"] * 50_000) + " = 1\n", "line 2 has more than 100 dots"),
    ("name = 'x'\n[" + ".".join(["a"] * 5_000) + "]\n", "line 2 has more than 100 dots"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = " + "9" * 400 + "\n",
     "segment[1].duration: 99999999... (a 400-digit number) seconds: from 1 s to 24 hours"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\ntarget = 170\ndistance = " + "9" * 400 + "\n",
     "segment[1].distance: 99999999... (a 400-digit number): a distance from 10 m to 50 km"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = '1m'\ntarget = " + "9" * 400 + "\n",
     "segment[1].target: 99999999... (a 400-digit number) must be a cadence (172)"),
    ("name = 'x'\na = " + "9" * 5000 + "\n", "not valid TOML"),
    ("name = 'x'\n[defaults]\ngrace = inf\n" + RUN, "defaults.grace: inf: from 0 to 120 s"),
    ("name = 'x'\n[defaults]\ngrace = '24h'\n" + RUN, 'defaults.grace: "24h": from 0 to 120 s'),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = '0.0001s'\n",
     "segment[1].duration: duration '0.0001s' must be from 1 second"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = 0.0001\n",
     "segment[1].duration: 0.0001 seconds: from 1 s"),
    ('name = "red\\u001b[31m"\n' + RUN, "name: holds a control character (\\x1b)"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nname = \"a\\nb\"\nduration = '1m'\n",
     "segment[1].name: holds a control character (\\n); plain text on one line"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = '1m'\ncue = \"a\\u0000\"\n",
     "segment[1].cue: holds a control character (\\x00)"),
    ("name = 'x'\ndescription = \"a\\u001b[2J\"\n" + RUN, "description: holds a control"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = '1m'\ntarget = nan\n",
     "segment[1].target: nan must be a cadence (172)"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = nan\n", "segment[1].duration: nan"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\ndistance = -inf\n", "segment[1].distance: -inf:"),
    ("name = 'x'\n[defaults]\nzone = 'nan%'\n" + RUN,
     "defaults.zone: zone must be a percentage like 5%, not 'nan%'"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = '1m'\ntarget = 170\nzone = 'nan-inf'\n",
     "segment[1].zone: zone must be a number of steps per minute, not nan"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = '1m'\ntarget = 'habitual+nan%'\n",
     'segment[1].target: "habitual+nan%": the boost must be 0-15%'),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = '1m'\ncue = '" + "a" * 300 + "'\n",
     f"segment[1].cue: is 300 characters long; at most {MAX_CUE}"),
    ("name = '" + "n" * 5000 + "'\n" + RUN, "name: is 5000 characters long; at most 80"),
    ("name = 'x'\n[[segment]]\nkind = true\nduration = '1m'\n",
     "segment[1].kind: true is not one of warm-up"),
    ("name = 'x'\n[defaults]\nmetronome = false\n" + RUN,
     "defaults.metronome: false is not one of on, off, faded"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = '1m'\ntarget = '172'\n",
     'segment[1].target: a cadence is a number, not a string: target = 172, not "172"'),
    ("name = 'x'\n[[segment]]\ntimes = 100\nsegments = ["
     + ", ".join(["{ kind = 'run', duration = '1m' }"] * 6) + "]\n",
     "segment[1]: more than 500 segments, repeats counted"),
    ("name = 'x'\n[[segment]]\nkind = 'run'\nduration = '1h'\ncues = ["
     + ", ".join(f"{{ at = '{i + 1}s', say = 'c' }}" for i in range(21)) + "]\n",
     "segment[1].cues: 21 timed cues in one segment; at most 20"),
    ("name = 'x'\n[[segment]]\ntimes = 30\nsegments = [{ kind = 'run', duration = '5m', cues = ["
     + ", ".join(f"{{ at = '{i + 1}s', say = 'c' }}" for i in range(20)) + "] }]\n",
     f"600 timed cues, repeats counted; at most {MAX_CUES}"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), LIMITS)
def test_a_plan_beyond_the_limits_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(text)
    assert message in refused(path)


def test_a_file_too_large_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(f"name = 'x'\n{RUN}cue = '{'a' * 10_000_000}'\n")
    assert f"larger than {MAX_FILE_BYTES // 1024} KB" in refused(path)


def test_invalid_utf8_names_the_file_and_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b"name = 'x'\ndescription = 'caf\xe9'\n" + RUN.encode())
    assert refused(path) == f"{path}: not UTF-8 text: byte 0xe9 on line 2 (save it as UTF-8)"


def test_a_folder_is_not_a_plan(tmp_path: Path) -> None:
    assert refused(tmp_path) == f"{tmp_path}: is a folder, not a TOML file"


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbfname = 'x'\n" + RUN.encode())
    assert load_plan(path).name == "x"


@pytest.mark.parametrize("name", ["x" * 5000, "a\x00b", "y" * 300])
def test_a_name_no_file_can_have_is_one_line(name: str) -> None:
    for find in (find_plan, find_programme):
        with pytest.raises(BadValue) as info:
            find(name)
        assert len(str(info.value)) < 200
        assert "\x00" not in str(info.value)


PROGRAMMES = [
    ("sessions = [ { day = 'Tue', plan = ['baseline'] } ]",
     "week[1].sessions[1].plan: must be a plan's name, in quotes, not [\"baseline\"]"),
    ("sessions = [ { day = ['Tue'], plan = 'baseline' } ]",
     'week[1].sessions[1].day: ["Tue"] is not one of Mon'),
    ("sessions = [ { day = { d = 1 }, plan = 'baseline' } ]",
     "week[1].sessions[1].day: { d = 1 } is not one of Mon"),
]  # fmt: skip


@pytest.mark.parametrize(("week", "message"), PROGRAMMES)
def test_a_programme_with_values_of_the_wrong_type(tmp_path: Path, week: str, message: str) -> None:
    path = tmp_path / "p.toml"
    path.write_text(f"name = 'p'\n[[week]]\n{week}\n")
    with pytest.raises(PlanError) as info:
        load_programme(path)
    assert str(info.value).startswith(f"{path}: {message}")


def test_a_programme_folder_and_name_are_checked(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="is a folder, not a TOML file"):
        load_programme(tmp_path)
    path = tmp_path / "p.toml"
    path.write_text('name = "p\\u001b]0;owned\\u0007"\n[[week]]\nsessions = []\n')
    with pytest.raises(PlanError, match=r"name: holds a control character \(\\x1b\)"):
        load_programme(path)
    path.write_text("name = 'p'\n[boost]\nweeks_per_step = true\n[[week]]\nsessions = []\n")
    with pytest.raises(PlanError, match="from 1 to 8, not true"):
        load_programme(path)


TODAY = date(2026, 3, 4)


@pytest.mark.parametrize("start", [date(9999, 12, 31), date(1, 1, 1), date(2027, 3, 6)])
def test_a_programme_starts_within_a_year(start: date) -> None:
    with pytest.raises(BadValue, match="more than a year from today"):
        check_start(start, TODAY)


def test_a_stored_start_out_of_range_is_refused_not_worked_from() -> None:
    assert check_start(date(2027, 3, 4), TODAY) == date(2027, 3, 4)
    assert check_stored_start(date(2021, 1, 4), TODAY) == date(2021, 1, 4)  # long finished
    for start in (date(9999, 12, 31), date(1, 1, 1)):
        with pytest.raises(BadValue, match="start it again with `cadence-coach programme start`"):
            check_stored_start(start, TODAY)
