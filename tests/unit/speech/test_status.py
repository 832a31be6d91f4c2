"""The status and ready lines in words."""

from __future__ import annotations

from cadence_coach.speech.status import (
    ReadyFacts,
    SensorNews,
    StatusFacts,
    ready_words,
    say_name,
    status_words,
)


def test_the_ready_line_says_the_session_and_its_sensors() -> None:
    facts = ReadyFacts("Run-walk 2:1", None, 1800, (SensorNews("Footpod", True, 80),))
    assert ready_words(facts) == (
        "Ready. Today: Run-walk two to one, thirty minutes. Footpod connected, battery "
        "eighty percent. Press play to start"
    )


def test_a_free_run_is_said_with_its_target_and_a_missing_sensor_as_missing() -> None:
    facts = ReadyFacts("free run", 172.2, 1200, (SensorNews("Heart rate strap", False),))
    assert ready_words(facts) == (
        "Ready. Today: free run at one seventy two, twenty minutes. Heart rate strap not "
        "found. Press play to start"
    )


def test_the_status_says_what_is_known_and_nothing_of_what_is_not() -> None:
    full = StatusFacts(725, 171.6, 80.2, 145, (SensorNews("Footpod", True, 80),))
    assert status_words(full) == (
        "Twelve minutes. Cadence one seventy two. In zone eighty percent. Heart rate one "
        "forty five. Footpod battery eighty percent"
    )
    assert status_words(StatusFacts(42, paused=True)) == "Paused at forty two seconds"
    lost = StatusFacts(90, sensors=(SensorNews("Footpod", False),))
    assert status_words(lost) == "One minute thirty. Footpod lost"


def test_ratios_in_plan_names_are_said_as_words() -> None:
    assert say_name("Run-walk 3:1") == "Run-walk three to one"
    assert say_name("Strides") == "Strides"
