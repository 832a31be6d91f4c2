"""The phrase book: every cue the coach speaks, in one place. Pure; no I/O.

Phrases are short and plain, for a runner breathing hard through traffic noise. Each cue
has variants so it does not sound identical every time; :class:`PhraseBook` picks them in
a seeded order that never repeats the last one, and words what the coach asks to be said
(:class:`~cadence_coach.coaching.actions.Say`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import IntEnum

from cadence_coach.coaching.actions import Announcement, DistanceToGo, Say, Transition
from cadence_coach.coaching.segments import CoachConfig
from cadence_coach.coaching.timeline import DISTANCE_TO_GO_M
from cadence_coach.coaching.watchers.target import stepped_target
from cadence_coach.errors import BadValue
from cadence_coach.speech.words import announcement, distance_to_go, say_number, segment_result


class Priority(IntEnum):
    """Who may interrupt whom: a cue cuts a playing phrase only of lower priority."""

    CHATTER = 0
    """Praise, numbers on request: nice to hear, fine to lose."""
    COACHING = 1
    """Drift cues, heart-rate guardrail, time left."""
    URGENT = 2
    """Segment changes, countdowns, walk/run now, sensor lost: must be heard."""


class Earcon(IntEnum):
    """Short tone patterns: a prefix to some cues, and the whole cue when speech is off."""

    NOTICE = 0
    """One soft tone."""
    FASTER = 1
    """Rising pair: quicken the steps."""
    SLOWER = 2
    """Falling pair: ease the rhythm."""
    SEGMENT = 3
    """Double tone: something changes now."""
    RUN = 4
    """Rising triad, before the words, into a running segment."""
    WALK = 5
    """Falling triad, before the words, into a walk."""


@dataclass(frozen=True, slots=True)
class Cue:
    """One thing the coach wants said."""

    key: str
    """The phrase book entry it came from (``cadence_up``...)."""
    text: str
    priority: Priority
    valid_s: float
    """How long after it is asked for it may still start; later, it is dropped."""
    earcon: Earcon
    prefix: Earcon | None = None
    """An earcon played before the words (run and walk transitions), recognisable through
    traffic noise before the words are."""


@dataclass(frozen=True, slots=True)
class Entry:
    variants: tuple[str, ...]
    priority: Priority
    valid_s: float
    earcon: Earcon


PHRASES: dict[str, Entry] = {
    # Cadence drift (the coach escalates from the first to the *_firm wording if ignored).
    "cadence_up": Entry(
        ("Quicker, lighter steps", "Quick feet", "Shorter, quicker steps", "Pick up the rhythm"),
        Priority.COACHING,
        4.0,
        Earcon.FASTER,
    ),
    "cadence_up_firm": Entry(
        ("Still slow. Match the beat", "Quicker steps, on the beat", "Short steps, quick feet"),
        Priority.COACHING,
        4.0,
        Earcon.FASTER,
    ),
    "cadence_down": Entry(
        ("Ease the rhythm a little", "A touch slower", "Relax the rhythm"),
        Priority.COACHING,
        4.0,
        Earcon.SLOWER,
    ),
    "cadence_down_firm": Entry(
        ("Still quick. Settle to the beat", "Slow the steps, stay with the beat"),
        Priority.COACHING,
        4.0,
        Earcon.SLOWER,
    ),
    "in_zone": Entry(
        ("That's it, hold that", "Good, right on the beat", "Nice, stay there"),
        Priority.CHATTER,
        3.0,
        Earcon.NOTICE,
    ),
    # A target the runner cannot reach yet, stepped down; and up again once held.
    "step_down": Entry(
        ("Let's hold {n} for now", "New target {n}. Hold that for now"),
        Priority.COACHING,
        6.0,
        Earcon.NOTICE,
    ),
    "step_up": Entry(
        ("You have it. Let's try {n}", "Nicely held. Up to {n}"),
        Priority.COACHING,
        6.0,
        Earcon.NOTICE,
    ),
    # Faded feedback: the recall cue, and segments where the coach only listens.
    "recall": Entry(
        ("Remember the rhythm: quick, light, {n}", "Find your rhythm: {n}, light feet"),
        Priority.COACHING,
        8.0,
        Earcon.NOTICE,
    ),
    "on_your_own": Entry(
        ("On your own now. Hold the rhythm", "No beat now. Keep the rhythm"),
        Priority.URGENT,
        5.0,
        Earcon.NOTICE,
    ),
    "walk_break": Entry(
        ("Walk break. Run when you are ready", "Walking. Easy, run when ready"),
        Priority.CHATTER,
        5.0,
        Earcon.NOTICE,
    ),
    # Heart-rate guardrail: slower effort, same quick steps.
    "ease_off": Entry(
        ("Ease off. Shorter steps, same rhythm", "Heart rate high. Shorten your stride"),
        Priority.COACHING,
        6.0,
        Earcon.SLOWER,
    ),
    # Session structure.
    "walk_now": Entry(("Walk now", "Walk now, easy"), Priority.URGENT, 3.0, Earcon.SEGMENT),
    "run_now": Entry(("Run now", "Run now, light and quick"), Priority.URGENT, 3.0, Earcon.SEGMENT),
    "seconds_left": Entry(
        ("{n} seconds left", "{n} seconds to go"), Priority.COACHING, 3.0, Earcon.NOTICE
    ),
    "count_3": Entry(("Three",), Priority.URGENT, 0.8, Earcon.NOTICE),
    "count_2": Entry(("Two",), Priority.URGENT, 0.8, Earcon.NOTICE),
    "count_1": Entry(("One",), Priority.URGENT, 0.8, Earcon.NOTICE),
    "halfway": Entry(("Halfway", "Halfway there"), Priority.CHATTER, 5.0, Earcon.NOTICE),
    "session_done": Entry(
        ("Session done. Well run", "That's the session. Nice work"),
        Priority.URGENT,
        10.0,
        Earcon.SEGMENT,
    ),
    # Plans: the words come from the plan ("Walk, one minute. Interval 3 of 8").
    "segment": Entry(("{text}",), Priority.URGENT, 5.0, Earcon.SEGMENT),
    "plan_cue": Entry(("{text}",), Priority.COACHING, 5.0, Earcon.NOTICE),
    # Sensor state.
    "sensor_waiting": Entry(
        ("Waiting for the sensor. Follow the beat", "No sensor yet. Run to the beat"),
        Priority.COACHING,
        10.0,
        Earcon.NOTICE,
    ),
    "sensor_lost": Entry(
        ("Sensor lost. Keep to the beat", "Lost the sensor. Stay with the beat"),
        Priority.URGENT,
        10.0,
        Earcon.NOTICE,
    ),
    "sensor_back": Entry(
        ("Sensor back", "Sensor found again"), Priority.CHATTER, 10.0, Earcon.NOTICE
    ),
    # The runner's own controls (play/pause, next, stop, status; docs/headless.md).
    "paused": Entry(("Paused. Press play to go on",), Priority.URGENT, 5.0, Earcon.NOTICE),
    "resumed": Entry(("Going again", "And off again"), Priority.URGENT, 5.0, Earcon.NOTICE),
    "stopped": Entry(("Session stopped",), Priority.URGENT, 10.0, Earcon.SEGMENT),
    "status": Entry(("{text}",), Priority.COACHING, 6.0, Earcon.NOTICE),
    "ready": Entry(("{text}",), Priority.URGENT, 30.0, Earcon.NOTICE),
    # Numbers, spoken the way runners say them: "one seventy two".
    "cadence_is": Entry(("Cadence {n}", "{n}"), Priority.CHATTER, 3.0, Earcon.NOTICE),
    "heart_rate_is": Entry(("Heart rate {n}",), Priority.CHATTER, 3.0, Earcon.NOTICE),
}


class PhraseBook:
    """Turns cue keys into :class:`Cue` objects, rotating variants without repeats."""

    def __init__(self, seed: int = 0) -> None:
        self._rng = random.Random(seed)
        self._last: dict[str, int] = {}

    def cue(
        self, key: str, n: int | None = None, text: str | None = None, prefix: Earcon | None = None
    ) -> Cue:
        """Return the cue for ``key``; ``n`` fills a ``{n}`` (spoken as words), or is said
        after the phrase when it has none; ``text`` gives the words outright."""
        try:
            entry = PHRASES[key]
        except KeyError:
            raise BadValue(f"no phrase {key!r} in the phrase book") from None
        choices = list(range(len(entry.variants)))
        if len(choices) > 1 and key in self._last:
            choices.remove(self._last[key])
        pick = self._rng.choice(choices)
        self._last[key] = pick
        if text is not None:
            return Cue(key, text, entry.priority, entry.valid_s, entry.earcon, prefix)
        text = entry.variants[pick]
        if text == "{text}":
            raise BadValue(f"phrase {key!r} needs its words")
        if "{n}" in text:
            if n is None:
                raise BadValue(f"phrase {key!r} needs a number")
            text = text.replace("{n}", say_number(n))
        elif n is not None:
            text = f"{text}. {say_number(n).capitalize()}"
        text = text[0].upper() + text[1:]
        return Cue(key, text, entry.priority, entry.valid_s, entry.earcon, prefix)

    def say(self, action: Say) -> Cue:
        """The cue for what the coach asks to be said."""
        prefix = None if action.prefix is None else TRANSITION_EARCONS[action.prefix]
        return self.cue(action.key, action.n, _words(action), prefix)

    @staticmethod
    def all_texts(numbers: range = range(0)) -> list[str]:
        """Every fixed text (and numbered ones for ``numbers``), to render before a session."""
        texts = []
        for entry in PHRASES.values():
            for variant in entry.variants:
                if variant == "{text}":
                    continue
                if "{n}" in variant:
                    texts += [variant.replace("{n}", say_number(n)) for n in numbers]
                else:
                    texts.append(variant)
        return texts


TRANSITION_EARCONS = {Transition.RUN: Earcon.RUN, Transition.WALK: Earcon.WALK}


def _words(action: Say) -> str | None:
    """The words for a cue whose text is not one of its entry's variants."""
    about = action.about
    if isinstance(about, Announcement):
        closing = "" if about.previous is None else segment_result(about.previous)
        return closing + announcement(about.segment)
    if isinstance(about, DistanceToGo):
        return distance_to_go(about.metres)
    return action.text


def _numbers_said(config: CoachConfig) -> set[int]:
    """The targets a session may name: its own, and each step down from them."""
    numbers = set()
    for seg in config.segments:
        if seg.coached:
            for k in range(config.max_step_downs + 1):
                numbers.add(round(stepped_target(seg.target_spm, k, config.step_down_pct)))
    return numbers


def session_texts(config: CoachConfig) -> list[str]:
    """Every fixed phrase, and a plan's announcements and cues: what a session renders
    before its first click (cached after the first time)."""
    texts = PhraseBook.all_texts()
    for n in sorted(_numbers_said(config)):
        for key in ("recall", "step_down", "step_up"):
            for variant in PHRASES[key].variants:
                text = variant.replace("{n}", say_number(n))
                texts.append(text[0].upper() + text[1:])
    for seg in config.segments:
        if seg.timeline:
            texts.append(announcement(seg))
        if seg.distance_m is not None:
            texts.append(distance_to_go(DISTANCE_TO_GO_M))
        texts += [text for _, text in seg.cues]
    return texts
