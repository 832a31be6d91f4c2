"""What the coach asks for, and the events it marks for the record. Pure.

The coach never words anything: a :class:`Say` names a phrase-book entry and carries the
facts to put into words (a number, a segment to announce, a distance to go); the phrase
book (:mod:`cadence_coach.speech.phrases`) turns it into a cue.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cadence_coach.coaching.segments import Segment


class EventKind(Enum):
    """What happened, as a session's events record it (the names are stored)."""

    SEGMENT = "segment"
    DISTANCE = "distance"
    """A segment that lasts a distance ended: how far, in how long."""
    FINISHED = "finished"
    PAUSE = "pause"
    RESUME = "resume"
    SENSOR_WAITING = "sensor_waiting"
    """No reading yet, some seconds into the session."""
    SENSOR_LOST = "sensor_lost"
    SENSOR_BACK = "sensor_back"
    SENSOR_GAP = "sensor_gap"
    """Readings stopped for a while and came back before the loss was worth saying."""
    WALK = "walk"
    """A walk break in a running segment."""
    TARGET = "target"
    """The coach stepped the target down (or up again): ``174 -> 169.7``."""
    DRIFT = "drift"
    HEART_RATE_HIGH = "heart_rate_high"
    METRONOME = "metronome"
    SENSOR = "sensor"
    """Something a Bluetooth sensor did (lost, connected, its cadence unit settled)."""
    SESSION_PAUSED = "session_paused"
    """The session clock stopped: the runner pressed pause, or the audio output went away
    (the detail says which). Not standing still, which is :attr:`PAUSE`."""
    SESSION_RESUMED = "session_resumed"
    SKIPPED = "skipped"
    """The runner skipped the rest of a segment (the detail names it)."""
    STOPPED = "stopped"
    """The runner ended the session early, with a button."""


class Transition(Enum):
    """Into a run or a walk: the phrase book puts its earcon before the words."""

    RUN = "run"
    WALK = "walk"


@dataclass(frozen=True, slots=True)
class SegmentResult:
    """How a running segment went, for its closing line."""

    mean_spm: int
    in_zone_pct: int


@dataclass(frozen=True, slots=True)
class Announcement:
    """A segment starting: what it is, how long, where in the set; after a running
    segment, how that one went."""

    segment: Segment
    previous: SegmentResult | None = None


@dataclass(frozen=True, slots=True)
class DistanceToGo:
    metres: float


@dataclass(frozen=True, slots=True)
class SetTempo:
    bpm: float
    ramp_beats: int = 0


@dataclass(frozen=True, slots=True)
class SetMetronome:
    on: bool
    reason: str


@dataclass(frozen=True, slots=True)
class Say:
    key: str
    """Phrase-book key."""
    n: int | None = None
    text: str | None = None
    """The plan's own words (its timed cues)."""
    about: Announcement | DistanceToGo | None = None
    """Facts the phrase book words instead of the entry's variants."""
    prefix: Transition | None = None


@dataclass(frozen=True, slots=True)
class Mark:
    """An event for the record."""

    event: EventKind
    detail: str = ""


Action = SetTempo | SetMetronome | Say | Mark
