"""Values no runner means, typed into the commands' options: each one line and exit 2, never
a traceback; and the numeric and duration options of several commands fuzzed with
hypothesis (no audio is rendered: each command is stopped at its ``--out`` of an unknown
kind once its options are read; ``ready``, which would wait for play, is left out)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cadence_coach.cli import cli
from cadence_coach.coaching.recorder import Summary
from cadence_coach.history.records import SessionKind
from cadence_coach.history.store import Store

LONG = "9" * 400


@pytest.fixture(autouse=True)
def _apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A store and a settings file of the test's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_line(result: Result, code: int = 2) -> str:
    """The one error line of a refused command."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("error: ")
    assert len(result.stderr) < 400
    return result.stderr


REFUSED = [
    (["metronome", "--bpm", "1e309", "--out", "m.wav"], "tempo 1e309 is outside 20-300"),
    (["baseline", "--habitual", "nan", "--out", "b.wav"], "'nan' is not a finite number"),
    (["baseline", "--habitual", "1e300", "--out", "b.wav"], "outside 100-230 steps per minute"),
    (["plans", "show", "strides", "--habitual", "-inf"], "'-inf' is not a finite number"),
    (["run", "x" * 5000, "--habitual", "160", "--out", "r.wav"], "a name is 1 to 1024"),
    (["render", "y" * 300, "--out", "r.wav"], "cannot look for it (File name too long)"),
    (["plans", "show", "z" * 5000], "a name is 1 to 1024 characters"),
    (["metronome", "--bpm", "170", "--duration", LONG, "--out", "m.wav"], "'--duration'"),
    (["run", "--habitual", "160", "--duration", LONG + "s", "--out", "r.wav"], "'--duration'"),
    (["run", "strides", "--habitual", "160", "--start-at", LONG, "--out", "r.wav"], "'--start-at'"),
    (["run", "--target", LONG, "--out", "r.wav"], "'999999999999999999999...' is not a finite"),
    (["run", "--habitual", "160", "--seed", "-1", "--out", "r.wav"], "-1' is outside 0-4294967295"),
    (["report", LONG], "'999999999999999999999...' is outside 1-9223372036854775807"),
    (["history", "delete", "--", "-1"], "'-1' is outside 1-9223372036854775807"),
    (["ready", "--sessions", "0"], "'0' is outside 1-10000"),
    (["programme", "start", "--on", "9999-12-31"], "start 9999-12-31 is more than a year"),
    (["programme", "show", "."], ".: is a folder, not a TOML file"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), REFUSED)
def test_a_value_no_runner_means_is_one_line(args: list[str], message: str) -> None:
    assert message in one_line(invoke(*args))


def test_report_refuses_a_chart_it_would_not_draw(tmp_path: Path) -> None:
    with Store() as store:
        sid = store.begin("Free run", SessionKind.LIVE)
        store.finish(sid, Summary.from_json({"duration_s": 60.0}))
    said = one_line(invoke("report", str(sid), "--out", str(tmp_path / "r.xyz")))
    assert "cannot draw a chart as .xyz: use .png" in said
    assert not (tmp_path / "r.xyz").exists()


def test_a_stored_start_out_of_range_is_one_line_for_every_command() -> None:
    Store().settings.start_programme("cadence-8-weeks", date.max)
    for args in (["programme"], ["programme", "run"]):
        assert "start it again with `cadence-coach programme start`" in one_line(invoke(*args))
    assert invoke("programme", "start").exit_code == 0  # and starting again mends it
    assert invoke("programme").exit_code == 0


def test_a_control_character_is_never_printed(tmp_path: Path) -> None:
    plan = tmp_path / "p.toml"
    plan.write_text('name = "x\\u001b]0;owned\\u0007"\n')
    said = one_line(invoke("plans", "check", str(plan)))
    assert "\x1b" not in said
    assert "\x07" not in said
    assert "\\x1b" in said


NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(["nan", "-inf", "1e309", "-0", "0x10", "1_000", "", " ", LONG, "170",
                     "100", "230", "0", "1", "48000", "0.01", "5%", "nan%", "1e400%"]),
    st.text(max_size=8),
)  # fmt: skip
DURATIONS = st.one_of(
    NUMBERS,
    st.sampled_from(["0.0001s", "90s", "10m", "1h30", "25h", "-1m", LONG + "s", "1m1m", "2.5min"]),
)
FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def options(**values: str) -> list[str]:
    """``--name value`` for each option (a value starting with ``-`` given as ``--name=-1``)."""
    return [f"--{name.replace('_', '-')}={value}" for name, value in values.items()]


def refused_or_ran(result: Result) -> None:
    """Exit 0, 1 or 2, and never a traceback: a refusal is one line."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2), result.output
    event(f"exit {result.exit_code}")
    if result.exit_code:
        assert result.stderr.count("\n") == 1, result.stderr
        assert len(result.stderr) < 300  # no value said back hundreds of digits long


@FUZZ
@given(NUMBERS, DURATIONS, NUMBERS, NUMBERS, NUMBERS, NUMBERS, NUMBERS)
def test_metronome_options(
    bpm: str, duration: str, latency: str, blocksize: str, rate: str, volume: str, accent: str
) -> None:
    args = options(bpm=bpm, duration=duration, latency=latency, blocksize=blocksize,
                   samplerate=rate, volume=volume, accent_every=accent)  # fmt: skip
    refused_or_ran(invoke("metronome", *args, "--out", "m.xyz"))


@FUZZ
@given(NUMBERS, NUMBERS, NUMBERS, NUMBERS, DURATIONS, NUMBERS, NUMBERS, st.booleans())
def test_run_options(
    habitual: str,
    target: str,
    boost: str,
    zone: str,
    duration: str,
    hr_max: str,
    seed: str,
    use_target: bool,
) -> None:
    aim = {"target": target} if use_target else {"habitual": habitual, "boost": boost}
    args = options(**aim, zone=zone, duration=duration, hr_max=hr_max, seed=seed)
    refused_or_ran(invoke("run", *args, "--out", "r.xyz"))


@FUZZ
@given(st.sampled_from(["strides", "hills", "baseline"]), NUMBERS, NUMBERS, DURATIONS, NUMBERS)
def test_plan_options(plan: str, habitual: str, boost: str, start_at: str, volume: str) -> None:
    refused_or_ran(invoke("plans", "show", plan, *options(habitual=habitual)))
    ran = options(habitual=habitual, boost=boost, start_at=start_at)
    refused_or_ran(invoke("run", plan, *ran, "--out", "r.xyz"))
    rendered = options(habitual=habitual, start_at=start_at, volume=volume)
    refused_or_ran(invoke("render", plan, *rendered, "--out", "r.xyz"))


@FUZZ
@given(NUMBERS, st.one_of(NUMBERS, st.dates().map(str)))
def test_ids_and_dates(session: str, on: str) -> None:
    refused_or_ran(invoke("report", "--out=r.xyz", "--", session))
    refused_or_ran(invoke("export", "--", session))
    refused_or_ran(invoke("programme", "start", *options(on=on)))
    refused_or_ran(invoke("programme"))
