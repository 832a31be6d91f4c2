"""Sensor benchmarks: decode throughput, notification-to-coach latency, reconnection time.

Run: make bench  (or .venv/bin/python bench/sensors.py [--quick]). Prints figures; asserts
nothing. The radio figures use emulated bumble sensors on a virtual link, read through the
project's own bleak code, so they measure the software path, not a real radio's air time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import threading
import time
import timeit

from bumble.link import LocalLink

from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.emulation import bleak_backend as bumble_bleak
from cadence_coach.emulation.peripheral import Emulated
from cadence_coach.emulation.sensors import footpod
from cadence_coach.sensors import bluetooth
from cadence_coach.sensors.gatt import (
    HeartRateMeasurement,
    RscMeasurement,
    SensorContact,
    TreadmillData,
)
from cadence_coach.sensors.hub import SensorHub
from cadence_coach.sensors.link import Backoff, SensorLink
from cadence_coach.sensors.thread import SensorThread
from cadence_coach.sources.live import LiveSource
from cadence_coach.sources.reading import Reading
from cadence_coach.speech.phrases import PhraseBook


def decode_rates() -> None:
    packets = {
        "RSC, every field": (
            RscMeasurement.from_bytes,
            RscMeasurement(3.1, 86, 1.08, 1234.5, True).to_bytes(),
        ),
        "heart rate, 16-bit + energy + 4 RR": (
            HeartRateMeasurement.from_bytes,
            HeartRateMeasurement(150, SensorContact.DETECTED, 300, (0.4,) * 4, True).to_bytes(),
        ),
        "treadmill, speed + distance + incline + energy": (
            TreadmillData.from_bytes,
            TreadmillData(
                speed_kmh=10.8,
                total_distance_m=5000,
                inclination_pct=1.5,
                ramp_angle_deg=None,
                total_energy_kcal=300,
                energy_per_hour_kcal=None,
                energy_per_minute_kcal=None,
                elapsed_time_s=1800,
            ).to_bytes(),
        ),
    }
    for name, (decode, data) in packets.items():
        n = 100_000
        took = min(timeit.repeat(lambda d=data, f=decode: f(d), number=n, repeat=3))  # type: ignore[misc]
        print(
            f"  decode {name} ({len(data)} bytes): {n / took:,.0f} per s ({took / n * 1e6:.1f} µs)"
        )


class _Radio:
    def __init__(self) -> None:
        os.environ[bluetooth.BACKEND_ENV] = "cadence_coach.emulation.bleak_backend"
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        self.link = LocalLink()  # type: ignore[no-untyped-call]
        bumble_bleak.use_link(self.link)

    def call(self, coro: object, timeout_s: float = 30) -> object:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout_s)  # type: ignore[arg-type]

    def footpod(self) -> Emulated:
        async def make() -> Emulated:
            pod = footpod(self.link)
            await pod.start()
            return pod

        pod = self.call(make())
        assert isinstance(pod, Emulated)
        return pod


class _Timed(LiveSource):
    """Notes how old the newest notification is when the session takes a reading."""

    def __init__(self, hub: SensorHub) -> None:
        super().__init__(hub)
        self.ages: list[float] = []

    def reading(self, t: float) -> Reading | None:
        last = self.hub.last_packet
        reading = super().reading(t)
        if reading is not None and last is not None:
            self.ages.append(time.monotonic() - last)
        return reading


def radio_figures(radio: _Radio, seconds: float, drops: int) -> None:
    pod = radio.footpod()
    hub = SensorHub()
    link = SensorLink("Stride Sensor", hub, backoff=Backoff(first_s=0.0, jitter=0.0))
    sensors = SensorThread([link], loop=radio.loop)
    sensors.start()

    # radio path: notify on the peripheral -> decoded in the hub
    hops = []
    for i in range(50):
        before = hub.last_packet
        sent = time.monotonic()
        radio.call(pod.notify(i))
        while hub.last_packet == before:
            time.sleep(0.0002)
        assert hub.last_packet is not None
        hops.append(hub.last_packet - sent)
    print(
        f"  notification -> decoded in the hub: median {statistics.median(hops) * 1e3:.2f} ms, "
        f"max {max(hops) * 1e3:.2f} ms (50 notifications, virtual link)"
    )

    # the session takes one reading a second on its own clock, ticked every 0.1 s as live
    async def notify_forever() -> None:
        i = 0
        while True:
            await pod.notify(i)
            i += 1
            await asyncio.sleep(0.97)  # not in step with the session's clock, as in life

    task = asyncio.run_coroutine_threadsafe(notify_forever(), radio.loop)
    seg = Segment("run", 3600.0, 172.0, (167.0, 177.0), MetronomeMode.ON)
    source = _Timed(hub)
    chain = CoachingChain(CoachConfig((seg,), grace_s=0), source, PhraseBook())
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        chain.advance(time.monotonic() - began)
        time.sleep(0.1)
    task.cancel()
    ages = sorted(source.ages)
    print(
        f"  notification -> taken by the coach: median {statistics.median(ages):.2f} s, "
        f"p95 {ages[int(0.95 * (len(ages) - 1))]:.2f} s, max {ages[-1]:.2f} s "
        f"({len(ages)} readings, a 0.97 s sensor, 1 Hz reading grid, 0.1 s tick)"
    )

    # reconnection after a forced drop, with no backoff wait and with the default first wait
    for backoff in (Backoff(first_s=0.0, jitter=0.0), Backoff()):
        link.backoff = backoff
        times = []
        for _ in range(drops):
            connects = link.connects
            dropped = time.monotonic()
            radio.call(pod.drop())
            while link.connects == connects:
                time.sleep(0.001)
            times.append(time.monotonic() - dropped)
        label = "no wait" if backoff.first_s == 0 else f"first wait {backoff.first_s:g} s ± 30 %"
        print(
            f"  reconnection after a drop ({label}): median {statistics.median(times):.3f} s, "
            f"max {max(times):.3f} s ({drops} drops)"
        )
    sensors.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print("sensors")
    decode_rates()
    radio_figures(_Radio(), 10 if args.quick else 60, 5 if args.quick else 20)


if __name__ == "__main__":
    main()
