"""--power: what each mode costs in CPU, and how late a cue is heard in it.

Run: .venv/bin/python bench/power.py [--seconds 40]. Prints figures; asserts nothing. Each
mode plays a live free run with the simulated runner through a private PulseAudio null
sink, the status asked for every ten seconds (as a button would: a phrase rendered on
demand). CPU is this process's (user + system) over the session's wall time; a cue's delay
is from the press to its first sample in the mix, plus the output buffer it then waits in.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cadence_coach.emulation.pulse import PulseUnavailable, private_pulse


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=40.0)
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    try:
        with private_pulse(Path(tempfile.mkdtemp())) as env:
            os.environ.update(env)
            measure(args.seconds)
    except PulseUnavailable as err:
        print(f"no PulseAudio: {err}")


def measure(seconds: float) -> None:
    from cadence_coach.audio.devices import resolve_device
    from cadence_coach.coaching.segments import MetronomeMode
    from cadence_coach.plans.setup import free_run
    from cadence_coach.session.controls import Command, Controls
    from cadence_coach.session.loop import run_session
    from cadence_coach.session.outputs import POWER
    from cadence_coach.session.settings import simulated
    from cadence_coach.session.steering import Steering

    class Presses(Steering):
        """Status asked for at fixed mixer times."""

        def __init__(self, at_s: list[float]) -> None:
            super().__init__(Controls())
            self.at_s = at_s
            self.pressed: list[int] = []

        def tick(self, frames: int) -> float:
            fs = self.clock.fs
            while self.at_s and self.at_s[0] * fs <= frames:
                self.at_s.pop(0)
                self.pressed.append(frames)
                self.controls.press(Command.STATUS, "bench")
            return super().tick(frames)

    device = resolve_device("pulse")
    setup = free_run(172, None, 164, None, seconds, MetronomeMode.ON)
    heard = "status cue heard after press (median, max)"
    print(f"| mode | blocksize | latency | tick | CPU share of one core | {heard} |")
    print("|---|---|---|---|---|---|")
    for name, power in POWER.items():
        settings = simulated(setup, seed=1)
        steering = Presses([t for t in range(10, int(seconds), 10)])
        output = power.stream(device)
        cpu0, wall0 = time.process_time(), time.monotonic()
        run_session(settings, output, notify=lambda _: None, steering=steering)
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
        speaker = steering._speaker
        assert speaker is not None
        fs = device.default_samplerate
        started = [h.started_at for c, _, h in speaker.history if c.key == "status"]
        delays = [
            (s - p) / fs + power.latency_s
            for s, p in zip(started, steering.pressed, strict=False)
            if s is not None
        ]
        print(
            f"| {name} | {power.blocksize} | {power.latency_s} s | {power.tick_s} s | "
            f"{cpu / wall:.2%} | {statistics.median(delays):.2f} s, {max(delays):.2f} s |"
        )


if __name__ == "__main__":
    main()
