"""The speaker on a real mixer with real speech: cues start on their sample, duck the clicks and
leave the grid; at most one phrase at a time."""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from cadence_coach.audio.mixer import ClickParams, Mixer
from cadence_coach.audio.pcm import to_float
from cadence_coach.audio.voices import ClickVoice
from cadence_coach.speech.earcons import earcon
from cadence_coach.speech.phrases import Cue, Earcon, PhraseBook, Priority
from cadence_coach.speech.speaker import DUCK, Speaker
from cadence_coach.speech.tts import SpeechRenderer
from tests.support.beats import FS, ideal
from tests.support.signals import click_track


def cue(key: str, priority: Priority, valid_s: float = 2.0, text: str | None = None) -> Cue:
    return Cue(key, text or key, priority, valid_s, Earcon.NOTICE)


URGENT = cue("walk_now", Priority.URGENT)
COACH = cue("cadence_up", Priority.COACHING)
CHAT = cue("in_zone", Priority.CHATTER)


# -- the speaker on a real mixer, rendered offline --------------------------------------------


def render_until(mixer: Mixer, frame: int, out: list[npt.NDArray[np.float32]]) -> None:
    """Render in 480-frame blocks up to exactly ``frame``."""
    while mixer.frames < frame:
        buf = np.zeros((min(480, frame - mixer.frames), 1), dtype=np.float32)
        mixer.render(buf)
        out.append(buf[:, 0])


def test_speech_starts_on_its_sample_ducks_clicks_and_leaves_the_grid(
    click48: ClickVoice, renderer48: SpeechRenderer
) -> None:
    bpm, volume = Fraction(170), 0.8
    mixer = Mixer(FS, ClickParams(click48, volume=volume), bpm)
    speaker = Speaker(mixer, renderer48, volume=0.7)
    phrase = PhraseBook().cue("cadence_up")
    speaker.prepare([phrase.text])
    out: list[npt.NDArray[np.float32]] = []
    asked = 50_017  # not on a block boundary
    render_until(mixer, asked, out)
    speaker.say(phrase)
    render_until(mixer, 8 * FS, out)
    got = np.concatenate(out)

    speech = to_float(renderer48.render(phrase.text))
    assert speaker.history[0][2].started_at == asked
    positions = [ideal(k, bpm) for k in range(40) if ideal(k, bpm) < 8 * FS]
    ducked = [asked <= p < asked + len(speech) for p in positions]
    assert any(ducked)
    assert not ducked[-1]  # the level is back after the phrase
    gains = [volume * DUCK if d else volume for d in ducked]
    expected = click_track(click48, positions, 8 * FS, gains=gains)
    expected[asked : asked + len(speech)] += speech * np.float32(0.7)
    np.testing.assert_allclose(got, np.clip(expected, -1, 1), atol=1e-6)


def test_urgent_cuts_chatter_waits_and_stale_is_dropped(renderer48: SpeechRenderer) -> None:
    mixer = Mixer(FS, ClickParams(load_click(), enabled=False), Fraction(170))
    speaker = Speaker(mixer, renderer48)
    book = PhraseBook()
    long_cue = Cue(
        "chat", "Nice and relaxed, keep it smooth and easy", Priority.COACHING, 5.0, Earcon.NOTICE
    )
    praise = book.cue("in_zone")  # chatter, valid for 3 s
    walk = Cue(
        "walk_now",
        "Walk now. Walk easy, breathe out, and relax your shoulders and arms",
        Priority.URGENT,
        3.0,
        Earcon.SEGMENT,
    )
    speaker.prepare([long_cue.text, praise.text, walk.text])
    out: list[npt.NDArray[np.float32]] = []
    speaker.say(long_cue)
    render_until(mixer, FS // 2, out)
    speaker.say(praise)  # lower priority: waits
    speaker.tick()
    assert [c for c, _, _ in speaker.history] == [long_cue]
    render_until(mixer, FS, out)
    speaker.say(walk)  # urgent: cuts the long phrase at once
    first, second = speaker.history[0][2], speaker.history[1][2]
    assert first.cancelled
    render_until(mixer, FS + 4800, out)
    assert first.finished
    assert second.started_at == FS
    assert len(second.pcm) > 3 * FS  # it outlasts the praise's validity window
    # Praise waited behind the walk cue past its validity: dropped, never played late.
    while mixer.frames < 6 * FS:
        render_until(mixer, mixer.frames + 4800, out)
        speaker.tick()
    assert [c for c, _, _ in speaker.history] == [long_cue, walk]
    assert speaker.dropped == [praise]


def test_at_most_one_phrase_at_a_time(renderer48: SpeechRenderer) -> None:
    mixer = Mixer(FS, ClickParams(load_click(), enabled=False), Fraction(170))
    speaker = Speaker(mixer, renderer48)
    book = PhraseBook()
    cues = [book.cue("seconds_left", n) for n in (30, 20)] + [book.cue("halfway")]
    cues = [Cue(f"k{i}", c.text, Priority.COACHING, 10.0, c.earcon) for i, c in enumerate(cues)]
    speaker.prepare([c.text for c in cues])
    out: list[npt.NDArray[np.float32]] = []
    for c in cues:
        speaker.say(c)
    while speaker.busy:
        render_until(mixer, mixer.frames + 480, out)
        speaker.tick()
    starts = [h.started_at for _, _, h in speaker.history]
    spans = [
        (s, s + len(h.pcm))
        for s, (_, _, h) in zip(starts, speaker.history, strict=True)
        if s is not None
    ]
    assert len(spans) == 3
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def test_without_an_engine_cues_are_earcons(click48: ClickVoice) -> None:
    mixer = Mixer(FS, ClickParams(click48, enabled=False), Fraction(170))
    speaker = Speaker(mixer, None)
    assert not speaker.speaking
    speaker.say(PhraseBook().cue("cadence_up"))
    out: list[npt.NDArray[np.float32]] = []
    render_until(mixer, FS, out)
    got = np.concatenate(out)
    tone = earcon(Earcon.FASTER, FS)
    np.testing.assert_allclose(got[: len(tone)], tone, atol=1e-7)


def load_click() -> ClickVoice:
    from cadence_coach.audio.voices import load_voice

    return load_voice("click", FS)
