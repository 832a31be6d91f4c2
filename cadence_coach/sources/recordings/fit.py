"""FIT activities (read with fitdecode, its checksum checked): records with cadence,
fractional cadence, speed and heart rate; the sport from the ``sport`` or ``session``
message. ``damaged``: a file whose checksum fails, or that cannot be read to its end, gives
what could be read before the damage, and says so."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from cadence_coach.sources.recordings.activity import Recording, ReplayError, number
from cadence_coach.sources.recordings.checks import Records

DAMAGED_HINT = "`replay --damaged` reads what it can"


class _Found:
    """What has been read so far: kept if the rest of the file turns out damaged."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records = Records(path)
        self.start: datetime | None = None
        self.sport: str | None = None
        self.bad_checksum = False

    def add(self, frame: Any) -> None:
        if frame.name == "record":
            self._record({f.name: f.value for f in frame.fields})
        elif frame.name in ("sport", "session") and self.sport is None:
            value = frame.get_value("sport", fallback=None)
            self.sport = None if value is None else str(value)

    def _record(self, values: dict[str, object]) -> None:
        moment = values.get("timestamp")
        if not isinstance(moment, datetime):
            return
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # FIT times are UTC
        if self.start is None:
            self.start = moment
        cadence = number(values.get("cadence"))
        if cadence is not None:
            cadence += number(values.get("fractional_cadence")) or 0.0
        self.records.add(
            (moment - self.start).total_seconds(),
            cadence,
            _speed(values),
            number(values.get("heart_rate")),
        )


def read(f: IO[bytes], path: Path, damaged: bool = False) -> Recording:
    """A FIT activity's records; a file whose checksum fails is refused unless
    ``damaged``."""
    import fitdecode

    found = _Found(path)
    crc = fitdecode.CrcCheck.READONLY if damaged else fitdecode.CrcCheck.RAISE
    damage = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # fitdecode warns of what it skips; we say it
            for frame in fitdecode.FitReader(f, check_crc=crc):
                if isinstance(frame, fitdecode.FitDataMessage):
                    found.add(frame)
                elif isinstance(frame, fitdecode.FitCRC) and not frame.matched:
                    found.bad_checksum = True
    except ReplayError:
        raise
    except fitdecode.FitCRCError:
        raise ReplayError(
            f"{path}: damaged: its checksum does not match ({DAMAGED_HINT})"
        ) from None
    except Exception as err:  # fitdecode raises anything at all on a damaged file
        if not damaged or not found.records:
            hint = f"; {DAMAGED_HINT}" if found.records else ""
            raise ReplayError(f"{path}: not a readable FIT file ({_said(err)}){hint}") from None
        damage = f"unreadable after {len(found.records):,} records: {_said(err)}"
    if found.bad_checksum and damage is None:
        damage = "its checksum does not match"
    records = found.records
    return Recording(
        records.found, found.sport, found.start, damage=damage, dropped=records.dropped
    )


def _said(err: Exception) -> str:
    """An error from fitdecode in a few words, on one line."""
    text = " ".join(str(err).split())[:120]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def _speed(record: dict[str, object]) -> float | None:
    for key in ("enhanced_speed", "speed"):
        value = number(record.get(key))
        if value is not None:
            return value
    return None
