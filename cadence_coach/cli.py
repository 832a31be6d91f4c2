"""Command line: parses arguments and calls :mod:`cadence_coach.session`. Only click here.

Heavy modules (numpy, sounddevice) are imported inside the commands, so ``--help`` is instant.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sys
import time
from collections.abc import Callable, Iterator, Sequence
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
    from cadence_coach.coaching import CoachingSession
    from cadence_coach.sensors.live import LiveSensors
    from cadence_coach.session import MetronomeResult, RunSettings


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


OUT_FILE = click.Path(dir_okay=False, writable=True, path_type=Path)
"""A file the command writes (audio, summary, chart, export)."""


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
@click.option("--debug", is_flag=True, help="Log what happens (each skipped bad packet, in hex).")
def cli(debug: bool) -> None:
    """A real-time audio cadence coach for runners.

    Plays a sample-accurate metronome in your headphones, a little above your habitual
    cadence (steps per minute). Render to a WAV file with --out when there is no sound card.
    """
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(asctime)s %(name)s: %(message)s")
        for noisy in ("bumble", "bleak", "asyncio", "matplotlib", "PIL"):
            logging.getLogger(noisy).setLevel(logging.INFO)


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
    type=OUT_FILE,
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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _finish_run(session: CoachingSession, summary_path: Path | None) -> None:
    """Print the summary (and write it as JSON): also after Ctrl-C."""
    summary = session.recorder.summary(session.now if session.recorder.interrupted else None)
    if summary_path is not None:
        import json

        try:
            summary_path.write_text(json.dumps(summary, indent=2) + "\n")
        except OSError as err:
            raise click.FileError(str(summary_path), err.strerror) from None
    head = "stopped after" if summary["interrupted"] else "session"
    mean = summary["cadence_mean_spm"]
    in_zone = summary["time_in_zone_pct"]
    heart = summary["heart_rate_mean_bpm"]
    zone = summary["zone_spm"]
    aim = (
        f"target {summary['target_spm']:g} spm (zone {zone[0]:g}-{zone[1]:g})"
        if zone is not None
        else "no cadence target"
    )
    click.echo(
        f"{head} {format_duration(summary['duration_s'])}: {aim}, "
        f"mean cadence {'-' if mean is None else f'{mean:g}'} spm, "
        f"{'-' if in_zone is None else f'{in_zone:g}%'} in zone, "
        f"heart rate {'-' if heart is None else f'{heart:g}'}, "
        f"{_count(summary['pauses'], 'pause')}, {_count(len(summary['cues']), 'cue')}"
    )
    if summary_path is not None:
        click.echo(f"summary written to {summary_path}")


def _ask_journal(store: Any, session_id: int) -> None:
    """A short journal entry, as running coaches advise; Enter skips each question."""
    click.echo("How did it feel? (Enter skips)")
    effort: int | None = None
    while True:
        raw = click.prompt("  effort, 1 (easy) to 10 (all out)", default="", show_default=False)
        if not raw.strip():
            break
        if raw.strip().isdigit() and 1 <= int(raw) <= 10:
            effort = int(raw)
            break
        click.echo("  a number from 1 to 10, please (or Enter to skip)")
    foot = click.prompt("  foot strike: light, ok or heavy", default="", show_default=False)
    comfort = click.prompt("  comfort (any aches?)", default="", show_default=False)
    notes = click.prompt("  notes", default="", show_default=False)
    if effort is None and not (foot or comfort or notes):
        return
    store.journal(session_id, effort, foot.strip(), comfort.strip(), notes.strip())
    click.echo("  noted")


def _coach_session(
    settings: RunSettings,
    out: Path | None,
    device: str | None,
    summary: Path | None,
    *,
    plan: str = "free run",
    baseline: tuple[str, ...] = (),
    as_json: bool = False,
    journal: bool | None = False,
    sensors: LiveSensors | None = None,
) -> None:
    """Run (or render) a session, storing it as it goes; print and write its summary.
    ``baseline`` names the segments whose median cadence becomes the habitual cadence."""
    from cadence_coach import session as sessions
    from cadence_coach.store import Store
    from cadence_coach.view import make_view

    store = Store()
    replay = settings.source is not None and sensors is None
    mode = "replay" if replay else "render" if out is not None else "live"
    session_id = store.begin(plan, mode)
    written = [0, 0, 0]

    def stored(s: CoachingSession) -> None:
        store.flush(session_id, s.recorder, written)

    try:
        if out is None and replay:
            done = sessions.simulate(settings)  # a replay without audio: the virtual clock
        elif out is not None:
            began = time.perf_counter()
            done = sessions.render_run(settings, out, notify=_warn, on_update=stored)
            took = time.perf_counter() - began
            click.echo(
                f"wrote {out}: {format_duration(done.now)} rendered in {took:.1f} s",
                err=as_json,
            )
        else:
            dev = _output_device(device)
            click.echo(f"coaching on {dev.name!r}; Ctrl-C to stop")
            view = make_view()

            def update(s: CoachingSession) -> None:
                if sensors is not None:
                    sensors.note_changes(s)
                view.update(s)
                stored(s)

            try:
                done = sessions.play_run(
                    dataclasses.replace(settings, samplerate=dev.default_samplerate),
                    dev,
                    on_update=update,
                    notify=_warn,
                )
            finally:
                view.close()
        stored(done)
        if sensors is not None:
            for line in sensors.summary():
                click.echo(line, err=as_json)
        habitual = done.recorder.habitual_from(baseline) if baseline else None
        store.finish(
            session_id,
            done.recorder.summary(done.now if done.recorder.interrupted else None),
            habitual_spm=habitual,
        )
        if as_json:
            import json

            report = done.recorder.summary(done.now if done.recorder.interrupted else None)
            click.echo(json.dumps(report))
        else:
            _finish_run(done, summary)
        click.echo(f"stored as session {session_id} in {store.path}", err=as_json)
        if journal or (journal is None and sys.stdin.isatty()):
            _ask_journal(store, session_id)
        if habitual is not None:
            click.echo(f"your habitual cadence: {habitual:g} spm (used for --boost from now on)")
        elif baseline:
            click.echo("no habitual cadence stored: the baseline block did not finish")
    finally:
        store.close()


@cli.command()
@click.argument("plan", required=False)
@click.option("--start-at", callback=_parsed(parse_duration), help="Skip into the plan, e.g. 5m.")
@click.option(
    "--sensor",
    "sensors",
    multiple=True,
    help="A Bluetooth footpod or treadmill (address or name); repeat for several. "
    "Default: sim, a simulated runner.",
)
@click.option("--hr", help="A Bluetooth heart-rate strap (address or name).")
@click.option(
    "--cadence-units",
    type=click.Choice(["steps", "strides"]),
    help="What the footpod's cadence counts (remembered for that footpod).",
)
@click.option("--target", type=float, help="Target cadence in steps per minute.")
@click.option("--boost", help="Target as a boost over --habitual, e.g. 5% (the default).")
@click.option("--habitual", type=float, help="Your cadence at an easy pace, in spm.")
@click.option("--zone", help="Tolerance: 3% either side (the default) or a range, 168-176.")
@click.option(
    "--duration", callback=_parsed(parse_duration), default="20m", show_default=True,
    help="Session length.",
)  # fmt: skip
@click.option(
    "--metronome",
    type=click.Choice(["on", "off", "faded"]),
    default="on",
    show_default=True,
    help="faded: the beat withdraws while you hold the zone and returns when you drift.",
)
@click.option("--hr-max", type=click.FloatRange(100, 220), help="Heart-rate ceiling (bpm).")
@click.option("--say-numbers", is_flag=True, help="Drift cues end with your cadence.")
@click.option("--sound", type=click.Choice(VOICE_NAMES), default="click", show_default=True)
@click.option("--volume", callback=_parsed(parse_volume), default="0.8", show_default=True)
@click.option("--voice", help="Speech voice (see `cadence-coach voices`).")
@click.option("--device", help="Output device name or index.")
@click.option("--seed", type=int, default=0, show_default=True, help="Simulated runner's seed.")
@click.option(
    "--journal/--no-journal",
    default=None,
    help="Ask how it felt afterwards (default: when run from a terminal).",
)
@click.option(
    "--out",
    type=OUT_FILE,
    help="Render the whole session to this WAV file, as fast as possible, instead of playing.",
)
@click.option(
    "--summary",
    "summary_path",
    type=OUT_FILE,
    help="Write the session summary to this JSON file.",
)
@click.pass_context
def run(
    ctx: click.Context,
    plan: str | None,
    start_at: float | None,
    sensors: tuple[str, ...],
    hr: str | None,
    cadence_units: str | None,
    target: float | None,
    boost: str | None,
    habitual: float | None,
    zone: str | None,
    duration: float,
    metronome: str,
    hr_max: float | None,
    say_numbers: bool,
    sound: str,
    volume: float,
    voice: str | None,
    device: str | None,
    seed: int,
    journal: bool | None,
    out: Path | None,
    summary_path: Path | None,
) -> None:
    """Run a coaching session: the metronome above your habitual cadence, spoken cues when
    you drift out of the zone. With PLAN (see `cadence-coach plans`), follow its segments."""
    from cadence_coach.coach import CoachConfig, MetronomeMode, Segment
    from cadence_coach.plans import find_plan
    from cadence_coach.session import RunSettings
    from cadence_coach.sources.sim import RunnerModel, typical_events
    from cadence_coach.targets import resolve_target, resolve_zone

    radios = _radios(sensors, hr, out)
    if plan is not None:
        from click.core import ParameterSource

        clash = [
            f"--{name.replace('_', '-')}"
            for name in ("target", "zone", "duration", "metronome")
            if ctx.get_parameter_source(name) is not ParameterSource.DEFAULT
        ]
        if clash:
            raise click.UsageError(
                f"a plan sets its own targets and timing: drop {', '.join(clash)}"
            )
        try:
            chosen = find_plan(plan)
            if boost is not None:
                boost = _plan_boost(boost)
            if habitual is None and chosen.needs_habitual:
                habitual = _stored_habitual()
            segments = chosen.segments(habitual, start_at_s=start_at or 0.0, boost=boost)
        except ValueError as err:
            raise click.UsageError(str(err)) from None
        grace = chosen.grace_s
        runner_habit = habitual if habitual is not None else 164.0
        steady = tuple(seg.name for seg in segments if seg.kind == "baseline")
        click.echo(f"{chosen.name}: {format_duration(chosen.duration_s)}")
    else:
        if start_at is not None:
            raise click.UsageError("--start-at needs a PLAN")
        if habitual is None and target is None:
            habitual = _stored_habitual()
        try:
            goal = resolve_target(target, boost, habitual)
            band = resolve_zone(zone, goal)
        except ValueError as err:
            raise click.UsageError(str(err)) from None
        segments = (Segment("run", duration, goal, band, MetronomeMode(metronome)),)
        grace = 10.0
        runner_habit = habitual if habitual is not None else round(goal / 1.05, 1)
        steady = ()
    total = sum(seg.duration_s for seg in segments)
    settings = RunSettings(
        CoachConfig(segments, hr_max_bpm=hr_max, say_numbers=say_numbers, grace_s=grace),
        sound=sound,
        volume=volume,
        voice=voice,
        seed=seed,
        runner=RunnerModel(habitual_spm=runner_habit),
        events=typical_events(total, seed),
    )
    with _live_sensors(radios, cadence_units) as live:
        if live is not None:
            settings = dataclasses.replace(settings, source=live.source)
        _coach_session(
            settings,
            out,
            device,
            summary_path,
            plan=chosen.name if plan else "free run",
            journal=journal,
            sensors=live,
            baseline=steady,
        )


def _stored_habitual() -> float | None:
    """The habitual cadence the last baseline measured, said when used."""
    from cadence_coach.store import Store

    store = Store()
    habitual = store.habitual()
    store.close()
    if habitual is not None:
        click.echo(f"habitual cadence {habitual:g} spm, from your last baseline")
    return habitual


def _plan_boost(boost: str) -> str:
    """``--boost`` for a plan's running segments: a percentage, 0-15."""
    from cadence_coach.targets import parse_boost

    try:
        return f"{parse_boost(boost) * 100:g}%"
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'--boost'") from None


@cli.command()
@click.option(
    "--out",
    type=OUT_FILE,
    default=Path("demo.wav"),
    show_default=True,
    help="Where to write the demo.",
)
@click.option("--live", is_flag=True, help="Play it live on the output device instead.")
@click.option("--device", help="Output device name or index (with --live).")
@click.option("--summary", "summary_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the session summary to this JSON file.")  # fmt: skip
def demo(out: Path, live: bool, device: str | None, summary_path: Path | None) -> None:
    """Three minutes of simulated running, coached: an easy minute, then +5% with the
    metronome, a lapse, a stop at a crossing and a sensor dropout. Rendered to demo.wav."""
    from cadence_coach.session import demo_settings

    _coach_session(demo_settings(), None if live else out, device, summary_path, plan="demo")


@cli.command()
@click.option(
    "--out",
    type=OUT_FILE,
    help="Render the test to this WAV file (with the simulated runner) instead of running it.",
)
@click.option("--device", help="Output device name or index.")
@click.option("--seed", type=int, default=0, show_default=True, help="Simulated runner's seed.")
@click.option("--habitual", type=float, default=164.0, show_default=True,
              help="The simulated runner's habitual cadence.")  # fmt: skip
@click.option("--sensor", "sensors", multiple=True,
              help="A Bluetooth footpod (address or name) to measure with.")  # fmt: skip
@click.option("--hr", help="A Bluetooth heart-rate strap (address or name).")
@click.option("--cadence-units", type=click.Choice(["steps", "strides"]),
              help="What the footpod's cadence counts (remembered for that footpod).")  # fmt: skip
def baseline(
    out: Path | None,
    device: str | None,
    seed: int,
    habitual: float,
    sensors: tuple[str, ...],
    hr: str | None,
    cadence_units: str | None,
) -> None:
    """Run the baseline test and store the habitual cadence it measures (for --boost)."""
    from cadence_coach.coach import CoachConfig
    from cadence_coach.plans import find_plan
    from cadence_coach.session import RunSettings
    from cadence_coach.sources.sim import RunnerModel

    plan = find_plan("baseline")
    segments = plan.segments(None)
    steady = tuple(seg.name for seg in segments if seg.kind == "baseline")
    settings = RunSettings(
        CoachConfig(segments, grace_s=plan.grace_s),
        seed=seed,
        runner=RunnerModel(habitual_spm=habitual),
    )
    with _live_sensors(_radios(sensors, hr, out), cadence_units) as live:
        if live is not None:
            settings = dataclasses.replace(settings, source=live.source)
        _coach_session(settings, out, device, None, plan=plan.name, baseline=steady, sensors=live)


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--units",
    type=click.Choice(["steps", "strides"]),
    help="What the file's cadence counts (judged from the data when not given).",
)
@click.option("--target", type=float, help="Target cadence in steps per minute.")
@click.option("--boost", help="Target as a boost over the habitual cadence, e.g. 5%.")
@click.option("--habitual", type=float, help="Habitual cadence (default: stored baseline, "
              "else the recording's own median).")  # fmt: skip
@click.option("--zone", help="Tolerance: 3% either side (the default) or a range, 168-176.")
@click.option("--json", "as_json", is_flag=True, help="Print the JSON summary (as run --summary).")
@click.option(
    "--out",
    type=OUT_FILE,
    help="Also render what the runner would have heard to this WAV file.",
)
def replay(
    file: Path,
    units: str | None,
    target: float | None,
    boost: str | None,
    habitual: float | None,
    zone: str | None,
    as_json: bool,
    out: Path | None,
) -> None:
    """Run a recorded activity (FIT, TCX, GPX, or a CSV exported here) through the coach, as
    if the runner had worn it."""
    from cadence_coach.coach import CoachConfig, Segment
    from cadence_coach.session import RunSettings
    from cadence_coach.sources.replay import ReplaySource, load_activity
    from cadence_coach.store import Store
    from cadence_coach.targets import resolve_target, resolve_zone

    activity = load_activity(file, units)
    click.echo(f"{file.name}: cadence taken as {activity.units} per minute ({activity.how})",
               err=as_json)  # fmt: skip
    if habitual is None and target is None:
        store = Store()
        habitual = store.habitual()
        store.close()
        if habitual is None:
            habitual = activity.median_cadence_spm
            click.echo(f"habitual cadence {habitual:g} spm, from the recording itself", err=as_json)
    try:
        goal = resolve_target(target, boost, habitual)
        band = resolve_zone(zone, goal)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    segment = Segment("run", activity.duration_s, goal, band)
    settings = RunSettings(CoachConfig((segment,)), source=ReplaySource(activity))
    _coach_session(settings, out, None, None, plan=f"replay {file.name}", as_json=as_json)


@cli.command()
@click.argument("session_id", metavar="ID", type=int)
@click.option("--format", "fmt", type=click.Choice(["csv", "tcx", "fit"]), default="csv",
              show_default=True)  # fmt: skip
@click.option("--out", type=OUT_FILE,
              help="The file (default: session-ID.FORMAT).")  # fmt: skip
def export(session_id: int, fmt: str, out: Path | None) -> None:
    """Export a stored session: CSV (steps per minute), or TCX or FIT (for training
    platforms; cadence in strides per minute, as they expect)."""
    from cadence_coach.export import write_csv, write_fit, write_tcx
    from cadence_coach.store import Store

    store = Store()
    try:
        info = store.session(session_id)
        samples = store.samples(session_id)
    finally:
        store.close()
    path = out or Path(f"session-{session_id}.{fmt}")
    if fmt == "csv":
        count = write_csv(samples, path)
    elif fmt == "tcx":
        count = write_tcx(info, samples, path)
    else:
        count = write_fit(info, samples, path)
    click.echo(f"wrote {path}: {count} seconds of session {session_id} ({info.plan})")


@cli.command()
@click.argument("session_id", metavar="ID", type=int)
@click.option("--out", type=OUT_FILE,
              help="The chart (default: session-ID.png).")  # fmt: skip
@click.option("--html", "as_html", is_flag=True, help="Also write a self-contained HTML page.")
def report(session_id: int, out: Path | None, as_html: bool) -> None:
    """Print a stored session's summary and draw its chart (PNG)."""
    from cadence_coach.report import chart, summary_lines, write_html
    from cadence_coach.store import Store

    store = Store()
    try:
        info = store.session(session_id)
        samples = store.samples(session_id)
        cues = store.cues(session_id)
    finally:
        store.close()
    for key, value in summary_lines(info):
        click.echo(f"{key:<13} {value}")
    png = out or Path(f"session-{session_id}.png")
    chart(info, samples, cues, png)
    click.echo(f"chart: {png}")
    if as_html:
        page = png.with_suffix(".html")
        write_html(info, png, cues, page)
        click.echo(f"page: {page}")


@cli.command()
def history() -> None:
    """List stored sessions, and the trend of time in zone and habitual cadence by week."""
    from cadence_coach.store import Store, weekly_trend

    store = Store()
    try:
        found = store.sessions()
        habitual = store.habitual()
    finally:
        store.close()
    if not found:
        click.echo(f"no sessions yet ({store.path})")
        return
    for s in found:
        summary = s.summary or {}
        mean = summary.get("cadence_mean_spm")
        zone = summary.get("time_in_zone_pct")
        length = format_duration(summary["duration_s"]) if "duration_s" in summary else "-"
        click.echo(
            f"{s.id:>4}  {s.started_at[:16].replace('T', ' ')}  {s.plan[:24]:<24} {length:>7}  "
            f"{'-' if mean is None else f'{mean:g}':>6} spm  "
            f"{'-' if zone is None else f'{zone:g}%':>6} in zone  {s.status}"
            + (f"  effort {s.effort}/10" if s.effort is not None else "")
        )
    click.echo("\nweek      sessions  mean cadence  in zone  habitual (baseline)")
    for w in weekly_trend(found):
        mean = "-" if w.cadence_mean_spm is None else f"{w.cadence_mean_spm:g} spm"
        zone = "-" if w.time_in_zone_pct is None else f"{w.time_in_zone_pct:.0f}%"
        habit = "-" if w.habitual_spm is None else f"{w.habitual_spm:g} spm"
        click.echo(f"{w.week}  {w.sessions:>8}  {mean:>12}  {zone:>7}  {habit:>8}")
    baselines = [s.habitual_spm for s in found if s.habitual_spm is not None]
    if len(baselines) > 1:
        click.echo(
            f"habitual cadence: {baselines[0]:g} -> {baselines[-1]:g} spm over "
            f"{len(baselines)} baselines"
        )
    click.echo(
        f"habitual cadence: {habitual:g} spm (from the last baseline)"
        if habitual is not None
        else "no baseline yet: `cadence-coach baseline` measures your habitual cadence"
    )


@cli.command()
@click.argument("plan")
@click.option(
    "--out",
    type=OUT_FILE,
    required=True,
    help="The file: .wav, or .ogg, .mp3 or .flac where libsndfile supports them.",
)
@click.option("--habitual", type=float, help="Your cadence at an easy pace (for relative targets).")
@click.option("--start-at", callback=_parsed(parse_duration), help="Skip into the plan.")
@click.option("--sound", type=click.Choice(VOICE_NAMES), default="click", show_default=True)
@click.option("--volume", callback=_parsed(parse_volume), default="0.8", show_default=True)
@click.option("--voice", help="Speech voice (see `cadence-coach voices`).")
def render(
    plan: str,
    out: Path,
    habitual: float | None,
    start_at: float | None,
    sound: str,
    volume: float,
    voice: str | None,
) -> None:
    """Render PLAN (clicks, speech, timed cues; no sensor) to an audio file for a phone."""
    from cadence_coach.coach import CoachConfig
    from cadence_coach.plans import find_plan
    from cadence_coach.session import RunSettings, render_plan_file

    try:
        chosen = find_plan(plan)
        segments = chosen.segments(habitual, start_at_s=start_at or 0.0)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    settings = RunSettings(
        CoachConfig(segments, grace_s=chosen.grace_s), sound=sound, volume=volume, voice=voice
    )
    began = time.perf_counter()
    render_plan_file(settings, out)
    took = time.perf_counter() - began
    length = format_duration(sum(s.duration_s for s in segments))
    click.echo(f"wrote {out}: {chosen.name}, {length}, rendered in {took:.1f} s")


@cli.group(invoke_without_command=True)
@click.pass_context
def plans(ctx: click.Context) -> None:
    """List session plans (built-in, and yours in the user config directory)."""
    if ctx.invoked_subcommand is not None:
        return
    from cadence_coach.plans import available, load_plan, user_dir

    for name, path in available().items():
        try:
            plan = load_plan(path)
            click.echo(f"{name:<20} {format_duration(plan.duration_s):>6}  {plan.name}")
        except ValueError as err:
            click.echo(f"{name:<20}  (broken: {err})")
    click.echo(f"your own plans go in {user_dir()}; `cadence-coach plans show NAME` for details")


@plans.command("show")
@click.argument("name")
@click.option("--habitual", type=float, help="Show targets for this habitual cadence.")
def plans_show(name: str, habitual: float | None) -> None:
    """Print a plan's timeline."""
    from cadence_coach.plans import find_plan, timeline

    plan = find_plan(name)
    click.echo(f"{plan.name} ({format_duration(plan.duration_s)})")
    click.echo(plan.description)
    if habitual is None and plan.needs_habitual:
        click.echo("targets shown for a habitual cadence of 164 spm (use --habitual)")
    for line in timeline(plan, habitual):
        click.echo(line)


@plans.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def plans_check(file: Path) -> None:
    """Validate a plan file."""
    from cadence_coach.plans import load_plan

    plan = load_plan(file)
    plan.segments(170.0)
    click.echo(f"{file}: ok, {plan.name!r}, {len(plan.steps)} segments, "
               f"{format_duration(plan.duration_s)}")  # fmt: skip


@cli.command()
@click.argument("text")
@click.option(
    "--out",
    type=OUT_FILE,
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


# -- programmes ------------------------------------------------------------------------------

PROGRAMME_KEY = "programme"
PROGRAMME_START_KEY = "programme_start"


def _programme_state() -> tuple[Any, Any, list[Any], float | None]:
    """The programme the runner started, when, the stored sessions and the habitual."""
    from datetime import date

    from cadence_coach.programme import find_programme
    from cadence_coach.store import Store

    store = Store()
    try:
        name = store.setting(PROGRAMME_KEY)
        started = store.setting(PROGRAMME_START_KEY)
        sessions = store.sessions()
        habitual = store.habitual()
    finally:
        store.close()
    if name is None or started is None:
        raise click.UsageError(
            "no programme started: `cadence-coach programme list`, then "
            "`cadence-coach programme start NAME`"
        )
    return find_programme(name), date.fromisoformat(started), sessions, habitual


@cli.group(invoke_without_command=True)
@click.pass_context
def programme(ctx: click.Context) -> None:
    """Multi-week programmes: which session on which day, with a boost that rises as you
    adapt. Without a command: where you are in yours."""
    if ctx.invoked_subcommand is not None:
        return
    from datetime import date

    from cadence_coach.programme import DAYS, plan_names, progress
    from cadence_coach.targets import resolve_target

    chosen, start, sessions, habitual = _programme_state()
    today = date.today()
    where = progress(chosen, start, today, sessions, plan_names(chosen))
    if where.finished(chosen):
        click.echo(f"{chosen.name}: finished (started {start:%a %Y-%m-%d})")
    else:
        click.echo(
            f"{chosen.name}: week {where.week} of {len(chosen.weeks)}, started {start:%a %Y-%m-%d}"
        )
    target = ""
    if habitual is not None:
        goal = resolve_target(None, f"{where.boost_pct:g}%", habitual)
        target = f" over your habitual {habitual:g} spm ({goal:g} spm)"
    click.echo(f"boost now +{where.boost_pct:g}%{target}")
    for w in where.past:
        zone = "-" if w.time_in_zone_pct is None else f"{w.time_in_zone_pct:.0f}% in zone"
        click.echo(
            f"  week {w.week}: {w.sessions} sessions at +{w.boost_pct:g}%, {zone}: {w.decision}"
        )
    if where.today is not None:
        click.echo(
            f"today ({DAYS[today.weekday()]}): {where.today.plan}; `cadence-coach programme run`"
        )
    if where.next_day is not None:
        when, day = where.next_day
        click.echo(f"next: {when:%a %Y-%m-%d}, {day.plan}")


@programme.command("list")
def programme_list() -> None:
    """The programmes there are."""
    from cadence_coach.programme import load_programme, programmes

    for name, path in programmes().items():
        p = load_programme(path)
        click.echo(f"{name:<20} {p.name} ({len(p.weeks)} weeks)")


@programme.command("show")
@click.argument("name", default="cadence-8-weeks")
def programme_show(name: str) -> None:
    """A programme's weeks, day by day, and how its boost rises."""
    from cadence_coach.programme import find_programme

    try:
        chosen = find_programme(name)
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    click.echo(chosen.name)
    if chosen.description:
        click.echo(chosen.description)
    rule = chosen.boost
    click.echo(
        f"boost: from +{rule.start_pct:g}% in steps of {rule.step_pct:g}% to at most "
        f"+{rule.max_pct:g}%, after {rule.weeks_per_step} weeks at a step; a week under "
        f"{rule.hold_below_pct:g}% in zone holds it"
    )
    for i, week in enumerate(chosen.weeks, start=1):
        click.echo(f"  week {i}: " + ", ".join(f"{d.day} {d.plan}" for d in week))


@programme.command("start")
@click.argument("name", default="cadence-8-weeks")
@click.option("--on", "on", help="Start date, YYYY-MM-DD (default: this week's Monday while "
              "Tuesday is ahead, else next Monday).")  # fmt: skip
def programme_start(name: str, on: str | None) -> None:
    """Start (or restart) a programme."""
    from datetime import date

    from cadence_coach.programme import find_programme, start_date
    from cadence_coach.store import Store

    try:
        chosen = find_programme(name)
        start = date.fromisoformat(on) if on else start_date(date.today())
    except ValueError as err:
        raise click.UsageError(str(err)) from None
    store = Store()
    try:
        store.set_setting(PROGRAMME_KEY, name)
        store.set_setting(PROGRAMME_START_KEY, start.isoformat())
    finally:
        store.close()
    click.echo(f"{chosen.name}: week 1 starts {start:%a %Y-%m-%d}")
    click.echo("`cadence-coach programme` says what is next")


@programme.command("run", context_settings={"ignore_unknown_options": True})
@click.argument("run_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def programme_run(ctx: click.Context, run_args: tuple[str, ...]) -> None:
    """Run today's session (or, on a rest day, the next one) at the programme's boost.
    Options are passed to `run` (e.g. --sensor, --device, --out)."""
    from datetime import date

    from cadence_coach.plans import find_plan
    from cadence_coach.programme import plan_names, progress, week_of

    chosen, start, sessions, habitual = _programme_state()
    when = date.today()
    where = progress(chosen, start, when, sessions, plan_names(chosen))
    if where.finished(chosen):
        raise click.UsageError(f"{chosen.name} is finished; `cadence-coach programme start` again")
    day = where.today
    if day is None:
        if where.next_day is None:
            raise click.UsageError("no session left in this programme")
        when, day = where.next_day
        click.echo(f"a rest day: running the next session ({when:%a}) early")
    if habitual is None and "--habitual" not in run_args and find_plan(day.plan).needs_habitual:
        raise click.UsageError(
            f"{day.plan} sets targets from your habitual cadence, and no baseline has measured "
            "it yet: run `cadence-coach baseline` first (or give --habitual SPM)"
        )
    click.echo(f"programme week {week_of(start, when)}: {day.plan} at +{where.boost_pct:g}%")
    args = [day.plan, "--boost", f"{where.boost_pct:g}%", *run_args]
    run.main(args, prog_name="cadence-coach run", standalone_mode=False)


# -- Bluetooth sensors -----------------------------------------------------------------------


def _units_memory() -> tuple[Any, Callable[[str], Any]]:
    """The store, and a lookup of the cadence unit the runner chose for a footpod."""
    from cadence_coach.sensors.live import UNITS_KEY
    from cadence_coach.store import Store
    from cadence_coach.strides import CadenceUnit

    store = Store()
    # read now: the lookup runs on the sensors' thread, and SQLite stays on this one
    saved = store.settings_starting(UNITS_KEY.format(address=""))

    def remembered(address: str) -> CadenceUnit | None:
        value = saved.get(UNITS_KEY.format(address=address))
        return CadenceUnit(value) if value in ("steps", "strides") else None

    return store, remembered


def _remember_units(store: Any, links: Any, units: str | None) -> None:
    from cadence_coach.sensors.live import UNITS_KEY

    for link in links:
        if units is not None and link.address is not None:
            store.set_setting(UNITS_KEY.format(address=link.address), units)
            click.echo(f"remembered: {link.name or link.address} counts {units}")


def _radios(sensors: tuple[str, ...], hr: str | None, out: Path | None) -> list[str]:
    """The Bluetooth sensors asked for with ``--sensor`` and ``--hr`` (``sim`` is none)."""
    for sensor in sensors:
        if sensor.startswith("replay:"):
            raise click.BadParameter(
                f"recordings are replayed with `cadence-coach replay {sensor[len('replay:') :]}`",
                param_hint="'--sensor'",
            )
    radios = [s for s in sensors if s != "sim"] + ([hr] if hr not in (None, "sim") else [])
    if radios and out is not None:
        raise click.UsageError("live sensors need live playback: drop --out")
    return radios


@contextlib.contextmanager
def _live_sensors(targets: list[str], units: str | None) -> Iterator[LiveSensors | None]:
    """The sensors connected for the length of a session (none: ``None``)."""
    if not targets:
        yield None
        return
    live = _start_sensors(targets, units)
    try:
        yield live
    finally:
        live.thread.stop()


def _start_sensors(targets: list[str], units: str | None) -> LiveSensors:
    from cadence_coach.sensors import live
    from cadence_coach.strides import CadenceUnit

    store, remembered = _units_memory()
    try:
        click.echo(f"connecting to {', '.join(targets)}...")
        sensors = live.start(
            targets, units=CadenceUnit(units) if units else None, remembered=remembered
        )
        _remember_units(store, sensors.links, units)
    finally:
        store.close()
    for line in sensors.summary():
        click.echo(f"  {line}")
    if not sensors.has_cadence:
        _warn(
            "none of these sensors sends cadence (a treadmill or a strap does not): "
            "the metronome and timed cues run, but there is no cadence to coach; "
            "add a footpod with --sensor"
        )
    return sensors


@cli.command()
@click.option("--timeout", type=click.FloatRange(0.5, 120), default=5.0, show_default=True,
              help="Seconds to listen.")  # fmt: skip
@click.option("--no-battery", is_flag=True, help="Do not connect to read battery levels.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per sensor.")
def scan(timeout: float, no_battery: bool, as_json: bool) -> None:
    """Find nearby footpods, heart-rate straps and treadmills."""
    import asyncio
    import json

    from cadence_coach.sensors import ble

    found = asyncio.run(ble.scan(timeout, battery=not no_battery))
    if as_json:
        for f in found:
            click.echo(json.dumps(dataclasses.asdict(f)))
        return
    if not found:
        click.echo(
            f"no sensors found in {timeout:g} s: wake them (walk with the footpod, wear the "
            "strap) and scan again"
        )
        return
    for f in found:
        rssi = "?" if f.rssi_dbm is None else f"{f.rssi_dbm} dBm"
        battery = "" if f.battery_pct is None else f", battery {f.battery_pct} %"
        services = ", ".join(s for s in f.services if s != "battery")
        click.echo(f"{f.name:<20} {f.address}  {rssi:>8}  {services}{battery}")


@cli.command()
@click.argument("target", metavar="ADDRESS_OR_NAME")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per reading.")
@click.option("--cadence-units", type=click.Choice(["steps", "strides"]),
              help="What this footpod's cadence counts (remembered).")  # fmt: skip
@click.option("--duration", callback=_parsed(parse_duration), help="Stop after this long.")
@click.option("--timeout", type=click.FloatRange(0.5, 120), default=10.0, show_default=True,
              help="Seconds to look for the sensor.")  # fmt: skip
def sensor(
    target: str, as_json: bool, cadence_units: str | None, duration: float | None, timeout: float
) -> None:
    """Connect to a sensor and print its decoded readings until Ctrl-C."""
    import asyncio
    import json
    from datetime import datetime

    from cadence_coach.sensors.ble import SensorLink
    from cadence_coach.sensors.describe import as_json as to_json
    from cadence_coach.sensors.describe import describe
    from cadence_coach.sensors.hub import SensorHub
    from cadence_coach.sensors.live import describe_status
    from cadence_coach.strides import CadenceUnit

    hub = SensorHub()

    def on_value(link: SensorLink, value: object, steps: float | None) -> None:
        now = datetime.now().astimezone().isoformat(timespec="milliseconds")
        name = link.name or link.target
        if as_json:
            click.echo(json.dumps({"time": now, "sensor": name, **to_json(value, steps)}))
        else:
            click.echo(f"{now[11:23]} {name}: {describe(value, steps)}")

    def on_status(target: str, state: str) -> None:
        if state != "connecting":
            click.echo(f"{target}: {state}", err=True)

    store, remembered = _units_memory()
    link = SensorLink(
        target,
        hub,
        units=CadenceUnit(cadence_units) if cadence_units else None,
        find_timeout_s=timeout,
        on_value=on_value,
        on_status=on_status,
        remembered=remembered,
    )

    async def watch() -> None:
        try:
            await link.connect_once()
            _remember_units(store, [link], cadence_units)
            runner = asyncio.create_task(link.run())
            try:
                await asyncio.wait_for(asyncio.shield(runner), duration)
            except TimeoutError:
                pass
            finally:
                runner.cancel()
        finally:
            await link.close()

    try:
        asyncio.run(watch())
    except KeyboardInterrupt:
        pass
    finally:
        store.close()
    for status in hub.statuses():
        click.echo(describe_status(status), err=True)


def _warn(message: str) -> None:
    click.echo(f"warning: {message}", err=True)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=argv, prog_name="cadence-coach")
