"""Coach benchmarks: simulation speed, cue latency, CPU and memory of a live session.

Run: make bench  (or .venv/bin/python bench/coach.py [--quick]). Prints figures; asserts
nothing. The live figure plays a real session through a private PulseAudio null sink.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from procstat import cpu_seconds, peak_rss_mb

from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.emulation.pulse import PulseUnavailable, private_pulse
from cadence_coach.session.loop import Conductor, build_chain, run_session, session_mixer
from cadence_coach.session.settings import RunSettings
from cadence_coach.sources.simulated import RunnerModel, SimEvent, SimEventKind, typical_events
from cadence_coach.speech.phrases import session_texts
from cadence_coach.speech.speaker import make_speaker

FS = 48_000
BLOCK = 480


def settings(minutes: float, events: tuple[SimEvent, ...]) -> RunSettings:
    segment = Segment("run", minutes * 60, 172.0, (166.8, 177.2), MetronomeMode.ON)
    return RunSettings(CoachConfig((segment,)), runner=RunnerModel(habitual_spm=164),
                       events=events)  # fmt: skip


def simulation_time() -> float:
    run = settings(60, typical_events(3600, 1))
    t0 = time.perf_counter()
    run_session(run)
    return time.perf_counter() - t0


def cue_latency() -> list[int]:
    """Samples from the coach step that crosses the dwell to the cue's first sample, for
    each drift cue of a 20-minute session rendered in 10 ms blocks."""
    lapses = tuple(
        SimEvent(SimEventKind.LAPSE, t, 60.0, 0.92) for t in (120.0, 420.0, 720.0, 1020.0)
    )
    run = settings(20, lapses)
    chain = build_chain(run)
    mixer = session_mixer(run, 0.0)
    speaker = make_speaker(mixer, notify=print)
    speaker.prepare(session_texts(run.config))
    conductor = Conductor(chain, mixer, speaker, ())
    out = np.zeros((BLOCK, 1), dtype=np.float32)
    try:
        while not chain.finished:
            conductor.tick(mixer.frames / FS)
            mixer.render(out)
    finally:
        speaker.close()
    return [
        handle.started_at - round(asked_s * FS)
        for cue, asked_s, handle in speaker.history
        if cue.key.startswith("cadence_") and handle.started_at is not None
    ]


def live_session(minutes: float) -> tuple[float, float]:
    """CPU share of one core and peak memory of `cadence-coach run` playing live."""
    with (
        tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as folder,
        private_pulse(Path(folder)) as env,
    ):
        command = [sys.executable, "-m", "cadence_coach", "run", "--habitual", "164",
                   "--duration", f"{minutes:g}m", "--device", "pulse"]  # fmt: skip
        proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        time.sleep(6.0)  # imports, speech preparation, stream start
        c0, t0 = cpu_seconds(proc.pid), time.monotonic()
        while proc.poll() is None and time.monotonic() - t0 < minutes * 60 - 10:
            time.sleep(1.0)
            peak = peak_rss_mb(proc.pid)
        c1, t1 = cpu_seconds(proc.pid), time.monotonic()
        proc.wait()
    return (c1 - c0) / (t1 - t0), peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a 2-minute live session")
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"simulate a 60-minute session (no audio): {simulation_time() * 1e3:.0f} ms "
        "(target under 1 s)"
    )
    delays = cue_latency()
    print(
        f"dwell crossed to the cue's first sample in the mix ({len(delays)} drift cues, "
        f"{BLOCK}-frame blocks): max {max(delays)} samples = {max(delays) / FS * 1e3:.1f} ms; "
        "(decisions land on block starts); live adds up to one session tick (0.1 s) and one "
        "block before the first sample, then the stream's output buffer"
    )
    minutes = 2.0 if args.quick else 10.0
    try:
        share, peak = live_session(minutes)
        print(
            f"live {minutes:g}-minute session with the simulated runner through PulseAudio: "
            f"{share:.2%} of one core, peak memory {peak:.0f} MB"
        )
    except PulseUnavailable as err:
        print(f"live session: not measured ({err})")


if __name__ == "__main__":
    main()
