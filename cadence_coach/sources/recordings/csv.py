"""Sessions exported here as CSV (``cadence-coach export --format csv``): steps per minute,
read a row at a time. ``damaged``: rows that cannot be read are skipped and counted."""

from __future__ import annotations

import io
import math
from pathlib import Path
from typing import IO

from cadence_coach.sources.recordings.activity import Recording, ReplayError, parse_float
from cadence_coach.sources.recordings.checks import Records
from cadence_coach.sources.strides import CadenceUnit

HELD = (CadenceUnit.STEPS, "a cadence-coach CSV holds steps")


def _time(path: Path, line: int, text: str | None) -> float:
    t = parse_float(text)
    if t is None:
        raise ReplayError(f"{path}, line {line}: t_s {(text or '')[:40]!r} is not a number")
    if not math.isfinite(t):
        raise ReplayError(f"{path}, line {line}: t_s is {text}, not a finite number")
    return t


def _add(records: Records, t: float, row: dict[str, str | None]) -> None:
    standing = row.get("moving") == "0"  # stored without a cadence: standing still
    records.add(
        t,
        0.0 if standing else parse_float(row.get("cadence_spm") or None),
        parse_float(row.get("speed_mps") or None),
        parse_float(row.get("heart_rate_bpm") or None),
    )


def read(f: IO[bytes], path: Path, damaged: bool = False) -> Recording:
    """A session exported by ``cadence-coach export --format csv`` (steps per minute)."""
    import csv

    text = io.TextIOWrapper(f, encoding="utf-8-sig", newline="")
    records = Records(path)
    skipped = 0
    try:
        rows = csv.DictReader(text)
        if rows.fieldnames is None or not {"t_s", "cadence_spm"} <= set(rows.fieldnames):
            raise ReplayError(
                f"{path}: not a cadence-coach CSV (needs t_s and cadence_spm columns)"
            )
        for row in rows:
            try:
                t = _time(path, rows.line_num, row.get("t_s"))
            except ReplayError:
                if not damaged:
                    raise
                skipped += 1
                continue
            _add(records, t, row)
    except (UnicodeDecodeError, csv.Error) as err:
        raise ReplayError(f"{path}: not a readable CSV file ({err})") from None
    if not records:
        raise ReplayError(f"{path}: no rows")
    damage = f"{skipped:,} rows unreadable, skipped" if skipped else None
    return Recording(records.found, None, None, HELD, damage, records.dropped)
