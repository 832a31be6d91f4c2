"""The phrase book: plain words, numbers as runners say them, variants without repeats."""

from __future__ import annotations

import itertools

import pytest

from cadence_coach.errors import BadValue
from cadence_coach.speech.phrases import PHRASES, Earcon, PhraseBook, Priority
from cadence_coach.speech.words import say_number


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (172, "one seventy two"),
        (180, "one eighty"),
        (165, "one sixty five"),
        (105, "one oh five"),
        (100, "one hundred"),
        (110, "one ten"),
        (98, "ninety eight"),
        (60, "sixty"),
        (13, "thirteen"),
        (0, "zero"),
        (200, "two hundred"),
        (210, "two ten"),
    ],
)
def test_say_number(n: int, words: str) -> None:
    assert say_number(n) == words


@pytest.mark.parametrize("n", [-1, 1000])
def test_say_number_range(n: int) -> None:
    with pytest.raises(BadValue):
        say_number(n)


def test_the_standard_cues_are_all_there() -> None:
    needed = {
        "cadence_up", "cadence_down", "in_zone", "walk_now", "run_now", "seconds_left",
        "count_3", "count_2", "count_1", "halfway", "sensor_lost", "sensor_back",
        "session_done", "cadence_is", "heart_rate_is",
    }  # fmt: skip
    assert needed <= set(PHRASES)


def test_phrases_are_short_enough_to_catch_while_running() -> None:
    for key, entry in PHRASES.items():
        for text in entry.variants:
            assert len(text.split()) <= 7, (key, text)
            assert entry.valid_s > 0


def test_direction_cues_carry_direction_earcons() -> None:
    assert PHRASES["cadence_up"].earcon is Earcon.FASTER
    assert PHRASES["cadence_down"].earcon is Earcon.SLOWER
    assert PHRASES["walk_now"].earcon is Earcon.SEGMENT
    assert (
        PHRASES["walk_now"].priority > PHRASES["cadence_up"].priority > PHRASES["in_zone"].priority
    )


def test_variants_rotate_without_immediate_repeats_and_are_seeded() -> None:
    book = PhraseBook(seed=3)
    texts = [book.cue("cadence_up").text for _ in range(40)]
    assert all(a != b for a, b in itertools.pairwise(texts))
    assert set(texts) == set(PHRASES["cadence_up"].variants)
    again = PhraseBook(seed=3)
    assert [again.cue("cadence_up").text for _ in range(40)] == texts


def test_numbers_fill_in() -> None:
    cue = PhraseBook().cue("heart_rate_is", 152)
    assert cue.text == "Heart rate one fifty two"
    assert cue.priority is Priority.CHATTER
    with pytest.raises(BadValue, match="needs a number"):
        PhraseBook().cue("seconds_left")
    with pytest.raises(BadValue, match="no phrase"):
        PhraseBook().cue("sing")


def test_all_texts_for_warming_the_cache() -> None:
    texts = PhraseBook.all_texts(range(170, 173))
    assert "Walk now" in texts
    assert "Cadence one seventy one" in texts
    assert not any("{n}" in t for t in texts)


def test_a_number_after_a_phrase_without_one() -> None:
    assert PhraseBook().cue("walk_now", 158).text.endswith(". One fifty eight")


def test_every_stepped_down_target_the_coach_names_is_rendered_before_the_session() -> None:
    """The target after each step down, as the coach says it, is among the texts a session
    renders ahead (else its first step down waits for the voice)."""
    from cadence_coach.coaching.segments import CoachConfig, MetronomeMode, Segment
    from cadence_coach.coaching.watchers.target import TargetAdjuster
    from cadence_coach.speech.phrases import session_texts

    for tenth in range(1500, 1900, 7):
        target = tenth / 10
        seg = Segment("run", 600.0, target, (target - 5, target + 5), MetronomeMode.ON)
        config = CoachConfig((seg,))
        texts = set(session_texts(config))
        adjuster = TargetAdjuster(config)
        for steps in range(1, config.max_step_downs + 1):
            adjuster.steps_down = steps
            said = say_number(round(adjuster.adjusted(seg).target_spm))
            for variant in PHRASES["step_down"].variants:
                text = variant.replace("{n}", said)
                assert text[0].upper() + text[1:] in texts, (target, steps, text)
