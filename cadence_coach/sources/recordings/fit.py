"""FIT activities (read with fitdecode): records with cadence, fractional cadence, speed and
heart rate; the sport from the ``sport`` or ``session`` message."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from cadence_coach.sources.recordings.activity import Activity, Record, ReplayError, build, number
from cadence_coach.sources.strides import CadenceUnit


def load(path: Path, units: CadenceUnit | None = None) -> Activity:
    """A FIT activity's records (read with fitdecode)."""
    import fitdecode

    found: list[dict[str, object]] = []
    sport: str | None = None
    try:
        with fitdecode.FitReader(str(path)) as fit:
            for frame in fit:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "record":
                    found.append({f.name: f.value for f in frame.fields})
                elif frame.name in ("sport", "session") and sport is None:
                    value = frame.get_value("sport", fallback=None)
                    sport = None if value is None else str(value)
    except FileNotFoundError:
        raise ReplayError(f"{path}: no such file") from None
    except (fitdecode.FitError, OSError, ValueError, KeyError) as err:
        raise ReplayError(
            f"{path}: not a readable FIT file ({type(err).__name__}: {err})"
        ) from None
    timed = [r for r in found if r.get("timestamp") is not None]
    if not timed:
        raise ReplayError(f"{path}: no timed records")
    start = timed[0]["timestamp"]
    records = []
    for r in timed:
        cadence = number(r.get("cadence"))
        if cadence is not None:
            cadence += number(r.get("fractional_cadence")) or 0.0
        records.append(
            Record(
                t=float((r["timestamp"] - start).total_seconds()),  # type: ignore[operator]
                cadence=cadence,
                speed_mps=_speed(r),
                heart_rate_bpm=number(r.get("heart_rate")),
            )
        )
    return build(path, records, sport, units, started_at=_aware(start))


def _speed(record: dict[str, object]) -> float | None:
    for key in ("enhanced_speed", "speed"):
        value = record.get(key)
        if isinstance(value, (int, float)):
            return float(value)
    return None


def _aware(moment: object) -> datetime | None:
    """A record's time with its zone (FIT times are UTC)."""
    if not isinstance(moment, datetime):
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
