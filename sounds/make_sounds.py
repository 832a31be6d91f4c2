"""Write the click voices as WAV files beside this script, from our own synthesis code.

Run: python sounds/make_sounds.py  (the files are committed; tests check they match).
"""

from __future__ import annotations

from pathlib import Path

from cadence_coach.audio import VOICE_NAMES
from cadence_coach.audio.pcm import write_wav_mono
from cadence_coach.audio.voices import STORED_RATES, synthesise, wav_path


def main() -> None:
    folder = Path(__file__).resolve().parent
    for fs in STORED_RATES:
        for name in VOICE_NAMES:
            for accent in (False, True):
                path = wav_path(name, accent, fs, folder)
                write_wav_mono(path, synthesise(name, accent, fs), fs)
                print(f"wrote {path.name}")


if __name__ == "__main__":
    main()
