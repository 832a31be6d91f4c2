"""The sensor hub, and the link's pure parts: what is kept of each reading, the errors a
runner reads, and the waits between reconnections."""

from __future__ import annotations

import random

import pytest

from cadence_coach.sensors.bluetooth import user_error
from cadence_coach.sensors.hub import SensorHub
from cadence_coach.sensors.link import Backoff


@pytest.mark.parametrize(
    ("error", "says"),
    [
        (Exception("No Bluetooth adapters found."), "no Bluetooth adapter"),
        (Exception("[org.bluez.Error.NotReady] Resource Not Ready"), "Bluetooth is off"),
        (Exception("[org.freedesktop.DBus.Error.AccessDenied] denied"), "permission denied"),
        (FileNotFoundError(2, "No such file", "/run/dbus/system_bus_socket"), "not reachable"),
        (Exception("something else"), "Bluetooth error: something else"),
    ],
)
def test_stack_errors_become_one_line_with_the_fix(error: Exception, says: str) -> None:
    assert says in str(user_error(error, "pod"))


def test_backoff_doubles_to_a_cap_with_jitter() -> None:
    rng = random.Random(1)
    backoff = Backoff(first_s=0.5, max_s=8.0, jitter=0.25)
    delays = [backoff.delay(n, rng) for n in range(10)]
    for n, d in enumerate(delays):
        base = min(8.0, 0.5 * 2**n)
        assert 0.75 * base <= d <= 1.25 * base
    assert len({round(d, 6) for d in delays[5:]}) == 5  # capped, but not in lockstep


def test_a_heart_rate_without_skin_contact_is_not_used() -> None:
    from cadence_coach.sensors.gatt import HeartRateMeasurement, SensorContact

    hub = SensorHub()
    hub.heart_rate("strap", HeartRateMeasurement(150, SensorContact.DETECTED))
    hub.heart_rate("strap", HeartRateMeasurement(0, SensorContact.NOT_DETECTED))
    reading = hub.take()
    assert reading is not None
    assert reading.heart_rate_bpm == 150.0  # not the 0 sent without contact
    hub.heart_rate("strap", HeartRateMeasurement(90, SensorContact.NOT_SUPPORTED))
    reading = hub.take()
    assert reading is not None
    assert reading.heart_rate_bpm == 90.0  # a strap that cannot tell is believed
    (status,) = hub.statuses()
    assert (status.packets, status.no_contact) == (3, 1)


def test_an_absurd_belt_speed_or_incline_never_reaches_the_coach() -> None:
    from cadence_coach.sensors.gatt import RscMeasurement, TreadmillData
    from cadence_coach.sources.strides import CadenceUnits

    hub = SensorHub()
    pod = RscMeasurement(speed_mps=3.0, cadence_per_min=172)
    hub.rsc("pod", pod, 172.0, CadenceUnits("pod"))
    hub.treadmill("belt", TreadmillData(more_data=False, speed_kmh=655.0, inclination_pct=-3276.8,
                                        ramp_angle_deg=0.0))  # fmt: skip
    snapshot = hub.take()
    assert snapshot is not None
    assert snapshot.speed_mps == 3.0  # the footpod's, not 655 km/h
    assert snapshot.incline_pct is None
    hub.rsc("pod", RscMeasurement(speed_mps=65535 / 256, cadence_per_min=172), 172.0,
            CadenceUnits("pod"))  # fmt: skip
    snapshot = hub.take()
    assert snapshot is not None
    assert snapshot.speed_mps is None  # 256 m/s from a footpod: a fault
