"""CSV: one row per second, with a header; cadence in steps per minute (replayable here)."""

from __future__ import annotations

import csv
from pathlib import Path

from cadence_coach.coaching.recorder import Row
from cadence_coach.history.samples import CSV_COLUMNS
from cadence_coach.output_files import replacing


def write(rows: list[Row], path: Path) -> int:
    """The rows written."""
    with replacing(path, "w") as f:
        writer = csv.writer(f)
        writer.writerow([c.csv for c in CSV_COLUMNS])
        for r in rows:
            values = (c.value(r) for c in CSV_COLUMNS)
            writer.writerow(["" if v is None else v for v in values])
    return len(rows)
