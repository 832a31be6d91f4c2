"""``ready``: wait for the runner with no screen, say what the next session is, start it on
a press of play (headphone buttons, a GPIO button, the keyboard), and wait again after."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import click

from cadence_coach.cli.coached import Reporting, coach
from cadence_coach.cli.music import music_tracks, with_music
from cadence_coach.cli.options import Sound, Whole, output_device, warn
from cadence_coach.cli.remotes import remotes
from cadence_coach.cli.run import Aim, _coaching, _settings, run, session_setup
from cadence_coach.cli.sensors import connect_sensors, radios

if TYPE_CHECKING:
    from cadence_coach.plans.setup import Setup
    from cadence_coach.sensors.connected import ConnectedSensors
    from cadence_coach.sources.strides import CadenceUnit
    from cadence_coach.speech.status import SensorNews

NOT_SHARED = ("out", "journal")
"""``run``'s options that make no sense while waiting for a button."""


class ReadySensors:
    """The session's sensors, connected while the coach waits and kept across sessions;
    one that cannot be reached yet is said so, and tried again at the next play."""

    def __init__(self, targets: list[str], hr: str | None, units: CadenceUnit | None):
        strap = hr not in (None, "sim")  # radios() puts the strap last
        self.roles = [(t, "Footpod") for t in targets[: len(targets) - strap]]
        self.roles += [(t, "Heart rate strap") for t in targets[len(targets) - strap :]]
        self.units = units
        self.live: ConnectedSensors | None = None
        self.missing = False

    def connect(self) -> bool:
        """Reach every sensor (the first time, or after one was not found); ``False``
        when one still cannot be."""
        if not self.roles or self.live is not None:
            return True
        from cadence_coach.errors import SensorError

        try:
            self.live = connect_sensors([t for t, _ in self.roles], self.units)
        except SensorError as err:
            warn(str(err))
            self.missing = True
            return False
        self.missing = False
        return True

    def news(self) -> tuple[SensorNews, ...]:
        from cadence_coach.sensors.hub import LinkState
        from cadence_coach.speech.status import SensorNews

        if self.live is None:
            return tuple(SensorNews(what, False) for _, what in self.roles) if self.missing else ()
        statuses = {s.target: s for s in self.live.hub.statuses()}
        news = []
        for target, what in self.roles:
            status = statuses.get(target)
            connected = status is not None and status.state is LinkState.CONNECTED
            battery = None if status is None else status.battery_pct
            news.append(SensorNews(what, connected, battery))
        return tuple(news)

    def close(self) -> None:
        if self.live is not None:
            self.live.stop()


def _ready_line(setup: Setup, sensors: ReadySensors) -> str:
    from cadence_coach.plans.setup import FREE_RUN
    from cadence_coach.speech.status import ReadyFacts, ready_words

    first = setup.config.segments[0]
    target = first.target_spm if setup.name == FREE_RUN else None
    return ready_words(ReadyFacts(setup.name, target, setup.duration_s, sensors.news()))


@contextlib.contextmanager
def _announcer(device: str | None, sound: Sound) -> Iterator[Any]:
    from cadence_coach.session.announce import Announcer
    from cadence_coach.session.live import DUCKED_FILE
    from cadence_coach.session.playing import lock_path

    announcer = Announcer(
        output_device(device),
        voice=sound.voice,
        volume=sound.volume,
        ducked_state=lock_path().parent / DUCKED_FILE,
        notify=warn,
    )
    try:
        yield announcer
    finally:
        announcer.close()


def _setup(ctx: click.Context, kw: dict[str, Any]) -> Setup:
    aim = Aim(kw["target"], kw["boost"], kw["habitual"], kw["zone"], kw["duration"],
              kw["metronome"])  # fmt: skip
    coaching = _coaching(kw["hr_max"], kw["say_numbers"])
    return session_setup(ctx, kw["plan"], kw["start_at"], aim, coaching)


@click.pass_context
def _ready(ctx: click.Context, /, **kw: Any) -> None:
    """Wait for play with no clicks, saying what the next session is; run it; wait again.
    Takes `run`'s options for what the session is (PLAN, --target, --boost, --sensor,
    --device, --music...). Play/pause, next, previous and stop reach it from headphone
    buttons (MPRIS or key events), a GPIO button (--button) or the keyboard."""
    from cadence_coach.session.controls import Controls
    from cadence_coach.session.ready import ReadyLoop
    from cadence_coach.session.steering import Steering
    from cadence_coach.session.watchdog import Watchdog

    setup = _setup(ctx, kw)
    targets = radios(kw["sensors"], kw["hr"], None)  # checked as run checks them
    sound = Sound(kw["sound"], kw["volume"], kw["voice"])
    controls = Controls()
    controls.title = setup.name
    watchdog = Watchdog()
    sensors = ReadySensors(targets, kw["hr"], kw["cadence_units"])
    seeds = iter(range(kw["seed"], kw["seed"] + 1_000_000))
    tracks = music_tracks(kw["music"])

    def session() -> None:
        settings = with_music(
            _settings(setup, sound, next(seeds), sensors.live, runner=kw["runner"]), tracks
        )
        steering = Steering(controls, sensors=sensors.news, seed=settings.seed)
        coach(settings, setup, device=kw["device"], sensors=sensors.live,
              reporting=Reporting(kw["summary_path"], journal=False), steering=steering,
              watchers=[watchdog], power=kw["power"])  # fmt: skip

    with contextlib.ExitStack() as stack:
        stack.callback(sensors.close)
        say = stack.enter_context(_announcer(kw["device"], sound)).say
        stack.enter_context(remotes(controls, button=kw["button"], keys=kw["keys"]))
        sensors.connect()
        loop = ReadyLoop(
            controls,
            lambda: _ready_line(setup, sensors),
            say,
            session,
            prepare=sensors.connect,
            ping=watchdog.ping,
            notify=click.echo,
            sessions=kw["sessions"],
        )
        watchdog.ready(f"ready: {setup.name}")
        loop.run()


READY_OPTIONS: list[click.Parameter] = [
    click.Option(["--sessions"], type=Whole(1, 10_000), default=None,
                 help="Stop after this many sessions (default: wait for the next one)."),
    click.Option(["--button"], type=click.IntRange(0, 53), default=None, metavar="GPIO",
                 help="A push button on this GPIO pin (BCM numbering) to ground: press "
                      "play/pause, double press status, triple press next, long press stop."),
    click.Option(["--keys/--no-keys"], default=True, show_default=True,
                 help="Read headset media keys from input devices (evdev)."),
]  # fmt: skip

ready = click.Command(
    "ready",
    callback=_ready,
    params=[*(p for p in run.params if p.name not in NOT_SHARED), *READY_OPTIONS],
    help=_ready.__doc__,
)
