"""``metronome`` and ``devices``: the click track alone, and where it can play."""

from __future__ import annotations

import time
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cadence_coach.audio import DEFAULT_BLOCKSIZE, DEFAULT_LATENCY_S
from cadence_coach.cli.options import (
    AUDIO_OUT,
    OUT_FILE,
    Finite,
    audio_encoding,
    device_option,
    duration_option,
    output_device,
    parsed,
    samplerate_option,
    sound_option,
    volume_option,
)
from cadence_coach.units import format_duration, parse_bpm

if TYPE_CHECKING:
    from cadence_coach.session.click_track import MetronomeResult


def fmt_bpm(bpm: Fraction) -> str:
    return f"{float(bpm):g}"


def report_playback(what: str, result: MetronomeResult) -> None:
    verb = "stopped after" if result.interrupted else what
    beats = f", {result.beats} beats" if result.beats else ""
    click.echo(f"{verb} {format_duration(result.seconds)}{beats}")
    if result.underflows:
        click.echo(
            f"warning: the audio device ran short {result.underflows} times (audible gaps); "
            f"try a larger --blocksize",
            err=True,
        )


@click.command()
@click.option("--bpm", callback=parsed(parse_bpm), required=True,
              help="Tempo in steps per minute; 171.5 is fine.")  # fmt: skip
@click.option("--accent-every", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Accent the first beat of every N (0: no accent).")  # fmt: skip
@sound_option()
@volume_option()
@duration_option(help="How long, e.g. 90s, 10m, 1h. Default: Ctrl-C.")
@device_option()
@samplerate_option("Sample rate in Hz. Default: the device's own; 48000 for --out.")
@click.option(
    "--blocksize",
    type=click.IntRange(16, 16_384),
    default=DEFAULT_BLOCKSIZE,
    show_default=True,
    help="Frames per audio callback (timing is exact at any size).",
)
@click.option(
    "--latency",
    type=Finite(0.005, 2.0),
    default=DEFAULT_LATENCY_S,
    show_default=True,
    help="Output buffer in seconds; larger saves battery, smaller reacts sooner.",
)
@click.option("--out", type=OUT_FILE, help="Render to this file, as fast as possible, instead "
              f"of playing ({AUDIO_OUT}).")  # fmt: skip
def metronome(
    bpm: Fraction,
    accent_every: int,
    sound: str,
    volume: float,
    duration: float | None,
    device: str | None,
    samplerate: int | None,
    blocksize: int,
    latency: float,
    out: Path | None,
) -> None:
    """Play a click track at --bpm until Ctrl-C (or for --duration)."""
    from cadence_coach.session import click_track as sounds
    from cadence_coach.session.settings import MetronomeSettings

    if out is not None:
        settings = MetronomeSettings(bpm, sound, volume, accent_every, samplerate or 48_000)
        seconds = duration if duration is not None else sounds.DEFAULT_RENDER_S
        began = time.perf_counter()
        result = sounds.render_metronome(settings, out, seconds, audio_encoding(out))
        took = time.perf_counter() - began
        click.echo(
            f"wrote {out}: {format_duration(result.seconds)} at {fmt_bpm(bpm)} spm, "
            f"{result.beats} beats, {settings.samplerate} Hz (rendered in {took:.2f} s)"
        )
        return
    dev = output_device(device)
    rate = samplerate or dev.default_samplerate
    settings = MetronomeSettings(bpm, sound, volume, accent_every, rate)
    until = f"for {format_duration(duration)}" if duration else "until Ctrl-C"
    from cadence_coach.session.playing import playing

    with playing(f"the metronome at {fmt_bpm(bpm)} spm on {dev.name!r}"):
        click.echo(f"metronome at {fmt_bpm(bpm)} spm on {dev.name!r} ({rate} Hz), {until}")
        result = sounds.play_metronome(
            settings, dev, duration, blocksize=blocksize, latency_s=latency
        )
    report_playback("played", result)


@click.command()
def devices() -> None:
    """List audio output devices; * marks the default."""
    from cadence_coach.audio.devices import output_devices

    found = output_devices()
    if not found:
        click.echo("no audio output devices found (use --out FILE.wav to render to a file)")
        return
    for d in found:
        mark = "*" if d.is_default else " "
        click.echo(
            f"{mark} {d.index:>3}  {d.name}  ({d.hostapi}, {d.channels} ch, "
            f"{d.default_samplerate} Hz)"
        )
