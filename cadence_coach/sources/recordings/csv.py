"""Sessions exported here as CSV (``cadence-coach export --format csv``): steps per minute."""

from __future__ import annotations

from pathlib import Path

from cadence_coach.sources.recordings.activity import (
    Activity,
    Record,
    ReplayError,
    build,
    parse_float,
)
from cadence_coach.sources.strides import CadenceUnit


def load(path: Path, units: CadenceUnit | None = None) -> Activity:
    """A session exported by ``cadence-coach export --format csv`` (steps per minute)."""
    import csv

    try:
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        raise ReplayError(f"{path}: not a readable CSV file ({err})") from None
    if not rows or "t_s" not in rows[0] or "cadence_spm" not in rows[0]:
        raise ReplayError(f"{path}: not a cadence-coach CSV (needs t_s and cadence_spm columns)")
    records = []
    for n, row in enumerate(rows, start=2):
        t = parse_float(row.get("t_s"))
        if t is None:
            raise ReplayError(f"{path}, line {n}: t_s {row.get('t_s')!r} is not a number")
        standing = row.get("moving") == "0"  # stored without a cadence: standing still
        records.append(
            Record(
                t=t,
                cadence=0.0 if standing else parse_float(row.get("cadence_spm") or None),
                speed_mps=parse_float(row.get("speed_mps") or None),
                heart_rate_bpm=parse_float(row.get("heart_rate_bpm") or None),
            )
        )
    return build(path, records, None, units, (CadenceUnit.STEPS, "a cadence-coach CSV holds steps"))
