"""Accelerometer benchmarks: the step detector's cost per second of signal, the latency from a
step to the cadence the coach sees, and the accuracy per recording against the truth.

Run: make bench  (or .venv/bin/python bench/steps.py [--quick]). Prints figures; asserts
nothing. Accuracy uses the full recordings in ../shared/data/accelerometer when they are
there, else the excerpts in tests/data/accelerometer.
"""

from __future__ import annotations

import argparse
import csv
import math
import statistics
import time
from pathlib import Path

import numpy as np
from scipy.signal import resample_poly

from cadence_coach.coaching.estimator import Estimator
from cadence_coach.sensors.gatt.acc_frame import AccFrame
from cadence_coach.sensors.pmd_stream import AccStream
from cadence_coach.sources.reading import Reading
from cadence_coach.sources.steps.track import analyse

Floats = np.ndarray
ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "accelerometer"
EXCERPTS = ROOT / "tests" / "data" / "accelerometer"
WALKS = ["Samsung_Carmelo_Hard_Armband_1", "Samsung_Dario_Hard_ArmBand_1",
         "Samsung_Dario_Hard_NeckPouch_1", "Pixel_Jamie_Hard_Armband_1",
         "Pixel_Jamie_Hard_NeckPouch_1"]  # fmt: skip
G = 9.80665


def walk(name: str) -> tuple[Floats, Floats, Floats]:
    """Times, acceleration in g, true step times (bounces left out)."""
    if SHARED.exists():
        acc = np.loadtxt(SHARED / "oxford_walk" / f"{name}_acc.csv", delimiter=",", skiprows=1)
        steps = SHARED / "oxford_walk" / f"{name}_steps_gt.csv"
    else:
        acc = np.loadtxt(EXCERPTS / f"{name}_acc.csv.gz", delimiter=",", skiprows=1)
        steps = EXCERPTS / f"{name}_steps_gt.csv"
    with steps.open() as f:
        truth = [float(r["t_s"]) for r in csv.DictReader(f) if r["bounce_suspect"] == "0"]
    return acc[:, 0], acc[:, 1:] / G, np.array(truth)


def trials() -> list[tuple[Floats, Floats, Floats]]:
    """The 31 treadmill runs: times, acceleration in g (no sideways axis), foot contacts."""
    if SHARED.exists():
        folder = SHARED / "alcantara_sacrum_run"
        contacts_path = folder / "contacts_gt.csv"
        parts = [np.loadtxt(folder / f"trial{k:02d}_acc.csv", delimiter=",", skiprows=1)
                 for k in range(1, 32)]  # fmt: skip
    else:
        contacts_path = EXCERPTS / "alcantara_contacts_gt.csv"
        data = np.loadtxt(EXCERPTS / "alcantara_sacrum_run_100hz.csv.gz", delimiter=",",
                          skiprows=1)  # fmt: skip
        parts = [data[data[:, 0] == k][:, 1:] for k in range(1, 32)]
    contacts: dict[int, list[float]] = {}
    with contacts_path.open() as f:
        for r in csv.DictReader(f):
            contacts.setdefault(int(r["trial"][5:]), []).append(float(r["t_foot_on_s"]))
    return [(p[:, 0], np.column_stack([p[:, 1], p[:, 2], np.zeros(len(p))]),
             np.array(contacts[k + 1])) for k, p in enumerate(parts)]  # fmt: skip


def at_rate(t: Floats, xyz: Floats, rate_hz: int) -> tuple[Floats, Floats]:
    fine = np.arange(t[0], t[-1], 1 / 400)
    uniform = np.column_stack([np.interp(fine, t, a) for a in xyz.T])
    down = resample_poly(uniform, rate_hz, 400, axis=0)
    return fine[0] + np.arange(len(down)) / rate_hz, down


def frames(t: Floats, xyz: Floats, rate_hz: int) -> list[AccFrame]:
    """The recording as an H10 would send it: raw 16-bit frames of 36 samples, milli-g."""
    mg = np.round(xyz * 1000).astype(int)
    out = []
    for i in range(0, len(t) - 36, 36):
        samples = tuple((int(a), int(b), int(c)) for a, b, c in mg[i : i + 36])
        out.append(AccFrame(round(t[i + 35] * 1e9), 1, False, samples))
    return out


def cost(quick: bool) -> None:
    t, xyz, _ = walk(WALKS[0])
    print("detector cost, frames of 36 samples through the link's stream (real walk):")
    for rate in (25, 50, 200):
        tr, xr = at_rate(t, xyz, rate)
        stream = frames(tr, xr, rate)
        seconds = len(stream) * 36 / rate
        runs = []
        for _ in range(2 if quick else 5):
            acc = AccStream(rate)
            began = time.process_time()
            for frame in stream:
                acc.update(frame)
            runs.append(time.process_time() - began)
        per_s = statistics.median(runs) / seconds
        print(f"  {rate:>3} Hz: {per_s * 1e6:7.0f} µs of CPU per second of signal "
              f"({per_s * 100:.3f} % of a core)")  # fmt: skip


def latency() -> None:
    t, xyz, _ = walk(WALKS[0])
    track = analyse(t, xyz)
    waits = [s.known_s - s.t_s for s in track.steps]
    print("latency:")
    print(f"  step to detector sure of it: median {statistics.median(waits):.2f} s, "
          f"p95 {np.percentile(waits, 95):.2f} s, max {max(waits):.2f} s")  # fmt: skip
    for rate in (25, 50, 200):
        tr, xr = at_rate(t, xyz, rate)
        seen = []
        stream = AccStream(rate)
        for frame in frames(tr, xr, rate):  # each lands when its last sample is taken
            arrived = frame.timestamp_ns / 1e9
            seen += [math.ceil(arrived) - s for s in stream.update(frame).steps_t_s]
        print(f"  step to the coach's reading, {rate:>3} Hz in frames of 36 samples "
              f"({36 / rate:.2f} s each): median {statistics.median(seen):.2f} s, "
              f"p95 {np.percentile(seen, 95):.2f} s")  # fmt: skip
    switch_latency()


def switch_latency() -> None:
    """A walk, then treadmill runs: seconds from the first running step until the coach's
    estimate is within 3 % of the running cadence."""
    t, xyz, _ = walk(WALKS[0])
    keep = (t >= 10) & (t < 40)
    tw, xw = t[keep] - 10, xyz[keep]
    runs = trials()
    pieces_t, pieces_x, offset = [tw], [xw], float(tw[-1]) + 0.01
    start = offset
    for k in (3, 28, 27, 23):
        tr, xr, _ = runs[k]
        pieces_t.append(tr - tr[0] + offset)
        pieces_x.append(xr)
        offset += float(tr[-1] - tr[0]) + 0.01
    truth = statistics.mean(60 * (len(c) - 1) / (c[-1] - c[0]) for _, _, c in
                            (runs[k] for k in (3, 28, 27, 23)))  # fmt: skip
    track = analyse(np.concatenate(pieces_t), np.concatenate(pieces_x))
    estimator = Estimator()
    caught = None
    for w in track.cadence:
        estimator.update(Reading(w.t_s, "steps", cadence_spm=w.spm,
                                 cadence_confidence=w.confidence))  # fmt: skip
        seen = estimator.estimate(w.t_s).cadence_spm
        if w.t_s > start and seen is not None and abs(seen - truth) <= 0.03 * truth:
            caught = w.t_s - start
            break
    after = "never" if caught is None else f"after {caught:.1f} s"
    print(f"  walk (118 spm) to run ({truth:.0f} spm): the coach's estimate within 3 % {after}")


def windows_within(found: list[float], truth: Floats, end_s: float) -> str:
    """Per 10-s window, the cadence of the steps found against the true steps' cadence."""
    steps = np.array(found)
    hits = total = 0
    for start in np.arange(0.0, end_s - 10, 10.0):
        spans = []
        for times in (steps, truth):
            inside = times[(times >= start) & (times < start + 10)]
            spans.append(
                60 * (len(inside) - 1) / (inside[-1] - inside[0]) if len(inside) > 4 else None
            )
        if spans[1] is None:
            continue
        total += 1
        hits += spans[0] is not None and abs(spans[0] - spans[1]) <= 2
    return f"{hits}/{total}"


def accuracy() -> None:
    where = "full recordings" if SHARED.exists() else "the test excerpts"
    print(f"accuracy ({where}):")
    for name in WALKS:
        t, xyz, truth = walk(name)
        line = f"  {name:<32}"
        for rate in (None, 25, 50):
            tr, xr = (t, xyz) if rate is None else at_rate(t, xyz, rate)
            steps = np.array(analyse(tr, xr).steps_t_s)
            cut = t[-1] - 1
            found, true = int((steps < cut).sum()), int((truth < cut).sum())
            label = "native" if rate is None else f"{rate} Hz"
            line += f"  {label}: {found}/{true} ({100 * (found - true) / true:+.1f} %)"
        print(line)
        print(
            f"  {'':<32}  10-s windows' cadence within 2 spm of the switches': "
            f"{windows_within(analyse(t, xyz).steps_t_s, truth, float(t[-1]))}"
        )
    runs = trials()
    for rate in (None, 25, 50):
        errors = []
        for t, xyz, contacts in runs:
            tr, xr = (t, xyz) if rate is None else at_rate(t, xyz, rate)
            last = analyse(tr, xr).cadence[-1]
            truth = 60 * (len(contacts) - 1) / (contacts[-1] - contacts[0])
            errors.append(abs((last.spm or 0) - truth))
        within = sum(e <= 2 for e in errors)
        label = "native 500 Hz" if SHARED.exists() and rate is None else (
            "native" if rate is None else f"{rate} Hz")  # fmt: skip
        print(f"  runs at {label}: {within}/31 trials within 2 spm, median error "
              f"{statistics.median(errors):.2f} spm, max {max(errors):.2f} spm")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    cost(args.quick)
    latency()
    accuracy()


if __name__ == "__main__":
    main()
