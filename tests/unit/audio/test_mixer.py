"""The mixer, called as PortAudio would call it: exact onsets at any block size."""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import numpy.typing as npt
import pytest

from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.overlay import FADE_S, MAX_SOURCES
from cadence_coach.audio.voices import ClickVoice
from tests.support.allocation import render_allocates
from tests.support.beats import FS, ideal, ramp
from tests.support.signals import OnsetStream, click_track, onsets

AWKWARD_BLOCKS = (1, 7, 480, 1021, 4096, 333, 8192, 2, 12_000)


def render(
    mixer: Mixer, frames: int, blocks: tuple[int, ...] = AWKWARD_BLOCKS, channels: int = 1
) -> npt.NDArray[np.float32]:
    out = np.zeros((frames, channels), dtype=np.float32)
    pos = 0
    for size in itertools.cycle(blocks):
        if pos >= frames:
            break
        mixer.render(out[pos : pos + size])
        pos += size
    return out[:, 0] if channels == 1 else out


def test_render_equals_whole_clicks_at_exact_samples(click48: ClickVoice) -> None:
    bpm = Fraction("171.3")
    mixer = Mixer(FS, ClickParams(click48, volume=0.5, accent_every=4), bpm)
    frames = 20 * FS
    got = render(mixer, frames)
    positions = [ideal(k, bpm) for k in range(100) if ideal(k, bpm) < frames]
    expected = click_track(click48, positions, frames, volume=0.5, accent_every=4)
    np.testing.assert_array_equal(got, expected)
    assert mixer.beats == len(positions)


@pytest.mark.parametrize("block", [1, 7, 480, 1021])
def test_each_block_size_alone(click48: ClickVoice, block: int) -> None:
    bpm = Fraction("200.25")
    frames = 3 * FS
    got = render(Mixer(FS, ClickParams(click48), bpm), frames, (block,))
    positions = [p for p in (ideal(k, bpm) for k in range(20)) if p < frames]
    np.testing.assert_array_equal(got, click_track(click48, positions, frames))


@pytest.mark.slow
@pytest.mark.parametrize(
    "bpm", ["40", "60.5", "90", "128", "150.75", "171.3", "180", "199.9", "240"]
)
def test_an_hour_of_onsets_is_exact(click48: ClickVoice, bpm: str) -> None:
    """One hour per tempo, blocks cycling through awkward sizes: every onset on its sample."""
    tempo = Fraction(bpm)
    mixer = Mixer(FS, ClickParams(click48), tempo)
    frames = 3600 * FS
    blocks = (1, 7, 480, 1021, 8192, 8191, 12_000, 16_384, 4096, 1)
    buf = np.zeros((max(blocks), 1), dtype=np.float32)
    stream = OnsetStream()
    for size in itertools.cycle(blocks):
        n = min(size, frames - stream.pos)
        if n <= 0:
            break
        mixer.render(buf[:n])
        stream.feed(buf[:n, 0])
    expected = [ideal(k, tempo) for k in range(int(tempo * 60) + 1)]
    expected = [p for p in expected if p < frames]
    assert stream.found == expected


def test_tempo_change_takes_effect_at_the_next_beat(click48: ClickVoice) -> None:
    old, new = Fraction(160), Fraction(176)
    mixer = Mixer(FS, ClickParams(click48), old)
    first = render(mixer, FS)  # 1 s: beats 0, 1, 2 at 160 bpm; the next is at 18000
    assert mixer.next_beat == ideal(3, old)
    mixer.set_tempo(new)
    rest = render(mixer, 9 * FS)
    found = onsets(np.concatenate([first, rest])).tolist()
    pivot = ideal(3, old)
    expected = [ideal(k, old) for k in range(4)]
    expected += [pivot + ideal(k, new) for k in range(1, 40) if pivot + ideal(k, new) < 10 * FS]
    assert found == expected
    assert mixer.bpm == new


def test_ramp_moves_smoothly_and_loses_no_click(click48: ClickVoice) -> None:
    a, b, n = Fraction(164), Fraction(172), 8
    mixer = Mixer(FS, ClickParams(click48), a)
    head = render(mixer, FS // 2)  # beats at 0 and 17561; the next at 35122
    pivot = mixer.next_beat
    mixer.set_tempo(b, ramp_beats=n)
    tail = render(mixer, 10 * FS)
    found = onsets(np.concatenate([head, tail])).tolist()
    ramped = [pivot + offset for offset in ramp(a, b, n)]
    after = [ramped[-1] + ideal(k, b) for k in range(1, 30)]
    expected = [0, ideal(1, a), *ramped, *(p for p in after if p < 10.5 * FS)]
    assert found == expected
    intervals = np.diff(found[1:])
    assert np.all(np.diff(intervals[: n + 1]) <= 1)  # shrinking step by step, never jumping
    assert mixer.bpm == b


def test_a_ramp_interrupted_by_another_starts_from_the_tempo_sounding(
    click48: ClickVoice,
) -> None:
    mixer = Mixer(FS, ClickParams(click48), Fraction(160))
    out = [render(mixer, FS)]
    mixer.set_tempo(Fraction(180), ramp_beats=10)
    out.append(render(mixer, 2 * FS))  # part way up the ramp
    sounding = mixer.bpm
    assert Fraction(160) < sounding < Fraction(180)
    mixer.set_tempo(Fraction(150), ramp_beats=4)
    out.append(render(mixer, 6 * FS))
    intervals = np.diff(onsets(np.concatenate(out)))
    # No click lost (an interval of two periods) or doubled (a tiny interval).
    lo, hi = 60 * FS / 180, 60 * FS / 150
    assert intervals.min() >= math.floor(lo)
    assert intervals.max() <= math.ceil(hi)
    assert mixer.bpm == Fraction(150)


def test_accent_on_the_first_beat_of_each_group(click48: ClickVoice) -> None:
    mixer = Mixer(FS, ClickParams(click48, accent_every=3), Fraction(120))
    got = render(mixer, 4 * FS)
    for i, pos in enumerate(onsets(got)):
        sound = click48.accent if i % 3 == 0 else click48.normal
        np.testing.assert_array_equal(got[pos : pos + len(sound)], sound)


def test_disabled_clicks_keep_the_grid(click48: ClickVoice) -> None:
    bpm = Fraction(150)
    mixer = Mixer(FS, ClickParams(click48, fade_beats=0), bpm)  # no fade: the grid alone
    render(mixer, FS)
    mixer.set_click(enabled=False)
    silent = render(mixer, 2 * FS)
    assert not silent.any()
    mixer.set_click(enabled=True)
    back = render(mixer, FS)
    assert (onsets(back) + 3 * FS).tolist() == [
        ideal(k, bpm) for k in range(20) if 3 * FS <= ideal(k, bpm) < 4 * FS
    ]


def test_volume_change_applies_to_whole_clicks(click48: ClickVoice) -> None:
    mixer = Mixer(FS, ClickParams(click48, volume=1.0), Fraction(120))
    render(mixer, FS // 4)  # past the first click, before the second
    mixer.set_click(volume=0.25)
    got = render(mixer, FS)
    second = ideal(1, Fraction(120)) - FS // 4
    np.testing.assert_array_equal(
        got[second : second + len(click48.normal)], click48.normal * np.float32(0.25)
    )


def test_sources_start_on_their_sample_and_sum_with_clicks(click48: ClickVoice) -> None:
    bpm = Fraction(120)
    mixer = Mixer(FS, ClickParams(click48, volume=0.5), bpm)
    tone = (0.1 * np.sin(np.arange(FS) * 0.05)).astype(np.float32)
    handle = mixer.play(tone, at=12_345, gain=0.5)
    got = render(mixer, 3 * FS)
    positions = [ideal(k, bpm) for k in range(6)]
    expected = click_track(click48, positions, 3 * FS, volume=0.5)
    expected[12_345 : 12_345 + FS] += tone * np.float32(0.5)
    np.testing.assert_allclose(got, expected, atol=1e-7)
    assert handle.started_at == 12_345
    assert handle.finished


def test_ducking_lowers_clicks_while_a_source_plays_then_restores(click48: ClickVoice) -> None:
    bpm = Fraction(120)  # a beat every 24000 samples
    mixer = Mixer(FS, ClickParams(click48, volume=0.8), bpm)
    speech = np.full(60_000, 1e-3, dtype=np.float32)  # covers the beats at 24k, 48k and 72k
    mixer.play(speech, at=20_000, duck=0.25)
    got = render(mixer, 4 * FS)
    positions = [ideal(k, bpm) for k in range(8)]
    gains = [0.8, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8]
    expected = click_track(click48, positions, 4 * FS, gains=gains)
    expected[20_000:80_000] += speech
    np.testing.assert_allclose(got, expected, atol=1e-7)
    # The grid itself is untouched by speech.
    quiet = Mixer(FS, ClickParams(click48, volume=0.8), bpm)
    assert onsets(render(quiet, 4 * FS)).tolist() == positions


def test_source_asap_cancel_and_overflow(click48: ClickVoice) -> None:
    mixer = Mixer(FS, ClickParams(click48, enabled=False), Fraction(120))
    render(mixer, 1000, (1000,))
    soon = mixer.play(np.ones(5000, dtype=np.float32) * 0.1)
    out = render(mixer, 480, (480,))
    assert soon.started_at == 1000
    assert np.all(out == np.float32(0.1))
    soon.cancel()
    faded = render(mixer, 480, (480,))
    fade = round(FADE_S * FS)  # 240 samples falling linearly from full level, then silence
    np.testing.assert_allclose(faded[:fade], 0.1 * (1 - np.arange(fade) / fade), atol=1e-7)
    assert not faded[fade:].any()
    assert soon.finished
    never_heard = mixer.play(np.ones(100, dtype=np.float32), at=mixer.frames + 10_000)
    never_heard.cancel()
    assert not render(mixer, 480, (480,)).any()
    assert never_heard.finished
    assert never_heard.started_at is None
    handles = [mixer.play(np.ones(10, dtype=np.float32), at=5000) for _ in range(MAX_SOURCES + 2)]
    render(mixer, 480, (480,))
    assert mixer.dropped_sources == 2
    assert [h.finished for h in handles].count(True) == 2


def test_output_is_clipped_not_wrapped(click48: ClickVoice) -> None:
    mixer = Mixer(FS, ClickParams(click48, enabled=False), Fraction(120))
    mixer.play(np.full(100, 0.9, dtype=np.float32), at=0)
    mixer.play(np.full(100, 0.9, dtype=np.float32), at=0)
    got = render(mixer, 100, (100,))
    assert np.all(got == np.float32(1.0))


def test_every_channel_gets_the_mix(click48: ClickVoice) -> None:
    mixer = Mixer(FS, ClickParams(click48), Fraction(170))
    stereo = render(mixer, FS, channels=2)
    assert stereo.shape == (FS, 2)
    np.testing.assert_array_equal(stereo[:, 0], stereo[:, 1])
    assert stereo.any()


def test_render_allocates_no_buffers(click48: ClickVoice) -> None:
    """The callback must not allocate: 4096-frame blocks would show up as 16 kB each."""
    mixer = Mixer(FS, ClickParams(click48, accent_every=2), Fraction(240))
    out = np.zeros((4096, 2), dtype=np.float32)
    mixer.play(np.ones(FS, dtype=np.float32) * 0.01, at=0, duck=0.5)
    assert render_allocates(mixer, out, 500) < 4096


def test_voice_rate_must_match(click48: ClickVoice) -> None:
    with pytest.raises(ValueError, match="48000 Hz"):
        Mixer(44_100, ClickParams(click48), Fraction(120))


def beat_peaks(mixer: Mixer, beats: int, samples_per_beat: int) -> list[float]:
    out = np.zeros((beats * samples_per_beat, 1), dtype=np.float32)
    mixer.render(out)
    return [float(np.abs(b).max()) for b in np.split(out[:, 0], beats)]


def test_the_faded_metronome_fades_over_beats_instead_of_cutting(click48: ClickVoice) -> None:
    per_beat = FS // 2  # 120 bpm
    mixer = Mixer(FS, ClickParams(click48, fade_beats=8), Fraction(120))
    full = beat_peaks(mixer, 2, per_beat)[-1]
    mixer.set_click(enabled=False)
    out = [p / full for p in beat_peaks(mixer, 10, per_beat)]
    assert out == pytest.approx(
        [7 / 8, 6 / 8, 5 / 8, 4 / 8, 3 / 8, 2 / 8, 1 / 8, 0, 0, 0], abs=1e-3
    )
    mixer.set_click(enabled=True)
    back = [p / full for p in beat_peaks(mixer, 9, per_beat)]
    assert back == pytest.approx([1 / 8, 2 / 8, 3 / 8, 4 / 8, 5 / 8, 6 / 8, 7 / 8, 1, 1], abs=1e-3)


def test_a_change_at_once_takes_the_next_beat(click48: ClickVoice) -> None:
    per_beat = FS // 2
    mixer = Mixer(FS, ClickParams(click48, enabled=False), Fraction(120))
    assert beat_peaks(mixer, 2, per_beat) == [0, 0]
    mixer.set_click(enabled=True, at_once=True)  # a session's first beat: no fade in
    first, second = beat_peaks(mixer, 2, per_beat)
    assert first > 0
    assert first == pytest.approx(second)
