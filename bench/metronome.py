"""Metronome benchmarks: onset accuracy, callback cost, live CPU share, render speed, --help time.

Run: make bench  (or .venv/bin/python bench/metronome.py [--quick]). Prints figures; asserts
nothing. The live CPU figure starts a private PulseAudio server with a null sink.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from procstat import cpu_seconds

from cadence_coach.audio.beats import make_change
from cadence_coach.audio.files import render as render_wav
from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.voices import load_voice
from cadence_coach.emulation.pulse import PulseUnavailable, private_pulse

FS = 48_000
BLOCK = 480  # 10 ms
LIVE_SETTINGS = ((480, 0.05), (1024, 0.1), (2048, 0.3), (4096, 0.5))
"""(blocksize, latency in seconds) pairs measured live; (2048, 0.3) is the default."""


def onset_error(bpm: Fraction, seconds: int) -> int:
    """Largest distance in samples between a rendered onset and round(k * 60 * fs / bpm)."""
    mixer = Mixer(FS, ClickParams(load_voice("click", FS)), bpm)
    buf = np.zeros((BLOCK, 1), dtype=np.float32)
    change = make_change(bpm, FS, serial=0)
    worst, k, last_nonzero = 0, 0, -(10**9)
    for block in range(seconds * FS // BLOCK):
        mixer.render(buf)
        nz = np.flatnonzero(buf[:, 0])
        if len(nz):
            absolute = nz + block * BLOCK
            previous = np.r_[last_nonzero, absolute[:-1]]
            for onset in absolute[absolute - previous > 32]:
                worst = max(worst, abs(int(onset) - change.offset(k)))
                k += 1
            last_nonzero = int(absolute[-1])
    return worst


def callback_cost(blocks: int) -> tuple[float, float]:
    """p50 and p99 of one 10 ms render (stereo, clicks with accents), in microseconds."""
    mixer = Mixer(FS, ClickParams(load_voice("wood", FS), accent_every=2), Fraction("171.3"))
    out = np.zeros((BLOCK, 2), dtype=np.float32)
    times = np.empty(blocks)
    for i in range(blocks):
        t0 = time.perf_counter_ns()
        mixer.render(out)
        times[i] = time.perf_counter_ns() - t0
    return float(np.percentile(times, 50)) / 1e3, float(np.percentile(times, 99)) / 1e3


def render_speed(seconds: int) -> float:
    """Offline render to a WAV file: audio seconds per wall second."""
    mixer = Mixer(FS, ClickParams(load_voice("click", FS)), Fraction(172))
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        render_wav(mixer, Path(folder) / "r.wav", seconds * FS)
        return seconds / (time.perf_counter() - t0)


BARE_STREAM = """
import sys, time, sounddevice as sd
def callback(outdata, frames, time_info, status):
    outdata.fill(0)
with sd.OutputStream(samplerate=int(sys.argv[1]), blocksize=int(sys.argv[2]), device="pulse",
                     channels=2, dtype="float32", latency=float(sys.argv[3]), callback=callback):
    time.sleep(3600)
"""
"""The host path's floor: a sounddevice stream whose callback only writes silence."""


def live_cpu_share(
    env: dict[str, str], blocksize: int, latency: float, seconds: float, *, bare: bool = False
) -> float:
    """CPU share of one core used by `cadence-coach metronome` playing on the null sink
    (or, with ``bare``, by an empty sounddevice stream at the same settings)."""
    if bare:
        command = [sys.executable, "-c", BARE_STREAM, str(FS), str(blocksize), str(latency)]
    else:
        command = [sys.executable, "-m", "cadence_coach", "metronome", "--bpm", "172"]
        command += ["--device", "pulse", "--samplerate", str(FS)]
        command += ["--blocksize", str(blocksize), "--latency", str(latency)]
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    try:
        time.sleep(4.0)  # start-up (imports, voice loading, stream start) is not steady state
        c0, t0 = cpu_seconds(proc.pid), time.monotonic()
        time.sleep(seconds)
        c1, t1 = cpu_seconds(proc.pid), time.monotonic()
    finally:
        proc.terminate()
        proc.wait()
    return (c1 - c0) / (t1 - t0)


def help_time(runs: int) -> float:
    exe = Path(sys.executable).with_name("cadence-coach")
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([str(exe), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="shorter runs, rougher figures")
    args = parser.parse_args()
    hour = 600 if args.quick else 3600
    live_s = 10.0 if args.quick else 60.0

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"onset error over {hour} s at 171.3 bpm, 480-frame blocks: "
        f"{onset_error(Fraction('171.3'), hour)} samples (target 0)"
    )
    p50, p99 = callback_cost(20_000 if args.quick else 200_000)
    block_us = BLOCK / FS * 1e6
    print(
        f"callback per 10 ms block: p50 {p50:.1f} us ({p50 / block_us:.2%} of real time), "
        f"p99 {p99:.1f} us ({p99 / block_us:.2%}; target under 2%)"
    )
    print(f"offline render: {render_speed(60 if args.quick else 600):.0f}x real time")
    print(
        f"cadence-coach --help: {help_time(5 if args.quick else 15) * 1e3:.0f} ms median "
        "(target under 300 ms)"
    )
    try:
        with (
            tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder,
            private_pulse(Path(folder)) as env,
        ):
            for blocksize, latency in LIVE_SETTINGS:
                share = live_cpu_share(env, blocksize, latency, live_s)
                floor = live_cpu_share(env, blocksize, latency, live_s, bare=True)
                print(
                    f"live playback at 172 bpm through PulseAudio, blocksize {blocksize}, "
                    f"latency {latency} s: {share:.3%} of one core over {live_s:.0f} s; "
                    f"an empty sounddevice stream: {floor:.3%} (gtick reference: 0.07%)"
                )
    except PulseUnavailable as err:
        print(f"live playback: not measured ({err})")


if __name__ == "__main__":
    main()
