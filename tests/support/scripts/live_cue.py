"""Plays the metronome live on the ``pulse`` device and asks for a cue at 2 s.

Run by tests/integration/audio/test_live.py as a subprocess (sounddevice reads the device
list at import, so the server must exist first). Prints one JSON line: where the cue was
asked for and where it started, in stream samples.
"""

from __future__ import annotations

import json
from fractions import Fraction

from cadence_coach.audio import DEFAULT_BLOCKSIZE
from cadence_coach.audio.devices import resolve_device
from cadence_coach.audio.mixer import Mixer
from cadence_coach.audio.stream import LIVE_LEAD_IN_S, play
from cadence_coach.session.click_track import build_mixer
from cadence_coach.session.settings import MetronomeSettings
from cadence_coach.speech.phrases import PhraseBook
from cadence_coach.speech.speaker import make_speaker

FS = 48_000
BPM = Fraction(170)
ASK_AT = 2 * FS
LENGTH = 5 * FS
CUE_KEY = "cadence_up"


def main() -> None:
    mixer = build_mixer(MetronomeSettings(BPM, samplerate=FS), LIVE_LEAD_IN_S)
    speaker = make_speaker(mixer)
    cue = PhraseBook().cue(CUE_KEY)
    speaker.prepare([cue.text])

    def tick(m: Mixer) -> None:
        if not speaker.history and m.frames >= ASK_AT:
            speaker.say(cue)
        speaker.tick()

    result = play(mixer, resolve_device("pulse"), duration_frames=LENGTH, on_tick=tick)
    spoken, asked_s, handle = speaker.history[0]
    speaker.close()
    print(
        json.dumps(
            {
                "text": spoken.text,
                "asked": round(asked_s * FS),
                "started": handle.started_at,
                "blocksize": DEFAULT_BLOCKSIZE,
                "underflows": result.underflows,
            }
        )
    )


if __name__ == "__main__":
    main()
