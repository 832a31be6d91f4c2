"""Recordings written by hand from the real FIT files in tests/data (no project code): the
same runs as TCX, GPX and our CSV, and byte-level edits of the FIT files themselves."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any


def fit_records(path: Path) -> list[dict[str, Any]]:
    """The fixture's timed records, read with fitdecode: what the TCX and GPX copies hold."""
    import fitdecode

    out = []
    with fitdecode.FitReader(str(path)) as fit:
        for frame in fit:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                values = {f.name: f.value for f in frame.fields}
                if values.get("timestamp") is not None:
                    out.append(values)
    return out


def as_tcx(records: list[dict[str, Any]], sport: str = "Running") -> str:
    """A TCX file written by hand from the records (Garmin's layout, no project code)."""
    points = []
    for r in records:
        parts = [f"<Time>{r['timestamp'].strftime('%Y-%m-%dT%H:%M:%SZ')}</Time>"]
        if r.get("heart_rate"):
            parts.append(f"<HeartRateBpm><Value>{r['heart_rate']}</Value></HeartRateBpm>")
        ext = []
        if r.get("speed") is not None:
            ext.append(f"<ns3:Speed>{r['speed']}</ns3:Speed>")
        if r.get("cadence") is not None:
            ext.append(f"<ns3:RunCadence>{r['cadence']}</ns3:RunCadence>")
        parts.append(f"<Extensions><ns3:TPX>{''.join(ext)}</ns3:TPX></Extensions>")
        points.append(f"<Trackpoint>{''.join(parts)}</Trackpoint>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
        ' xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">'
        f'<Activities><Activity Sport="{sport}"><Id>x</Id><Lap StartTime="x"><Track>'
        + "".join(points)
        + "</Track></Lap></Activity></Activities></TrainingCenterDatabase>"
    )


def as_gpx(records: list[dict[str, Any]], kind: str = "running") -> str:
    """A GPX track written by hand from the records that have a position."""
    degrees = 180 / 2**31
    points = []
    for r in records:
        if r.get("position_lat") is None or r.get("position_long") is None:
            continue
        ext = []
        if r.get("heart_rate"):
            ext.append(f"<gpxtpx:hr>{r['heart_rate']}</gpxtpx:hr>")
        if r.get("cadence") is not None:
            ext.append(f"<gpxtpx:cad>{r['cadence']}</gpxtpx:cad>")
        lat, lon = r["position_lat"] * degrees, r["position_long"] * degrees
        points.append(
            f'<trkpt lat="{lat:.7f}" lon="{lon:.7f}">'
            f"<time>{r['timestamp'].strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
            f"<extensions><gpxtpx:TrackPointExtension>{''.join(ext)}"
            "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><gpx version="1.1" creator="test"'
        ' xmlns="http://www.topografix.com/GPX/1/1"'
        ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><type>{kind}</type><trkseg>" + "".join(points) + "</trkseg></trk></gpx>"
    )


def as_csv(records: list[dict[str, Any]]) -> str:
    """Our CSV (``export --format csv``) written by hand: seconds, steps per minute, speed."""
    start = records[0]["timestamp"]
    lines = ["t_s,cadence_spm,speed_mps,heart_rate_bpm"]
    for r in records:
        cadence = "" if r.get("cadence") is None else f"{2 * r['cadence']:g}"
        speed = r.get("enhanced_speed", r.get("speed"))
        lines.append(
            f"{(r['timestamp'] - start).total_seconds():g},{cadence},"
            f"{'' if speed is None else speed},{r.get('heart_rate') or ''}"
        )
    return "\n".join(lines) + "\n"


def timestamp_offsets(path: Path) -> list[tuple[int, str]]:
    """Where each record's timestamp lies in a FIT file, and its byte order."""
    import fitdecode

    out = []
    with fitdecode.FitReader(str(path), keep_raw_chunks=True) as fit:
        for frame in fit:
            if not isinstance(frame, fitdecode.FitDataMessage) or frame.name != "record":
                continue
            at = frame.chunk.offset + 1  # the record header byte
            for field in frame.def_mesg.field_defs:
                if field.def_num == 253:
                    out.append((at, "<" if frame.def_mesg.endian == "<" else ">"))
                    break
                at += field.size
    return out


def with_crc(data: bytes | bytearray) -> bytes:
    """A FIT file's bytes with its closing checksum made right again, as a device that
    wrote a wrong value would have written it."""
    from fitdecode.utils import compute_crc

    body = bytes(data[:-2])
    return body + struct.pack("<H", compute_crc(body))
