"""``say`` and ``voices``: a phrase spoken as the coach would, and the voices there are."""

from __future__ import annotations

from pathlib import Path

import click

from cadence_coach.cli.options import (
    OUT_FILE,
    audio_encoding,
    device_option,
    output_device,
    samplerate_option,
    voice_option,
    volume_option,
    warn,
)
from cadence_coach.speech import DEFAULT_RATE_WPM, MAX_RATE_WPM, MIN_RATE_WPM


@click.command()
@click.argument("text")
@click.option(
    "--out", type=OUT_FILE, help="Write the phrase to this WAV file instead of playing it."
)
@voice_option("A voice id, name or language (see `cadence-coach voices`).")
@click.option("--rate", type=click.IntRange(MIN_RATE_WPM, MAX_RATE_WPM), default=DEFAULT_RATE_WPM,
              show_default=True, help="Words per minute.")  # fmt: skip
@volume_option(default="1", show_default=False)
@device_option()
@samplerate_option()
def say(
    text: str,
    out: Path | None,
    voice: str | None,
    rate: int,
    volume: float,
    device: str | None,
    samplerate: int | None,
) -> None:
    """Speak TEXT through the output device (or into --out), as the coach would."""
    from cadence_coach.audio.stream import play_pcm
    from cadence_coach.speech.tts import clean_text, speak

    try:
        cleaned, cut = clean_text(text)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'TEXT'") from None
    if cut:
        warn(f"the text was cut to {len(cleaned)} characters: cues are short phrases")
    if out is not None:
        audio_encoding(out)  # a file it cannot write is refused before any work
    dev = None if out is not None else output_device(device)
    fs = samplerate or (dev.default_samplerate if dev is not None else 48_000)
    pcm = speak(cleaned, fs, voice=voice, rate_wpm=rate)
    seconds = len(pcm) / fs
    if out is not None:
        from cadence_coach.audio.files import write_pcm

        write_pcm(out, pcm * volume, fs)
        click.echo(f"wrote {out}: {seconds:.2f} s at {fs} Hz")
        return
    assert dev is not None
    play_pcm(pcm, fs, dev, gain=volume)
    click.echo(f"said {cleaned!r} ({seconds:.2f} s) on {dev.name!r}")


@click.command()
def voices() -> None:
    """List the voices the speech engine offers."""
    from cadence_coach.speech.tts import list_voices

    found = list_voices()
    for v in found:
        click.echo(f"{v.id:<16} {v.name:<32} {', '.join(v.languages)}")
    click.echo(f"{len(found)} voices; choose one with --voice ID, NAME or LANGUAGE")
