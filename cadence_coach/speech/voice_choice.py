"""The speech engine's voices, and the one a runner asks for by id, name or language. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import get_close_matches

from cadence_coach.errors import BadValue


@dataclass(frozen=True, slots=True)
class VoiceInfo:
    """A voice the engine offers."""

    id: str
    name: str
    languages: tuple[str, ...]


def pick_voice(voices: tuple[VoiceInfo, ...], wanted: str | None, default: str) -> str:
    """The id of the voice ``wanted`` names (``default`` for none); an unknown one is a
    :class:`BadValue` that suggests the closest."""
    if wanted is None:
        return default
    w = wanted.strip().lower()
    for v in voices:
        if w in (v.id.lower(), v.name.lower()) or w in (x.lower() for x in v.languages):
            return v.id
    # Suggest by whole name, by first word ("English (America)") and by language code.
    handles: dict[str, str] = {}
    for v in voices:
        for handle in (v.name, v.name.split(" (")[0], v.id.rsplit("/", 1)[-1], *v.languages):
            handles.setdefault(handle.lower(), f"{v.id} ({v.name})")
    close = get_close_matches(w, list(handles), n=4, cutoff=0.6)
    suggestions = list(dict.fromkeys(handles[c] for c in close))
    hint = f"did you mean {', '.join(suggestions)}? " if suggestions else ""
    raise BadValue(
        f"unknown voice {wanted!r}; {hint}`cadence-coach voices` lists all {len(voices)}"
    )
