"""The session store, opened once per invocation and closed however the command ends."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from cadence_coach.history.store import Store

_KEY = "cadence_coach.store"
NO_HISTORY = "cadence_coach.no_history"


def store() -> Store:
    """The invocation's store, opened on first use (in memory with ``--no-history``);
    closed when the command ends."""
    from cadence_coach.history.store import Store, in_memory

    root = click.get_current_context().find_root()
    found = root.meta.get(_KEY)
    if found is None:
        found = in_memory() if root.meta.get(NO_HISTORY) else Store()
        root.meta[_KEY] = found
        root.call_on_close(found.close)
    assert isinstance(found, Store)
    return found
