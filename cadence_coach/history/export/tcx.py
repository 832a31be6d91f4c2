"""TCX: a running activity, a trackpoint per second with time, distance (from speed), heart
rate and Garmin's TPX ``RunCadence`` in strides per minute."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.etree import ElementTree as ET

from cadence_coach.coaching.recorder import Row
from cadence_coach.history.records import SessionInfo
from cadence_coach.output_files import replacing

TCX = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
TPX = "http://www.garmin.com/xmlschemas/ActivityExtension/v2"


def write(info: SessionInfo, rows: list[Row], path: Path) -> int:
    """A TCX running activity: one trackpoint per second with time, distance (from speed),
    heart rate and cadence (strides per minute); a second standing still has cadence and
    speed 0, which is how a platform (and our own replay) sees the pause, and the lap's
    time leaves it out. Returns the trackpoints written."""
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
        ET.SubElement(point, f"{{{TCX}}}Time").text = _time(start + timedelta(seconds=r.t))
        distance += (r.speed_mps or 0.0) if r.moving else 0.0
        ET.SubElement(point, f"{{{TCX}}}DistanceMeters").text = f"{distance:.1f}"
        if r.heart_rate_bpm is not None:
            hr = ET.SubElement(point, f"{{{TCX}}}HeartRateBpm")
            ET.SubElement(hr, f"{{{TCX}}}Value").text = str(round(r.heart_rate_bpm))
        tpx = ET.SubElement(ET.SubElement(point, f"{{{TCX}}}Extensions"), f"{{{TPX}}}TPX")
        speed, cadence = (r.speed_mps, r.cadence_spm) if r.moving else (0.0, 0.0)
        if speed is not None:
            ET.SubElement(tpx, f"{{{TPX}}}Speed").text = f"{speed:.2f}"
        if cadence is not None:
            ET.SubElement(tpx, f"{{{TPX}}}RunCadence").text = str(round(cadence / 2))
    total.text = str(sum(r.moving for r in rows))
    distance_total.text = f"{distance:.1f}"
    with replacing(path, "w") as f:
        f.write(ET.tostring(root, encoding="unicode", xml_declaration=True))
    return len(rows)


def _time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
