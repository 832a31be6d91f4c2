"""Command line: parses arguments and calls :mod:`cadence_coach.session`. Only click here.

Heavy modules (numpy, sounddevice) are imported inside the commands, so ``--help`` is instant.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from cadence_coach import __version__
from cadence_coach.audio import DEFAULT_BLOCKSIZE, DEFAULT_LATENCY_S, VOICE_NAMES
from cadence_coach.errors import AudioDeviceError, CoachError
from cadence_coach.speech import DEFAULT_RATE_WPM, MAX_RATE_WPM, MIN_RATE_WPM
from cadence_coach.units import format_duration, parse_bpm, parse_duration, parse_volume

if TYPE_CHECKING:
    from cadence_coach.audio.output import OutputDevice
    from cadence_coach.session import MetronomeResult


def _parsed(parse: Callable[[str], Any]) -> Callable[[click.Context, click.Parameter, Any], Any]:
    """An option callback around one of the pure parsers in :mod:`cadence_coach.units`."""

    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as err:
            raise click.BadParameter(str(err), ctx, param) from None

    return callback


def _fail(message: str, code: int) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class CoachGroup(click.Group):
    """A group whose errors are one line: usage errors exit 2, :class:`CoachError` exits 1."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            code = super().main(args, prog_name or "cadence-coach", complete_var, False, **extra)
        except click.UsageError as err:
            hint = f"; see '{err.ctx.command_path} --help'" if err.ctx else ""
            _fail(err.format_message().replace("\n", " ").rstrip(".") + hint, 2)
        except click.ClickException as err:
            _fail(err.format_message().replace("\n", " "), err.exit_code)
        except click.Abort:
            click.echo("", err=True)
            sys.exit(130)
        except CoachError as err:
            _fail(str(err), 1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(cls=CoachGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="cadence-coach")
def cli() -> None:
    """A real-time audio cadence coach for runners.

    Plays a sample-accurate metronome in your headphones, a little above your habitual
    cadence (steps per minute). Render to a WAV file with --out when there is no sound card.
    """


def _fmt_bpm(bpm: Fraction) -> str:
    return f"{float(bpm):g}"


def _output_device(spec: str | None) -> OutputDevice:
    """Resolve ``--device``; an unknown device is a usage error (exit 2)."""
    from cadence_coach.audio.output import resolve_device

    try:
        return resolve_device(spec)
    except AudioDeviceError as err:
        raise click.BadParameter(str(err), param_hint="'--device'") from None


def _report(what: str, result: MetronomeResult) -> None:
    verb = "stopped after" if result.interrupted else what
    beats = f", {result.beats} beats" if result.beats else ""
    click.echo(f"{verb} {format_duration(result.seconds)}{beats}")
    if result.underflows:
        click.echo(
            f"warning: the audio device ran short {result.underflows} times (audible gaps); "
            f"try a larger --blocksize",
            err=True,
        )


@cli.command()
@click.option(
    "--bpm",
    callback=_parsed(parse_bpm),
    required=True,
    help="Tempo in steps per minute; 171.5 is fine.",
)
@click.option(
    "--accent-every",
    type=click.IntRange(0, 64),
    default=0,
    show_default=True,
    help="Accent the first beat of every N (0: no accent).",
)
@click.option(
    "--sound", type=click.Choice(VOICE_NAMES), default="click", show_default=True, help="Voice."
)
@click.option(
    "--volume",
    callback=_parsed(parse_volume),
    default="0.8",
    show_default=True,
    help="0..1 or 80%.",
)
@click.option(
    "--duration",
    callback=_parsed(parse_duration),
    help="How long, e.g. 90s, 10m, 1h. Default: Ctrl-C.",
)
@click.option("--device", help="Output device name or index (see `cadence-coach devices`).")
@click.option(
    "--samplerate",
    type=click.IntRange(8000, 192_000),
    help="Sample rate in Hz. Default: the device's own; 48000 for --out.",
)
@click.option(
    "--blocksize",
    type=click.IntRange(16, 16_384),
    default=DEFAULT_BLOCKSIZE,
    show_default=True,
    help="Frames per audio callback (timing is exact at any size).",
)
@click.option(
    "--latency",
    type=click.FloatRange(0.005, 2.0),
    default=DEFAULT_LATENCY_S,
    show_default=True,
    help="Output buffer in seconds; larger saves battery, smaller reacts sooner.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Render to this WAV file, as fast as possible, instead of playing.",
)
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
    from cadence_coach import session

    if out is not None:
        settings = session.MetronomeSettings(bpm, sound, volume, accent_every, samplerate or 48_000)
        seconds = duration if duration is not None else session.DEFAULT_RENDER_S
        began = time.perf_counter()
        result = session.render_metronome(settings, out, seconds)
        took = time.perf_counter() - began
        click.echo(
            f"wrote {out}: {format_duration(result.seconds)} at {_fmt_bpm(bpm)} spm, "
            f"{result.beats} beats, {settings.samplerate} Hz (rendered in {took:.2f} s)"
        )
        return
    dev = _output_device(device)
    rate = samplerate or dev.default_samplerate
    settings = session.MetronomeSettings(bpm, sound, volume, accent_every, rate)
    until = f"for {format_duration(duration)}" if duration else "until Ctrl-C"
    click.echo(f"metronome at {_fmt_bpm(bpm)} spm on {dev.name!r} ({rate} Hz), {until}")
    result = session.play_metronome(settings, dev, duration, blocksize=blocksize, latency_s=latency)
    _report("played", result)


@cli.command()
def devices() -> None:
    """List audio output devices; * marks the default."""
    from cadence_coach.audio.output import output_devices

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


@cli.command()
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=Path("demo.wav"),
    show_default=True,
    help="Where to write the demo.",
)
@click.option("--play/--no-play", default=True, help="Play it if an output device exists.")
@click.option("--device", help="Output device name or index.")
def demo(out: Path, play: bool, device: str | None) -> None:
    """Render a 20 s demo (habitual 164 spm, a spoken cue, a smooth ramp to 172) and play it."""
    from cadence_coach import session
    from cadence_coach.errors import AudioUnavailable

    result = session.render_demo(out, notify=_warn)
    cues = ", ".join(f"{t!r}" for t in result.said) if result.words else "as tones"
    click.echo(
        f"wrote {out}: {format_duration(result.metronome.seconds)}, {result.metronome.beats} "
        f"beats, {_fmt_bpm(session.DEMO_HABITUAL)} spm ramping to "
        f"{_fmt_bpm(session.DEMO_TARGET)} spm (+5%) after {session.DEMO_RAMP_AT_S:g} s; "
        f"cues: {cues}"
    )
    if not play:
        return
    try:
        dev = _output_device(device)
    except AudioUnavailable:
        click.echo(f"no audio output device here, so not playing it; {out} opens in any player")
        return
    click.echo(f"playing {out} on {dev.name!r}; Ctrl-C to stop")
    _report("played", session.play_file(out, dev))


@cli.command()
@click.argument("text")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the phrase to this WAV file instead of playing it.",
)
@click.option("--voice", help="A voice id, name or language (see `cadence-coach voices`).")
@click.option(
    "--rate",
    type=click.IntRange(MIN_RATE_WPM, MAX_RATE_WPM),
    default=DEFAULT_RATE_WPM,
    show_default=True,
    help="Words per minute.",
)
@click.option("--volume", callback=_parsed(parse_volume), default="1", help="0..1 or 80%.")
@click.option("--device", help="Output device name or index.")
@click.option("--samplerate", type=click.IntRange(8000, 192_000), help="Sample rate in Hz.")
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
    from cadence_coach import session
    from cadence_coach.speech.tts import clean_text

    try:
        cleaned, cut = clean_text(text)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'TEXT'") from None
    if cut:
        _warn(f"the text was cut to {len(cleaned)} characters: cues are short phrases")
    dev = None if out is not None else _output_device(device)
    fs = samplerate or (dev.default_samplerate if dev is not None else 48_000)
    pcm = session.speak(cleaned, fs, voice=voice, rate_wpm=rate)
    seconds = len(pcm) / fs
    if out is not None:
        from cadence_coach.audio.pcm import write_wav_mono

        write_wav_mono(out, pcm * volume, fs)
        click.echo(f"wrote {out}: {seconds:.2f} s at {fs} Hz")
        return
    assert dev is not None
    session.play_pcm(pcm, fs, dev, gain=volume)
    click.echo(f"said {cleaned!r} ({seconds:.2f} s) on {dev.name!r}")


@cli.command()
def voices() -> None:
    """List the voices the speech engine offers."""
    from cadence_coach import session

    found = session.list_voices()
    for v in found:
        click.echo(f"{v.id:<16} {v.name:<32} {', '.join(v.languages)}")
    click.echo(f"{len(found)} voices; choose one with --voice ID, NAME or LANGUAGE")


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="cadence-coach")
