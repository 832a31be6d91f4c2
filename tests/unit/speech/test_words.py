"""Numbers, durations, distances and announcements in words; the coach's requests worded."""

from __future__ import annotations

from cadence_coach.coaching.actions import (
    Announcement,
    DistanceToGo,
    Say,
    SegmentResult,
    Transition,
)
from cadence_coach.coaching.segments import Segment
from cadence_coach.speech.phrases import Earcon, PhraseBook
from cadence_coach.speech.words import announcement, say_distance, say_duration

ZONE = (166.8, 177.2)


def test_distances_are_said_in_words() -> None:
    assert say_distance(400) == "four hundred metres"
    assert say_distance(1000) == "one kilometre"
    assert say_distance(2500) == "two point five kilometres"
    assert say_distance(1250) == "one kilometre two fifty metres"
    seg = Segment("Run", 144.0, 172.0, ZONE, timeline=True, distance_m=400.0, interval=(2, 6))
    assert announcement(seg) == "Run, four hundred metres. Interval 2 of 6"


def test_durations_are_said_as_runners_say_them() -> None:
    assert say_duration(60) == "one minute"
    assert say_duration(90) == "one minute thirty"
    assert say_duration(75) == "seventy five seconds"
    assert say_duration(120) == "two minutes"
    assert say_duration(150) == "two minutes thirty"
    assert say_duration(45) == "forty five seconds"


def test_the_phrase_book_words_what_the_coach_asks_for() -> None:
    book = PhraseBook()
    seg = Segment("Walk", 60.0, 172.0, ZONE, timeline=True, cue="Easy")
    start = book.say(Say("segment", about=Announcement(seg), prefix=Transition.WALK))
    assert start.text == "Walk, one minute. Easy"
    assert start.prefix is Earcon.WALK
    after = book.say(Say("segment", about=Announcement(seg, SegmentResult(170, 85))))
    assert after.text == "Average one seventy, in zone eighty five percent. Walk, one minute. Easy"
    assert after.prefix is None
    assert book.say(Say("plan_cue", about=DistanceToGo(100))).text == "One hundred metres to go"
    assert book.say(Say("plan_cue", text="Tall and relaxed")).text == "Tall and relaxed"
    assert book.say(Say("seconds_left", 30)).text in ("Thirty seconds left", "Thirty seconds to go")
