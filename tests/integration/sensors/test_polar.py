"""A Polar strap's accelerometer over real ATT/GATT PDUs: an emulated H10 (bumble) streaming
frames built from real recordings, read by the project's own link. Settings asked for, the
rate chosen, raw and delta-compressed frames, refusals, bad frames, a dropout; then the CLI
against the strap in another process."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence_coach.coaching.segments import MetronomeMode, Segment
from cadence_coach.emulation.polar import EPOCH_NS, PolarStrap, Recording, polar_strap
from cadence_coach.emulation.sensor_process import emulated_sensors
from cadence_coach.sensors.connected import ConnectedSensors
from cadence_coach.sensors.gatt import pmd
from cadence_coach.sensors.hub import SensorHub
from cadence_coach.sensors.link import SensorLink
from cadence_coach.sensors.pmd_control import MIN_RATE_HZ
from cadence_coach.sensors.thread import SensorThread
from tests.integration.sensors.test_bluetooth import FAST, Radio, wait_for
from tests.support.accelerometer import DATA, joined, run, walk
from tests.support.live_chain import LiveChain

WALK = "Samsung_Carmelo_Hard_Armband_1"


def walking() -> Recording:
    rec = walk(WALK)
    return Recording(rec.t_s, rec.xyz_g)


def make(radio: Radio, **kw: object) -> PolarStrap:
    strap = radio.sensor(polar_strap, **kw)
    assert isinstance(strap, PolarStrap)
    return strap


def stream(radio: Radio, strap: PolarStrap, seconds: float) -> None:
    """Send ``seconds`` of the recording, a tick at a time, as fast as the link takes it."""
    for i in range(round(seconds / strap.tick_s)):
        radio.call(strap.notify(i))


def connected(radio: Radio, hub: SensorHub, target: str = "Polar H10") -> SensorLink:
    link = SensorLink(target, hub)
    radio.call(link.connect_once())
    return link


def test_the_strap_streams_steps_at_the_lowest_good_rate_and_heart_rate(radio: Radio) -> None:
    strap = make(radio, recording=walking())
    hub = SensorHub()
    link = connected(radio, hub)
    assert link.streams_steps
    assert pmd.PMD_DATA in link.subscribed
    # the settings asked for, then a start at the lowest rate that meets the detector's goals
    assert strap.requests[0] == pmd.settings_request(pmd.MeasurementType.ACC)
    assert strap.requests[1][:2] == b"\x02\x02"
    assert pmd.Settings.from_bytes(strap.requests[1][2:]).sample_rates_hz == (MIN_RATE_HZ,)
    assert strap.rate_hz == MIN_RATE_HZ
    stream(radio, strap, 58.0)
    wait_for(lambda: hub.statuses()[0].packets >= strap.frames + 1)
    (status,) = hub.statuses()
    truth = int((walk(WALK).truth_s < 57).sum())
    assert abs(status.steps - truth) <= 0.03 * truth, (status.steps, truth)
    assert status.accelerometer == f"accelerometer at {MIN_RATE_HZ} Hz"
    snapshot = hub.take()
    assert snapshot is not None
    assert snapshot.heart_rate_bpm is not None
    assert snapshot.cadence_spm == pytest.approx(walk(WALK).truth_spm_at(57.0), rel=0.05)
    assert snapshot.cadence_confidence is not None
    assert snapshot.cadence_confidence >= 0.5
    radio.call(link.close())
    assert strap.requests[-1] == pmd.stop_request(pmd.MeasurementType.ACC)


def test_delta_compressed_frames_of_a_run_give_its_cadence(radio: Radio) -> None:
    trials, _ = joined(run(4), run(29), run(28), run(29), run(4))  # 25 s at about 193 spm
    strap = make(radio, recording=Recording(trials.t_s, trials.xyz_g),
                         layout="delta")  # fmt: skip
    hub = SensorHub()
    link = connected(radio, hub)
    stream(radio, strap, 20.0)
    wait_for(lambda: hub.statuses()[0].packets >= strap.frames + 1)
    snapshot = hub.take()
    assert snapshot is not None
    assert snapshot.cadence_spm == pytest.approx(193, abs=4)
    radio.call(link.close())


def test_an_answer_in_two_indications_is_joined(radio: Radio) -> None:
    strap = make(radio, recording=walking(), split=True)
    hub = SensorHub()
    link = connected(radio, hub)
    assert strap.rate_hz == MIN_RATE_HZ  # the settings, read whole from both halves
    assert link.streams_steps
    radio.call(link.close())


def test_a_refused_rate_is_passed_over_and_said(radio: Radio) -> None:
    strap = make(radio, recording=walking(), refuse=[MIN_RATE_HZ])
    hub = SensorHub()
    link = connected(radio, hub)
    assert strap.rate_hz == 50
    (status,) = hub.statuses()
    assert status.accelerometer == "accelerometer at 50 Hz (refused 25 Hz: invalid sample rate)"
    radio.call(link.close())


def test_a_strap_that_refuses_every_rate_keeps_its_heart_rate(radio: Radio) -> None:
    strap = make(radio, recording=walking(), refuse=[25, 50, 100, 200])
    hub = SensorHub()
    link = connected(radio, hub)
    assert not link.streams_steps
    (status,) = hub.statuses()
    assert status.accelerometer == (
        "no cadence: Polar H10 5A1B2C3D refused to start its accelerometer at every rate it "
        "offers (25 Hz: invalid sample rate; 50 Hz: invalid sample rate; 100 Hz: invalid "
        "sample rate; 200 Hz: invalid sample rate)"
    )
    stream(radio, strap, 1.0)
    wait_for(lambda: hub.statuses()[0].packets >= 5)
    snapshot = hub.take()
    assert snapshot is not None
    assert (snapshot.heart_rate_bpm is not None, snapshot.cadence_spm) == (True, None)
    radio.call(link.close())


def test_frames_of_a_wrong_type_or_length_are_counted_and_skipped(radio: Radio) -> None:
    strap = make(radio, recording=walking(), bad_every=4)
    hub = SensorHub()
    link = connected(radio, hub)
    stream(radio, strap, 40.0)
    wait_for(lambda: hub.statuses()[0].packets + hub.statuses()[0].malformed >= strap.frames)
    (status,) = hub.statuses()
    assert status.malformed == strap.frames // 4
    assert status.steps > 40  # three frames in four still carry the walk
    radio.call(link.close())


def test_a_strap_that_drops_out_starts_streaming_again_and_the_session_carries_on(
    radio: Radio,
) -> None:
    strap = make(radio, recording=walking())
    strap.tick_s = 0.5  # half a second of recording every 0.1 s: five times real time
    radio.notify_every(0.1, strap)
    hub = SensorHub()
    links = [SensorLink("Polar H10", hub, backoff=FAST)]
    sensors = ConnectedSensors(hub, links, SensorThread(links, loop=radio.loop))
    sensors.thread.start()
    assert sensors.has_cadence
    assert not hub.statuses()[0].steps_ready  # the detector needs a few seconds of signal
    assert sensors.wait_for_steps(10.0)
    seg = Segment("walk", 600.0, 120.0, (110.0, 130.0), MetronomeMode.ON)
    live = LiveChain(hub, seg)
    session, run_until = live.chain, live.run_until
    run_until(3.0)
    radio.call(strap.drop())
    run_until(8.0)
    sensors.stop()
    assert links[0].connects == 2
    starts = [r for r in strap.requests if r[0] == pmd.OpCode.START]
    assert len(starts) == 2  # started again after the drop
    rows = session.recorder.rows
    assert rows[-1].cadence_spm is not None
    assert rows[-1].heart_rate_bpm is not None


# -- the CLI, in its own process, against the strap emulated in another -----------------------


@pytest.fixture
def polar_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    recording = tmp_path / "walk.csv"
    recording.write_bytes(gzip.decompress((DATA / f"{WALK}_acc.csv.gz").read_bytes()))
    args = ["--acc-recording", str(recording)]
    with emulated_sensors(["polar", "footpod"], period_s=0.2, polar_args=args) as env:
        yield {**os.environ, **env, "XDG_DATA_HOME": str(tmp_path / "data")}


def coach(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cadence_coach", *args], env=env,
                          capture_output=True, text=True, timeout=90, check=False)  # fmt: skip


def test_cli_scan_says_which_sensors_give_steps(polar_env: dict[str, str]) -> None:
    done = coach(polar_env, "scan", "--timeout", "0.5", "--json")
    assert done.returncode == 0, done.stderr
    found = {f["name"]: f["services"] for f in map(json.loads, done.stdout.splitlines())}
    assert found["Polar H10 5A1B2C3D"] == ["heart rate", "battery", "steps from its accelerometer"]
    assert "steps from its accelerometer" not in found["Stride Sensor"]
    done = coach(polar_env, "scan", "--timeout", "0.5")
    line = next(x for x in done.stdout.splitlines() if x.startswith("Polar H10"))
    assert line.endswith("heart rate, steps from its accelerometer, battery 71 %")


def test_cli_sensor_prints_live_steps_and_cadence(polar_env: dict[str, str]) -> None:
    done = coach(polar_env, "sensor", "Polar H10", "--duration", "12s", "--json")
    assert done.returncode == 0, done.stderr
    lines = [json.loads(x) for x in done.stdout.splitlines() if x.startswith("{")]
    steps = [x for x in lines if x["type"] == "steps"]
    assert steps
    assert {x["type"] for x in lines} == {"steps", "heart_rate"}
    assert steps[-1]["total_steps"] >= 6  # the emulator's ticks slow down on a busy machine
    known = [x for x in steps if x.get("cadence_spm")]
    assert known
    # the strap's clock is the recording's: compare with the truth at that moment in it
    at = max(t for x in steps for t in x["steps_t_s"]) - EPOCH_NS / 1e9
    truth = walk(WALK).truth_spm_at(at)
    assert truth is not None
    assert known[-1]["cadence_spm"] == pytest.approx(truth, rel=0.08)
    assert "accelerometer at 25 Hz" in done.stderr
    done = coach(polar_env, "sensor", "Polar H10", "--duration", "4s")
    assert "cadence" in done.stdout
    assert "steps in all" in done.stdout
