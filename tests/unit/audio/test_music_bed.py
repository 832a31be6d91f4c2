"""A bed (music) on the mixer: ducked under speech as the clicks are, smoothly; faded out
slowly when cancelled; and still no allocation in the callback."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.overlay import DUCK_RAMP_S, LONG_FADE_S
from cadence_coach.audio.voices import ClickVoice
from tests.support.allocation import render_allocates
from tests.support.beats import FS
from tests.unit.audio.test_mixer import render


def quiet_mixer(click48: ClickVoice) -> Mixer:
    mixer = Mixer(FS, ClickParams(click48), Fraction(172))
    mixer.set_click(enabled=False, at_once=True)
    return mixer


def test_a_bed_is_ducked_while_speech_plays_and_comes_back(click48: ClickVoice) -> None:
    mixer = quiet_mixer(click48)
    bed = np.full(4 * FS, 0.4, dtype=np.float32)
    mixer.play(bed, at=0, bed=True)
    speech = np.zeros(FS, dtype=np.float32)  # silent words: what is left is the bed
    mixer.play(speech, at=FS, duck=0.35)
    out = render(mixer, 4 * FS)
    ramp = round(DUCK_RAMP_S * FS)
    assert out[:FS] == pytest.approx(0.4)  # not a sample early
    assert out[FS + ramp : 2 * FS] == pytest.approx(0.4 * 0.35, rel=1e-4)
    assert out[2 * FS + ramp :] == pytest.approx(0.4, rel=1e-4)  # up once the words end
    # Down and back up in ramps, never a step: at most one ramp's worth per sample.
    assert np.max(np.abs(np.diff(out))) <= 0.4 / ramp + 1e-6


def test_a_cancelled_bed_fades_out_slowly(click48: ClickVoice) -> None:
    mixer = quiet_mixer(click48)
    handle = mixer.play(np.full(3 * FS, 0.5, dtype=np.float32), at=0, bed=True)
    first = render(mixer, FS, blocks=(1000,))
    handle.cancel()
    rest = render(mixer, FS, blocks=(1000,))
    assert first[-1] == pytest.approx(0.5)
    fade = round(LONG_FADE_S * FS)
    assert rest[fade // 2] == pytest.approx(0.25, abs=0.01)
    assert not rest[fade + 1 :].any()
    assert handle.finished


def test_the_callback_allocates_nothing_with_a_ducked_bed(click48: ClickVoice) -> None:
    mixer = Mixer(FS, ClickParams(click48), Fraction(172))
    out = np.zeros((2048, 2), dtype=np.float32)
    mixer.play(np.full(60 * FS, 0.1, dtype=np.float32), at=0, bed=True)
    for k in range(0, 40):
        mixer.play(np.full(FS // 4, 0.01, dtype=np.float32), at=k * FS // 2, duck=0.35)
    assert render_allocates(mixer, out, 300) < 4096
