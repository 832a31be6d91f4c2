"""An observer of the session loop: what the recorder gained since the last tick, written to
the store; it keeps its own place in the recorder."""

from __future__ import annotations

from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.history.store import Store


class StoreWriter:
    def __init__(self, store: Store, session_id: int) -> None:
        self.store = store
        self.session_id = session_id
        self._rows = 0
        self._cues = 0
        self._events = 0

    def update(self, chain: CoachingChain) -> None:
        rec = chain.recorder
        self.store.append(
            self.session_id,
            rec.rows[self._rows :],
            rec.cues[self._cues :],
            rec.events[self._events :],
        )
        self._rows, self._cues, self._events = len(rec.rows), len(rec.cues), len(rec.events)
