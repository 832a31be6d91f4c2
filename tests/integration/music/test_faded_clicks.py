"""The clicks with music, on a real mixer with a real prepared piece: in a faded segment
they withdraw once the music carries the beat and come back at once for a drift; under a
metronome that is on they play on, softer."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import pytest

from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.voices import ClickVoice
from cadence_coach.coaching.segments import MetronomeMode, Segment
from cadence_coach.music.library import Track
from cadence_coach.session.music import (
    CLICK_FADE_S,
    CLICKS_UNDER_MUSIC,
    SessionMusic,
    session_music,
)

pytestmark = pytest.mark.slow
FS = 48_000
BLOCK = 4096


def segment(mode: MetronomeMode) -> Segment:
    return Segment("run", 60.0, 150.0, (145.0, 155.0), mode)


def play(
    mixer: Mixer, music: SessionMusic, seg: Segment, until_s: float, levels: list[float]
) -> None:
    """Render block by block, ticking the music as the session loop does."""
    out = np.zeros((BLOCK, 1), dtype=np.float32)
    while mixer.frames < until_s * FS:
        mixer.render(out)
        music.tick(mixer.frames / FS, seg, mixer)
        levels.append(mixer._params.volume if mixer._params.enabled else 0.0)


@pytest.mark.parametrize("mode", [MetronomeMode.FADED, MetronomeMode.ON])
def test_the_clicks_step_back_while_the_music_carries_the_beat(
    mode: MetronomeMode, tracks: dict[str, Track], click48: ClickVoice
) -> None:
    volume = 0.8
    mixer = Mixer(FS, ClickParams(click48, volume=volume), Fraction(150))
    said: list[str] = []
    music = session_music(
        [tracks["frontiers.flac"]], FS, volume, seed=0, live=False, cache_dir=None,
        notify=said.append,
    )  # fmt: skip
    seg = segment(mode)
    try:
        music.metronome(True, "segment")
        music.start(seg, Fraction(150), mixer)
        levels: list[float] = []
        play(mixer, music, seg, 1.0 + CLICK_FADE_S + 1.0, levels)
        assert music.player.carrying(mixer)
        settled = CLICKS_UNDER_MUSIC * volume if mode is MetronomeMode.ON else 0.0
        assert levels[-1] == pytest.approx(settled)
        assert all(a >= b for a, b in itertools.pairwise(levels))  # a fade, no jump up
        music.metronome(True, "drift")
        play(mixer, music, seg, mixer.frames / FS + 0.2, levels)
        back = volume if mode is MetronomeMode.FADED else CLICKS_UNDER_MUSIC * volume
        assert levels[-1] == pytest.approx(back)  # at once, not faded in
    finally:
        music.close()
    assert said == []
