"""Levels from the audio: consecutive tracks equally loud (EBU R128), nothing clipped with
clicks and words on top, and the music ducked under speech as the clicks are."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pyloudnorm
import pytest

from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.pcm import to_float
from cadence_coach.audio.voices import ClickVoice
from cadence_coach.coaching.segments import MetronomeMode
from cadence_coach.music.beatmap import fit, grid_rate
from cadence_coach.music.library import Track
from cadence_coach.music.playlist import Choice
from cadence_coach.music.worker import MUSIC_LUFS, Piece, Preparer, Request
from cadence_coach.plans.setup import free_run
from cadence_coach.session.settings import RunSettings
from cadence_coach.speech.phrases import PhraseBook
from cadence_coach.speech.speaker import DUCK
from cadence_coach.speech.tts import SpeechRenderer
from tests.support.music import render_session

pytestmark = pytest.mark.slow
FS = 48_000


def piece(track: Track, bpm: int, first: int = 1, count: int | None = None) -> Piece:
    """A piece of ``track`` at ``bpm``: ``count`` beats, or the whole track."""
    assert track.analysis is not None
    found = fit(track.analysis.tempo_bpm, bpm)
    assert found is not None
    choice = Choice(track, track.analysis, found)
    if count is None:
        count = len(grid_rate(track.analysis.beats_s, found.per_beat)) - 2 - first
    return Preparer(FS, None).prepare(Request(choice, Fraction(bpm), first, count, True))


def lufs(x: np.ndarray) -> float:
    return float(pyloudnorm.Meter(FS).integrated_loudness(x.astype(np.float64)))


def test_consecutive_tracks_are_equally_loud(tracks: dict[str, Track]) -> None:
    """The two tracks that fit 150 spm differ by about 5 LU as released; played whole, one
    after the other, they differ by less than 1 LU, and neither clips."""
    frontiers, blupi = tracks["frontiers.flac"], tracks["blupi007.flac"]
    assert frontiers.analysis is not None
    assert blupi.analysis is not None
    assert abs(frontiers.analysis.loudness_lufs - blupi.analysis.loudness_lufs) > 3
    a, b = piece(frontiers, 150), piece(blupi, 150)
    la, lb = lufs(a.pcm[a.lead :]), lufs(b.pcm[b.lead :])
    assert abs(la - lb) < 1.0
    assert la == pytest.approx(MUSIC_LUFS, abs=1.0)
    assert max(np.max(np.abs(a.pcm)), np.max(np.abs(b.pcm))) < 0.75


def test_nothing_clips_with_clicks_and_words_over_the_music(
    tracks: dict[str, Track], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup = free_run(150, None, None, None, 50, MetronomeMode.ON)
    settings = RunSettings(setup.config, volume=1.0, music=(tracks["frontiers.flac"],))
    session = render_session(settings, tmp_path / "loud.wav", monkeypatch)
    assert np.sqrt(np.mean(session.pcm[5 * FS :] ** 2)) > 0.05  # music is playing
    assert np.max(np.abs(session.pcm)) < 0.999  # int16 full scale is a clipped sample


def test_the_music_is_ducked_under_speech(
    tracks: dict[str, Track], click48: ClickVoice, renderer48: SpeechRenderer
) -> None:
    """From the audio: the mix less the words (which are known exactly) is the music, at
    the ducked level while the words play and at its own level around them."""
    music = piece(tracks["frontiers.flac"], 172, count=40)
    words = to_float(renderer48.render(PhraseBook().cue("cadence_up").text))
    at = 4 * FS + 123

    def mix(with_words: bool) -> np.ndarray:
        mixer = Mixer(FS, ClickParams(click48), Fraction(172))
        mixer.set_click(enabled=False, at_once=True)
        mixer.play(music.pcm, at=0, bed=True)
        if with_words:
            mixer.play(words, at=at, duck=DUCK)
        out = np.zeros((10 * FS, 1), dtype=np.float32)
        for lo in range(0, len(out), 2048):
            mixer.render(out[lo : lo + 2048])
        return out[:, 0]

    alone, both = mix(False), mix(True)
    heard = both.copy()
    heard[at : at + len(words)] -= words
    ramp = round(0.05 * FS)
    during = slice(at + ramp, at + len(words))
    before = slice(at - 2 * FS, at)
    after = slice(at + len(words) + ramp, at + len(words) + 2 * FS)

    def rms(x: np.ndarray) -> float:
        return float(np.sqrt(np.mean(x**2)))

    assert rms(heard[during]) / rms(alone[during]) == pytest.approx(DUCK, rel=0.02)
    assert rms(heard[before]) / rms(alone[before]) == pytest.approx(1.0, rel=1e-3)
    assert rms(heard[after]) / rms(alone[after]) == pytest.approx(1.0, rel=1e-3)
