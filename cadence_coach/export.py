"""Exports of stored sessions to the files runners use: CSV, and TCX and FIT for platforms.

A shell at the end of the chain: it reads the store and writes files. TCX holds running
cadence as strides per minute (Garmin's TPX ``RunCadence``), and so does FIT, as platforms
expect, so steps are halved here; CSV keeps steps.
"""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from cadence_coach.errors import SoundFileError
from cadence_coach.store import SessionInfo

CSV_COLUMNS = (
    "t_s", "segment", "target_spm", "zone_low_spm", "zone_high_spm", "cadence_spm",
    "heart_rate_bpm", "speed_mps", "moving", "sensor", "metronome", "in_zone", "incline_pct",
)  # fmt: skip
TCX = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TPX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"


def _rows(samples: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Store rows as named values (the samples table's column order)."""
    names = ("session_id", "t_s", "segment", "target_spm", "zone_low_spm", "zone_high_spm",
             "cadence_spm", "heart_rate_bpm", "speed_mps", "moving", "sensor", "metronome",
             "coached", "in_zone", "incline_pct")  # fmt: skip
    return [dict(zip(names, row, strict=True)) for row in samples]


def _open(path: Path) -> Any:
    try:
        return path.open("w", newline="", encoding="utf-8")
    except OSError as err:
        raise SoundFileError(f"cannot write {path}: {err.strerror or err}", str(path)) from None


def write_csv(samples: list[tuple[Any, ...]], path: Path) -> int:
    """One row per second, with a header; returns the rows written."""
    rows = _rows(samples)
    with _open(path) as f:
        writer = csv.writer(f)
        writer.writerow(CSV_COLUMNS)
        for r in rows:
            writer.writerow(["" if r[c] is None else r[c] for c in CSV_COLUMNS])
    return len(rows)


def write_tcx(info: SessionInfo, samples: list[tuple[Any, ...]], path: Path) -> int:
    """A TCX running activity: one trackpoint per second with time, distance (from speed),
    heart rate and cadence (strides per minute). Returns the trackpoints written."""
    rows = _rows(samples)
    start = datetime.fromisoformat(info.started_at).astimezone(UTC)
    ET.register_namespace("", TCX)
    ET.register_namespace("ax", TPX)
    root = ET.Element(f"{{{TCX}}}TrainingCenterDatabase")
    activity = ET.SubElement(ET.SubElement(root, f"{{{TCX}}}Activities"), f"{{{TCX}}}Activity",
                             Sport="Running")  # fmt: skip
    stamp = _time(start)
    ET.SubElement(activity, f"{{{TCX}}}Id").text = stamp
    lap = ET.SubElement(activity, f"{{{TCX}}}Lap", StartTime=stamp)
    total = ET.SubElement(lap, f"{{{TCX}}}TotalTimeSeconds")
    distance_total = ET.SubElement(lap, f"{{{TCX}}}DistanceMeters")
    ET.SubElement(lap, f"{{{TCX}}}Calories").text = "0"
    ET.SubElement(lap, f"{{{TCX}}}Intensity").text = "Active"
    ET.SubElement(lap, f"{{{TCX}}}TriggerMethod").text = "Manual"
    track = ET.SubElement(lap, f"{{{TCX}}}Track")
    distance = 0.0
    for r in rows:
        point = ET.SubElement(track, f"{{{TCX}}}Trackpoint")
        ET.SubElement(point, f"{{{TCX}}}Time").text = _time(start + timedelta(seconds=r["t_s"]))
        distance += r["speed_mps"] or 0.0
        ET.SubElement(point, f"{{{TCX}}}DistanceMeters").text = f"{distance:.1f}"
        if r["heart_rate_bpm"] is not None:
            hr = ET.SubElement(point, f"{{{TCX}}}HeartRateBpm")
            ET.SubElement(hr, f"{{{TCX}}}Value").text = str(round(r["heart_rate_bpm"]))
        tpx = ET.SubElement(ET.SubElement(point, f"{{{TCX}}}Extensions"), f"{{{TPX}}}TPX")
        if r["speed_mps"] is not None:
            ET.SubElement(tpx, f"{{{TPX}}}Speed").text = f"{r['speed_mps']:.2f}"
        if r["cadence_spm"] is not None:
            ET.SubElement(tpx, f"{{{TPX}}}RunCadence").text = str(round(r["cadence_spm"] / 2))
    total.text = str(len(rows))
    distance_total.text = f"{distance:.1f}"
    with _open(path) as f:
        f.write(ET.tostring(root, encoding="unicode", xml_declaration=True))
    return len(rows)


def write_fit(info: SessionInfo, samples: list[tuple[Any, ...]], path: Path) -> int:
    """A FIT running activity (with fit-tool): a record per second with heart rate, speed,
    distance and cadence in strides per minute (whole and 1/128 fractional parts, as the
    FIT profile stores running cadence), between timer start and stop events, then a lap, a
    session and an activity message. Returns the records written."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.activity_message import ActivityMessage
    from fit_tool.profile.messages.event_message import EventMessage
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.lap_message import LapMessage
    from fit_tool.profile.messages.record_message import RecordMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.profile_type import (
        Activity,
        Event,
        EventType,
        FileType,
        Manufacturer,
        Sport,
        SubSport,
    )

    rows = _rows(samples)
    start_ms = round(datetime.fromisoformat(info.started_at).timestamp()) * 1000
    end_ms = start_ms + round((rows[-1]["t_s"] + 1) * 1000 if rows else 0)
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = start_ms
    file_id.serial_number = info.id
    builder.add(file_id)

    def timer(kind: EventType, at_ms: int) -> EventMessage:
        event = EventMessage()
        event.event = Event.TIMER
        event.event_type = kind
        event.timestamp = at_ms
        return event

    builder.add(timer(EventType.START, start_ms))
    distance = 0.0
    cadences: list[float] = []
    hearts: list[float] = []
    for r in rows:
        record = RecordMessage()
        record.timestamp = start_ms + round(r["t_s"] * 1000)
        speed = r["speed_mps"]
        distance += speed or 0.0
        record.distance = distance
        if speed is not None:
            record.speed = speed
        if r["heart_rate_bpm"] is not None:
            record.heart_rate = round(r["heart_rate_bpm"])
            hearts.append(r["heart_rate_bpm"])
        if r["cadence_spm"] is not None:
            strides = r["cadence_spm"] / 2
            record.cadence = int(strides)
            record.fractional_cadence = strides - int(strides)
            cadences.append(strides)
        builder.add(record)
    builder.add(timer(EventType.STOP_ALL, end_ms))
    elapsed_s = (end_ms - start_ms) / 1000

    lap = LapMessage()
    session = SessionMessage()
    for summary in (lap, session):
        summary.timestamp = end_ms
        summary.start_time = start_ms
        summary.total_elapsed_time = elapsed_s
        summary.total_timer_time = elapsed_s
        summary.total_distance = distance
        summary.sport = Sport.RUNNING
        summary.sub_sport = SubSport.GENERIC
        if cadences:
            mean = sum(cadences) / len(cadences)
            summary.avg_cadence = int(mean)
            summary.avg_fractional_cadence = mean - int(mean)
        if hearts:
            summary.avg_heart_rate = round(sum(hearts) / len(hearts))
            summary.max_heart_rate = round(max(hearts))
    builder.add(lap)
    session.first_lap_index = 0
    session.num_laps = 1
    builder.add(session)
    activity = ActivityMessage()
    activity.timestamp = end_ms
    activity.total_timer_time = elapsed_s
    activity.num_sessions = 1
    activity.type = Activity.MANUAL
    activity.event = Event.ACTIVITY
    activity.event_type = EventType.STOP
    builder.add(activity)
    try:
        builder.build().to_file(str(path))
    except OSError as err:
        raise SoundFileError(f"cannot write {path}: {err.strerror or err}", str(path)) from None
    return len(rows)


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
