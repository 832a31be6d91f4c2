"""What the history hands back about a stored session. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from cadence_coach.coaching.recorder import Summary


class SessionMode(Enum):
    """How a session ran (the names are stored)."""

    LIVE = "live"
    RENDER = "render"
    REPLAY = "replay"


class SessionStatus(Enum):
    RUNNING = "running"
    FINISHED = "finished"
    INTERRUPTED = "interrupted"
    """Stopped early (Ctrl-C), or its process is gone while it was still running."""


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    started_at: str
    plan: str
    mode: SessionMode
    status: SessionStatus
    summary: Summary | None
    effort: int | None = None
    """Perceived exertion (1-10) from the journal, if the runner wrote one."""
    habitual_spm: float | None = None
    """The habitual cadence this session measured (a baseline)."""
