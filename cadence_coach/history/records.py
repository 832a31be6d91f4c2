"""What the history hands back about a stored session. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cadence_coach.coaching.recorder import Summary


class SessionKind(Enum):
    """What a session was (the values are stored). Only a live session is real running: the
    trend, a programme's progress and the baseline count nothing else."""

    LIVE = "live"
    """Played live, on the runner's own sensors."""
    SIMULATED = "simulated"
    """Played live or run with no audio, with the simulated runner."""
    RENDERED = "render"
    """Rendered to an audio file."""
    REPLAYED = "replay"
    """A recorded run through the coach."""

    @classmethod
    def of(cls, *, replay: bool, rendered: bool, sensors: bool) -> SessionKind:
        """The kind of a session from how it ran."""
        if replay:
            return cls.REPLAYED
        if rendered:
            return cls.RENDERED
        return cls.LIVE if sensors else cls.SIMULATED


class SessionStatus(Enum):
    RUNNING = "running"
    FINISHED = "finished"
    INTERRUPTED = "interrupted"
    """Stopped early (Ctrl-C), or its process is gone while it was still running."""


FOOT_STRIKES = ("light", "ok", "heavy")
"""The foot-strike answers the journal offers."""


@dataclass(frozen=True, slots=True)
class Journal:
    """How a session felt, in the runner's words."""

    effort: int | None = None
    """Perceived exertion, 1 (easy) to 10 (all out)."""
    footstrike: str = ""
    """One of :data:`FOOT_STRIKES`, or empty."""
    comfort: str = ""
    notes: str = ""

    def line(self) -> str:
        """The journal in one line: ``effort 6/10, light feet, left calf tight: windy``."""
        parts = [f"effort {self.effort}/10"] if self.effort is not None else []
        if self.footstrike:
            parts.append(f"{self.footstrike} feet")
        if self.comfort:
            parts.append(self.comfort)
        text = ", ".join(parts)
        if self.notes:
            text = f"{text}: {self.notes}" if text else self.notes
        return text


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    started_at: str
    plan: str
    kind: SessionKind
    status: SessionStatus
    summary: Summary | None
    """For a session killed before it finished: worked out from what it recorded."""
    journal: Journal | None = None
    """What the runner wrote afterwards, if anything."""
    habitual_spm: float | None = None
    """The habitual cadence this session measured (a baseline)."""

    @property
    def effort(self) -> int | None:
        """Perceived exertion (1-10) from the journal, if the runner wrote one."""
        return None if self.journal is None else self.journal.effort

    @property
    def real(self) -> bool:
        """Real running: what the trend, the programme and the baseline count."""
        return self.kind is SessionKind.LIVE
