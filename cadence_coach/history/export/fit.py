"""FIT (with fit-tool): a running activity, a record per second with heart rate, speed,
distance and cadence in strides per minute (whole and 1/128 fractional parts, as the FIT
profile stores running cadence), between timer start and stop events, then a lap, a
session and an activity message.

A pause is kept as platforms read one (Strava documents that it reads the session's timer
and elapsed times and the timer events): the timer stops when the runner stood still and
starts again when they move off, the records meanwhile have cadence and speed 0, and the
timer time leaves the pauses out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.recorder import Event, Row
from cadence_coach.history.records import SessionInfo
from cadence_coach.output_files import replacing


@dataclass
class _Totals:
    distance_m: float = 0.0
    paused_s: float = 0.0
    strides_per_min: list[float] = field(default_factory=list)
    heart_rates: list[float] = field(default_factory=list)


def _pauses(events: list[Event], start_ms: int) -> list[tuple[int, str]]:
    """When the timer stops (the runner stood still) and starts again, in FIT time."""
    out = []
    for e in events:
        if e.kind is EventKind.PAUSE:
            out.append((start_ms + round(e.t * 1000), "stop"))
        elif e.kind is EventKind.RESUME:
            out.append((start_ms + round(e.t * 1000), "start"))
    return out


def write(info: SessionInfo, rows: list[Row], events: list[Event], path: Path) -> int:
    """The records written."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.profile_type import EventType, FileType, Manufacturer

    start_ms = round(datetime.fromisoformat(info.started_at).timestamp()) * 1000
    end_ms = start_ms + round((rows[-1].t + 1) * 1000 if rows else 0)
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = start_ms
    file_id.serial_number = info.id
    builder.add(file_id)
    builder.add(_timer(EventType.START, start_ms))
    totals = _Totals()
    timers = _pauses(events, start_ms)
    for r in rows:
        while timers and timers[0][0] <= start_ms + round(r.t * 1000):
            at_ms, kind = timers.pop(0)
            builder.add(_timer(EventType.STOP_ALL if kind == "stop" else EventType.START, at_ms))
        builder.add(_record(r, start_ms, totals))
    builder.add(_timer(EventType.STOP_ALL, end_ms))
    for message in _closing(start_ms, end_ms, totals):
        builder.add(message)
    data = builder.build().to_bytes()
    with replacing(path) as f:
        f.write(data)
    return len(rows)


def _timer(kind: Any, at_ms: int) -> Any:
    from fit_tool.profile.messages.event_message import EventMessage
    from fit_tool.profile.profile_type import Event

    event = EventMessage()
    event.event = Event.TIMER
    event.event_type = kind
    event.timestamp = at_ms
    return event


def _record(r: Row, start_ms: int, totals: _Totals) -> Any:
    from fit_tool.profile.messages.record_message import RecordMessage

    record = RecordMessage()
    record.timestamp = start_ms + round(r.t * 1000)
    speed, cadence = (r.speed_mps, r.cadence_spm) if r.moving else (0.0, 0.0)
    totals.paused_s += 0 if r.moving else 1
    totals.distance_m += speed or 0.0
    record.distance = totals.distance_m
    if speed is not None:
        record.speed = speed
    if r.heart_rate_bpm is not None:
        record.heart_rate = round(r.heart_rate_bpm)
        totals.heart_rates.append(r.heart_rate_bpm)
    if cadence is not None:
        strides = cadence / 2
        record.cadence = int(strides)
        record.fractional_cadence = strides - int(strides)
        if r.moving:
            totals.strides_per_min.append(strides)
    return record


def _closing(start_ms: int, end_ms: int, totals: _Totals) -> list[Any]:
    """The lap, the session and the activity messages."""
    from fit_tool.profile.messages.activity_message import ActivityMessage
    from fit_tool.profile.messages.lap_message import LapMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.profile_type import Activity, Event, EventType, Sport, SubSport

    elapsed_s = (end_ms - start_ms) / 1000
    timer_s = elapsed_s - totals.paused_s
    lap = LapMessage()
    session = SessionMessage()
    for summary in (lap, session):
        summary.timestamp = end_ms
        summary.start_time = start_ms
        summary.total_elapsed_time = elapsed_s
        summary.total_timer_time = timer_s
        summary.total_distance = totals.distance_m
        summary.sport = Sport.RUNNING
        summary.sub_sport = SubSport.GENERIC
        cadences, hearts = totals.strides_per_min, totals.heart_rates
        if cadences:
            mean = sum(cadences) / len(cadences)
            summary.avg_cadence = int(mean)
            summary.avg_fractional_cadence = mean - int(mean)
        if hearts:
            summary.avg_heart_rate = round(sum(hearts) / len(hearts))
            summary.max_heart_rate = round(max(hearts))
    session.first_lap_index = 0
    session.num_laps = 1
    activity = ActivityMessage()
    activity.timestamp = end_ms
    activity.total_timer_time = timer_s
    activity.num_sessions = 1
    activity.type = Activity.MANUAL
    activity.event = Event.ACTIVITY
    activity.event_type = EventType.STOP
    return [lap, session, activity]
