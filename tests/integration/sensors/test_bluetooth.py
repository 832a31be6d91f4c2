"""Sensors over real ATT/GATT PDUs: emulated bumble peripherals on a virtual link, read by the
project's own bleak code through the bumble backend (cadence_coach/emulation)."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from bumble.link import LocalLink

from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.estimator import SensorState
from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
from cadence_coach.emulation import bleak_backend as bumble_bleak
from cadence_coach.emulation.peripheral import Emulated, notify_forever
from cadence_coach.emulation.sensor_process import emulated_sensors
from cadence_coach.emulation.sensors import footpod, garbage, strap, treadmill
from cadence_coach.errors import SensorError
from cadence_coach.sensors import bluetooth, gatt
from cadence_coach.sensors.hub import LinkState, SensorHub
from cadence_coach.sensors.link import Backoff, SensorLink
from cadence_coach.sensors.thread import SensorThread
from cadence_coach.sources.live import LiveSource
from cadence_coach.speech.phrases import PhraseBook
from tests.support.live_chain import LiveChain
from tests.support.processes import finish

T = TypeVar("T")
FAST = Backoff(first_s=0.05, max_s=0.5)


@dataclass
class Radio:
    """A virtual link whose peripherals and central share one event loop thread."""

    loop: asyncio.AbstractEventLoop
    link: LocalLink

    def call(self, coro: Coroutine[Any, Any, T], timeout_s: float = 30) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout_s)

    def sensor(self, factory: Callable[..., Emulated], **kw: Any) -> Emulated:
        async def make() -> Emulated:
            sensor = factory(self.link, **kw)
            await sensor.start()
            return sensor

        return self.call(make())

    def notify_every(self, period_s: float, *sensors: Emulated) -> None:
        asyncio.run_coroutine_threadsafe(notify_forever(sensors, period_s), self.loop)


@pytest.fixture
def radio(monkeypatch: pytest.MonkeyPatch) -> Iterator[Radio]:
    monkeypatch.setenv(bluetooth.BACKEND_ENV, "cadence_coach.emulation.bleak_backend")
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    link = LocalLink()  # type: ignore[no-untyped-call]
    bumble_bleak.use_link(link)
    yield Radio(loop, link)
    bumble_bleak.use_link(None)

    async def cancel_all() -> None:
        for task in asyncio.all_tasks():
            if task is not asyncio.current_task():
                task.cancel()

    asyncio.run_coroutine_threadsafe(cancel_all(), loop).result(5)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def wait_for(condition: Callable[[], bool], timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_scan_lists_running_sensors_with_services_signal_and_battery(radio: Radio) -> None:
    radio.sensor(footpod)
    radio.sensor(strap)
    radio.sensor(treadmill)
    found = radio.call(bluetooth.scan(0.5))
    assert {f.name: (f.services, f.battery_pct) for f in found} == {
        "Stride Sensor": (("running speed and cadence", "battery"), 87),
        "HRM Strap": (("heart rate", "battery"), 64),
        "Treadmill": (("treadmill",), None),
    }
    assert all(f.rssi_dbm is not None and f.address.startswith("F0:0D") for f in found)


def test_a_footpod_found_by_name_is_subscribed_and_decoded(radio: Radio) -> None:
    pod = radio.sensor(footpod)
    hub = SensorHub()
    link = SensorLink("stride", hub)
    radio.call(link.connect_once())
    for i in range(6):
        radio.call(pod.notify(i))
    wait_for(lambda: hub.statuses()[0].packets == 6)
    reading = hub.take()
    assert reading is not None
    # the emulated pod sends strides (85-87) with a 3 m/s speed: steps are twice that
    assert reading.cadence_spm == 2 * (85 + 5 % 3)
    assert reading.speed_mps == 3.0
    assert hub.take() is None  # nothing new: no reading, so the estimator can go stale
    (status,) = hub.statuses()
    assert (status.name, status.battery_pct, status.state) == (
        "Stride Sensor",
        87,
        LinkState.CONNECTED,
    )
    assert "strides" in status.assumption
    radio.call(link.close())


def test_a_sensor_that_is_not_there_is_one_clear_line(radio: Radio) -> None:
    radio.sensor(strap)
    with pytest.raises(SensorError) as err:
        radio.call(bluetooth.find("Polar H10", timeout_s=0.3))
    assert "'Polar H10' not found" in str(err.value)
    assert "cadence-coach scan" in str(err.value)
    assert "\n" not in str(err.value)


def test_a_dropped_sensor_reconnects_and_the_session_carries_on(radio: Radio) -> None:
    pod = radio.sensor(footpod)
    hr = radio.sensor(strap)
    radio.notify_every(0.1, pod, hr)
    hub = SensorHub()
    links = [SensorLink("Stride Sensor", hub, backoff=FAST), SensorLink("HRM", hub, backoff=FAST)]
    sensors = SensorThread(links, loop=radio.loop)
    sensors.start()
    seg = Segment("run", 600.0, 172.0, (167.0, 177.0), MetronomeMode.ON)
    live = LiveChain(hub, seg)
    session, run_until = live.chain, live.run_until
    run_until(2.5)
    radio.call(pod.drop())  # out of range
    run_until(6.5)
    sensors.stop()
    assert links[0].connects == 2
    assert links[1].connects == 1
    rows = session.recorder.rows
    assert [r.t for r in rows] == [float(t) for t in range(len(rows))]  # no second lost
    assert len(rows) >= 6
    assert rows[-1].cadence_spm is not None
    assert rows[-1].heart_rate_bpm is not None
    assert rows[-1].sensor is SensorState.OK
    # never "lost" at the start of a session with the sensor connected, nor for a short drop
    assert [c.id for c in session.recorder.cues if c.id.startswith("sensor")] == []


def test_bad_packets_are_counted_logged_in_hex_and_skipped(
    radio: Radio, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="cadence_coach.sensors.link")
    pod = radio.sensor(garbage)
    hub = SensorHub()
    link = SensorLink("Broken", hub)
    radio.call(link.connect_once())
    for i in range(10):
        radio.call(pod.notify(i))
    wait_for(lambda: hub.statuses()[0].packets + hub.statuses()[0].malformed == 10)
    (status,) = hub.statuses()
    assert (status.packets, status.malformed, status.state) == (5, 5, LinkState.CONNECTED)
    reading = hub.take()
    assert reading is not None
    assert reading.cadence_spm is not None
    logged = [r.getMessage() for r in caplog.records if "skipped a bad" in r.getMessage()]
    assert len(logged) == 5
    assert any(m.endswith("reserved flag bits set (0xf8): f8000355") for m in logged)


def test_a_treadmills_vendor_field_is_counted_and_its_standard_part_used(radio: Radio) -> None:
    mill = radio.sensor(treadmill, speed_kmh=9.0)
    standard = mill.packets

    def with_vendor_field(i: int) -> list[bytes]:
        parts = [bytearray(p) for p in standard(i)]
        parts[-1][1] |= 0x20  # reserved bit 13...
        parts[-1] += b"\x10\x27"  # ...and a step count after the standard fields
        return [bytes(p) for p in parts]

    mill.packets = with_vendor_field
    hub = SensorHub()
    link = SensorLink("Treadmill", hub)
    radio.call(link.connect_once())
    for i in range(4):
        radio.call(mill.notify(i))
    wait_for(lambda: hub.statuses()[0].packets == 4)
    (status,) = hub.statuses()
    assert (status.extended, status.malformed) == (4, 0)
    reading = hub.take()
    assert reading is not None
    assert reading.speed_mps == pytest.approx(2.5)
    assert reading.incline_pct == 1.5  # from the first fragment, strictly standard


def test_treadmill_speed_and_incline_reach_the_session_rows(radio: Radio) -> None:
    mill = radio.sensor(treadmill, speed_kmh=10.8, incline_pct=2.5)
    pod = radio.sensor(footpod, speed_mps=2.8)
    radio.notify_every(0.1, mill, pod)
    hub = SensorHub()
    links = [SensorLink("Treadmill", hub), SensorLink("Stride", hub)]
    sensors = SensorThread(links, radio.loop)
    sensors.start()
    # the treadmill sends no cadence: only the footpod does (the CLI warns when none does)
    assert links[0].subscribed == (gatt.TREADMILL_DATA,)
    assert links[1].subscribed == (gatt.RSC_MEASUREMENT,)
    seg = Segment("run", 600.0, 172.0, (167.0, 177.0), MetronomeMode.ON)
    session = CoachingChain(CoachConfig((seg,), grace_s=0), LiveSource(hub), PhraseBook())
    began = time.monotonic()
    while time.monotonic() - began < 3.2:
        session.advance(time.monotonic() - began)
        time.sleep(0.05)
    sensors.stop()
    last = session.recorder.rows[-1]
    assert last.incline_pct == 2.5
    assert last.speed_mps == pytest.approx(3.0)  # the belt's speed, not the footpod's 2.8
    assert last.cadence_spm is not None
    assert [c.id for c in session.recorder.cues if c.id.startswith("sensor")] == []


# -- the CLI, in its own process, against sensors emulated in another -------------------------


@pytest.fixture
def emulator(tmp_path: Path) -> Iterator[dict[str, str]]:
    with emulated_sensors(["footpod", "strap", "treadmill"]) as env:
        yield {**os.environ, **env, "XDG_DATA_HOME": str(tmp_path / "data")}


def coach(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cadence_coach", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_scan_and_sensor_json(emulator: dict[str, str]) -> None:
    done = coach(emulator, "scan", "--timeout", "0.5", "--json")
    assert done.returncode == 0, done.stderr
    names = {json.loads(line)["name"] for line in done.stdout.splitlines()}
    assert names == {"Stride Sensor", "HRM Strap", "Treadmill"}

    done = coach(emulator, "sensor", "stride", "--json", "--duration", "1.2s",
                 "--cadence-units", "strides")  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert len(lines) >= 4
    assert all(r["type"] == "rsc" and r["cadence_spm"] == 2 * r["cadence_per_min"] for r in lines)
    assert "remembered: Stride Sensor counts strides" in done.stdout
    # the next time, the remembered setting is used and said
    done = coach(emulator, "sensor", "F0:0D:00:00:00:01", "--duration", "1s")
    assert "cadence read as strides per minute (your setting" in done.stderr


def test_cli_sensor_not_found_is_one_line(emulator: dict[str, str]) -> None:
    done = coach(emulator, "sensor", "Polar H10", "--timeout", "0.5")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "not found" in done.stderr


def test_cli_sensor_ends_cleanly_on_ctrl_c(emulator: dict[str, str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "cadence_coach", "sensor", "HRM"],
        env=emulator, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    assert "HRM Strap: heart rate" in proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    _out, err = finish(proc, 30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "HRM Strap (F0:0D:00:00:00:02): connected, battery 64 %" in err
