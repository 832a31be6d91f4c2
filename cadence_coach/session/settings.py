"""What a session is made of, beyond its coaching: its sound, its voice, and its source
(the simulated runner unless another is given). Pure."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

from cadence_coach.coaching.segments import CoachConfig
from cadence_coach.plans.setup import Setup
from cadence_coach.sources.reading import Source
from cadence_coach.sources.runners import DEFAULT_PROFILE, find_profile
from cadence_coach.sources.simulated import RunnerModel, SimEvent

if TYPE_CHECKING:
    from cadence_coach.music.library import Track


@dataclass(frozen=True, slots=True)
class MetronomeSettings:
    """Everything that defines a click track."""

    bpm: Fraction
    sound: str = "click"
    volume: float = 0.8
    accent_every: int = 0
    samplerate: int = 48_000


@dataclass(frozen=True, slots=True)
class RunSettings:
    """A coaching session: its segments and how it sounds; with the simulated runner."""

    config: CoachConfig
    sound: str = "click"
    volume: float = 0.8
    samplerate: int = 48_000
    voice: str | None = None
    seed: int = 0
    runner: RunnerModel = field(default_factory=RunnerModel)
    events: tuple[SimEvent, ...] = ()
    source: Source | None = field(default=None, compare=False)
    """Another source than the simulated runner (live sensors, a recording to replay)."""
    music: tuple[Track, ...] = field(default=(), compare=False)
    """The runner's tracks to play on the beat (``--music``); none: the clicks alone."""
    music_cache: Path | None = field(default=None, compare=False)
    """Where stretched music is kept between sessions (``None``: not kept)."""


def simulated(
    setup: Setup,
    *,
    sound: str = "click",
    volume: float = 0.8,
    voice: str | None = None,
    seed: int = 0,
    profile: str | None = None,
    events: bool = True,
) -> RunSettings:
    """A session with the simulated runner standing in (until a source replaces it), at the
    setup's habitual cadence: the runner ``profile`` (the default: a plausible beginner),
    with what a run brings that runner (lapses, walk breaks, stops, dropouts...) drawn
    from ``seed`` unless ``events`` is off."""
    chosen = find_profile(profile or DEFAULT_PROFILE)
    return RunSettings(
        setup.config,
        sound=sound,
        volume=volume,
        voice=voice,
        seed=seed,
        runner=chosen.runner(setup.runner_habitual_spm),
        events=chosen.events(setup.duration_s, seed) if events else (),
    )
