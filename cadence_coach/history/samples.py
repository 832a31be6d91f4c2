"""The one definition of a stored second: the samples table's columns, how each is read from
a :class:`~cadence_coach.coaching.recorder.Row`, and its name in CSV exports. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cadence_coach.coaching.estimator import SensorState
from cadence_coach.coaching.recorder import Row


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    """In the samples table."""
    sql_type: str
    value: Callable[[Row], Any]
    """The stored value (booleans as 0 and 1, enums by their value)."""
    csv: str | None
    """The header in CSV exports (``None``: not exported)."""


def _flag(value: bool | None) -> int | None:
    return None if value is None else int(value)


COLUMNS = (
    Column("t", "REAL NOT NULL", lambda r: r.t, "t_s"),
    Column("segment", "TEXT", lambda r: r.segment, "segment"),
    Column("target_spm", "REAL", lambda r: r.target_spm, "target_spm"),
    Column("zone_lo", "REAL", lambda r: r.zone_spm[0], "zone_low_spm"),
    Column("zone_hi", "REAL", lambda r: r.zone_spm[1], "zone_high_spm"),
    Column("cadence_spm", "REAL", lambda r: r.cadence_spm, "cadence_spm"),
    Column("heart_rate_bpm", "REAL", lambda r: r.heart_rate_bpm, "heart_rate_bpm"),
    Column("speed_mps", "REAL", lambda r: r.speed_mps, "speed_mps"),
    Column("moving", "INTEGER", lambda r: int(r.moving), "moving"),
    Column("sensor", "TEXT", lambda r: r.sensor.value, "sensor"),
    Column("metronome", "INTEGER", lambda r: int(r.metronome), "metronome"),
    Column("coached", "INTEGER", lambda r: int(r.coached), None),
    Column("in_zone", "INTEGER", lambda r: _flag(r.in_zone), "in_zone"),
    Column("incline_pct", "REAL", lambda r: r.incline_pct, "incline_pct"),
)
NAMES = tuple(c.name for c in COLUMNS)
CSV_COLUMNS = tuple(c for c in COLUMNS if c.csv is not None)


def stored(row: Row) -> tuple[Any, ...]:
    """The row as the samples table holds it, column by column."""
    return tuple(c.value(row) for c in COLUMNS)


def from_stored(values: Sequence[Any]) -> Row:
    """A row read back from the samples table (columns in :data:`NAMES` order)."""
    v = dict(zip(NAMES, values, strict=True))
    return Row(
        t=v["t"],
        segment=v["segment"],
        target_spm=v["target_spm"],
        zone_spm=(v["zone_lo"], v["zone_hi"]),
        cadence_spm=v["cadence_spm"],
        heart_rate_bpm=v["heart_rate_bpm"],
        speed_mps=v["speed_mps"],
        moving=bool(v["moving"]),
        sensor=SensorState(v["sensor"]),
        metronome=bool(v["metronome"]),
        coached=bool(v["coached"]),
        incline_pct=v["incline_pct"],
    )
