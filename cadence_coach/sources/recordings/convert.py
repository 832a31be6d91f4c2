"""A recording's records, checked (:mod:`~cadence_coach.sources.recordings.checks`), as
readings in steps per minute: the unit the format fixes, else the runner's ``--units``,
else judged from the data."""

from __future__ import annotations

from pathlib import Path

from cadence_coach.sources.reading import Reading
from cadence_coach.sources.recordings import checks
from cadence_coach.sources.recordings.activity import (
    MOVING_SPM,
    Activity,
    Record,
    Recording,
    ReplayError,
)
from cadence_coach.sources.strides import CadenceUnit, recording_unit

RUNNING_SPORTS = {"running", "run", "walking", "hiking", "training", "generic", "transition",
                  "other", "treadmill", "trail running"}  # fmt: skip


def build(path: Path, recording: Recording, units: CadenceUnit | None) -> Activity:
    """The readings of a recording, once its times and values are checked; what was left
    out is in the activity's notes."""
    sport = recording.sport
    if sport is not None and sport.lower() not in RUNNING_SPORTS:
        raise ReplayError(f"{path}: a {sport} activity, not a run")
    stretch = checks.in_time(path, recording.records, recording.started_at)
    kept = (recording.records[i] for i in stretch.indices)
    with_cadence = [r for r in kept if r.cadence is not None]
    if not with_cadence:
        raise ReplayError(f"{path}: no cadence in its records")
    raw = [float(r.cadence) for r in with_cadence if r.cadence is not None]
    try:
        unit, why = recording_unit(raw, [r.speed_mps for r in with_cadence])
    except ValueError:
        raise ReplayError(f"{path}: its cadence is zero throughout") from None
    what, how = recording.held or (unit, why)
    if units is not None:
        what, how = units, "as you said (--units)"
    readings, too_quick = _readings(with_cadence, raw, what, stretch.t0)
    if not any(r.cadence_spm and r.cadence_spm > MOVING_SPM for r in readings):
        raise ReplayError(
            f"{path}: no cadence above {MOVING_SPM:g} steps a minute: nothing moving to replay"
        )
    said = checks.dropped_note(recording.dropped + too_quick)
    notes = stretch.notes
    if recording.damage:
        notes = (f"{path.name} is damaged ({recording.damage}): replaying what could be read",
                 *notes)  # fmt: skip
    return Activity(
        str(path),
        readings,
        what,
        how,
        sport,
        stretch.started_at,
        (*notes, *([said] if said else [])),
    )


def _readings(
    records: list[Record], raw: list[float], unit: CadenceUnit, t0: float
) -> tuple[tuple[Reading, ...], int]:
    """The records as readings in steps per minute, from ``t0``; a cadence no runner
    reaches once converted is not used, and counted."""
    factor = 2.0 if unit is CadenceUnit.STRIDES else 1.0
    out, too_quick = [], 0
    for r, cadence in zip(records, raw, strict=True):
        spm: float | None = cadence * factor
        if spm is not None and spm > checks.MAX_CADENCE_SPM:
            spm, too_quick = None, too_quick + 1
        out.append(
            Reading(
                t=r.t - t0,
                source="replay",
                cadence_spm=spm,
                speed_mps=r.speed_mps,
                heart_rate_bpm=r.heart_rate_bpm,
            )
        )
    out.sort(key=lambda reading: reading.t)
    return tuple(out), too_quick
