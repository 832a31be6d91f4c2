"""How much a piece of real-time code allocates, measured with tracemalloc."""

from __future__ import annotations

import tracemalloc

import numpy as np

from cadence_coach.audio.mixer import Mixer


def render_allocates(mixer: Mixer, out: np.ndarray, blocks: int, warm_up: int = 20) -> int:
    """Bytes allocated at the peak while ``mixer`` renders ``blocks`` blocks into ``out``,
    after ``warm_up`` blocks that create what is made lazily."""
    for _ in range(warm_up):
        mixer.render(out)
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        for _ in range(blocks):
            mixer.render(out)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return peak - base
