"""The built-in plans and programme mutated at random (a value swapped for any TOML value,
the text's bytes edited) and read by the loaders: only a one-line error of the project's
own ever escapes, and whatever is read stays within the limits."""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cadence_coach.errors import CoachError
from cadence_coach.plans.library import available, check_plan, programmes
from cadence_coach.plans.loading import MAX_CUES, MAX_PLAN_S, MAX_SEGMENTS
from cadence_coach.plans.programme import load_programme
from cadence_coach.units import printable

FUZZ = settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
PLANS = {name: path.read_text() for name, path in sorted(available().items())}
PROGRAMME = next(iter(programmes().values())).read_text()


def toml(value: Any) -> str:
    """``value`` written as a TOML value (inline)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml(v) for v in value) + "]"
    return "{" + ", ".join(f"{json.dumps(k)} = {toml(v)}" for k, v in value.items()) + "}"


def document(data: dict[str, Any]) -> str:
    return "".join(f"{json.dumps(key)} = {toml(value)}\n" for key, value in data.items())


texts = st.one_of(
    st.sampled_from(["run", "walk", "1m", "90s", "habitual+5%", "3%", "168-176", "on", "Tue",
                     "baseline", "172", "", "nan", "inf", "1e400", "0.0001s", "24h", "400m",
                     "6:00/km", "\x1b[31m", "a\nb", "\x00"]),
    st.text(max_size=30),
)  # fmt: skip
leaves = st.one_of(
    st.sampled_from(
        [
            10**400,
            -(10**400),
            math.nan,
            math.inf,
            -math.inf,
            0,
            -1,
            1e-9,
            True,
            "9" * 400,
            "\x1b[2J",
            "x\x00",
            "a" * 300,
        ]
    ),
    texts,
    st.booleans(),
    st.integers(min_value=-(10**400), max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
)
values = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


pieces = st.one_of(
    st.binary(max_size=4),
    st.text(alphabet="[]{}=.,\"'#\n\\ 019eEinf+-_:aklmsu\ufeff", max_size=12).map(str.encode),
)
"""Bytes put into a file: mostly TOML's own punctuation, numbers and words."""


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in ``data`` a value sits."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += paths(value, (*prefix, i))
    return found


def swapped(data: dict[str, Any], where: tuple[Any, ...], value: Any) -> dict[str, Any]:
    copy = json.loads(json.dumps(data))
    target = copy
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    return copy  # type: ignore[no-any-return]


def refusal(load: Callable[[Path], Any], path: Path) -> tuple[Any, str | None]:
    """What ``load`` read, or the one line it refused the file with (only the project's
    own error, for a bad value, may escape)."""
    try:
        return load(path), None
    except CoachError as err:
        if not isinstance(err, ValueError):
            raise
        return None, str(err)


def within_limits(path: Path) -> None:
    """Load and compile the plan in ``path``: a plan within the limits, or one line."""
    plan, said = refusal(check_plan, path)
    if said is not None:
        assert "\n" not in said
        assert "\x1b" not in said
        assert "\x00" not in said
        event(f"refused: {said.removeprefix(str(path)).split(':')[1][:30]}")
        return
    event("read")
    assert len(plan.steps) <= MAX_SEGMENTS
    assert plan.duration_s <= MAX_PLAN_S
    assert sum(len(s.cues) for s in plan.steps) <= MAX_CUES
    for text in [plan.name, *(s.label for s in plan.steps)]:
        assert printable(text) == text


@FUZZ
@given(st.sampled_from(sorted(PLANS)), st.data(), values)
def test_a_plan_with_any_value_anywhere(tmp_path: Path, name: str, data: Any, value: Any) -> None:
    plan = tomllib.loads(PLANS[name])
    where = data.draw(st.sampled_from(paths(plan)))
    path = tmp_path / "p.toml"
    path.write_text(document(swapped(plan, where, value)))
    within_limits(path)


SEGMENT_KEYS = ["kind", "duration", "distance", "target", "zone", "metronome", "name", "cue",
                "cues", "feedback", "times", "segments"]  # fmt: skip


@FUZZ
@given(st.sampled_from(SEGMENT_KEYS), values, st.sampled_from(["defaults", "segment", "top"]))
def test_a_key_with_any_value(tmp_path: Path, key: str, value: Any, where: str) -> None:
    segment: dict[str, Any] = {"kind": "run", "duration": "5m", "target": 170}
    plan: dict[str, Any] = {"name": "x", "segment": [segment]}
    if where == "defaults":
        plan["defaults"] = {["zone", "metronome", "grace", "boost", "pace"][len(key) % 5]: value}
    elif where == "top":
        plan[["name", "description"][len(key) % 2]] = value
    else:
        segment[key] = value
    path = tmp_path / "p.toml"
    path.write_text(document(plan))
    within_limits(path)


@FUZZ
@given(
    st.sampled_from(sorted(PLANS)),
    st.lists(st.tuples(st.floats(0, 1), pieces, st.integers(0, 40)), max_size=4),
)
def test_a_plan_with_its_bytes_edited(
    tmp_path: Path, name: str, edits: list[tuple[float, bytes, int]]
) -> None:
    raw = bytearray(PLANS[name].encode())
    for where, inserted, removed in edits:
        at = int(where * len(raw))
        raw[at : at + removed] = inserted
    path = tmp_path / "p.toml"
    path.write_bytes(bytes(raw))
    within_limits(path)


@FUZZ
@given(st.data(), values)
def test_a_programme_with_any_value_anywhere(tmp_path: Path, data: Any, value: Any) -> None:
    programme = tomllib.loads(PROGRAMME)
    where = data.draw(st.sampled_from(paths(programme)))
    path = tmp_path / "p.toml"
    path.write_text(document(swapped(programme, where, value)))
    loaded, said = refusal(load_programme, path)
    if said is not None:
        assert "\n" not in said
        return
    assert 1 <= len(loaded.weeks) <= 52
    assert printable(loaded.name) == loaded.name
