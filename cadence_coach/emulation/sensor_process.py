"""The emulated sensors in a process of their own, for CLI tests: the sensors on one
in-process link, and a controller for the central on a TCP socket the project's bleak code
attaches to::

    python -m cadence_coach.emulation.sensor_process footpod strap --port 9102
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import socket
import subprocess
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from bumble.controller import Controller
from bumble.link import LocalLink

from cadence_coach.emulation.outages import Outages, aways, drops
from cadence_coach.emulation.peripheral import notify_forever
from cadence_coach.emulation.sensors import KINDS

MODULE = "cadence_coach.emulation.sensor_process"


async def _serve(
    kinds: list[str], port: int, period_s: float, outages: Outages, polar_kw: dict[str, Any]
) -> None:
    """The sensors on one in-process link, plus a controller for the central on a TCP
    socket (``CADENCE_COACH_BUMBLE_TRANSPORT=tcp-client:127.0.0.1:PORT``)."""
    from bumble.transport import open_transport

    link = LocalLink()  # type: ignore[no-untyped-call]
    sensors = [KINDS[kind](link, **(polar_kw if kind == "polar" else {})) for kind in kinds]
    for sensor in sensors:
        await sensor.start()
    async with await open_transport(f"tcp-server:127.0.0.1:{port}") as transport:
        Controller("central", host_source=transport.source, host_sink=transport.sink, link=link)
        print("ready", flush=True)

        await asyncio.gather(
            notify_forever(sensors, period_s),
            drops(sensors, outages.drop_every_s),
            aways(sensors, outages),
        )


@contextlib.contextmanager
def emulated_sensors(
    kinds: list[str],
    period_s: float = 0.2,
    drop_every_s: float = 0.0,
    polar_args: Sequence[str] = (),
    outages: Outages | None = None,
) -> Iterator[dict[str, str]]:
    """Run the emulated sensors in a process of their own; yields the environment that
    points the project's bleak code at them."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = outages or Outages(drop_every_s=drop_every_s)
    command = [sys.executable, "-m", MODULE, *kinds, "--port", str(port),
               "--period", str(period_s), "--drop-every", str(out.drop_every_s),
               "--away-every", str(out.away_every_s),
               "--away", f"{out.away_s[0]}:{out.away_s[1]}", "--seed", str(out.seed),
               *(["--log", out.log] if out.log else []), *polar_args]  # fmt: skip
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        yield {
            "CADENCE_COACH_BLE_BACKEND": "cadence_coach.emulation.bleak_backend",
            "CADENCE_COACH_BUMBLE_TRANSPORT": f"tcp-client:127.0.0.1:{port}",
        }
    finally:
        proc.kill()
        proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kinds", nargs="+", choices=sorted(KINDS))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--period", type=float, default=1.0)
    parser.add_argument("--drop-every", type=float, default=0.0)
    parser.add_argument("--away-every", type=float, default=0.0,
                        help="about how often the sensors go away (seconds)")  # fmt: skip
    parser.add_argument("--away", default="20:60", help="for how long: MIN:MAX seconds")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--log", help="a file where each outage is written")
    parser.add_argument("--acc-recording", help="polar: the acceleration CSV it streams")
    parser.add_argument("--acc-layout", choices=["raw", "delta"], default="raw")
    parser.add_argument("--acc-refuse", type=int, action="append", default=[],
                        help="polar: a sample rate it refuses (repeatable)")  # fmt: skip
    args = parser.parse_args()
    polar_kw = {"recording": args.acc_recording, "layout": args.acc_layout,
                "refuse": args.acc_refuse}  # fmt: skip
    lo, _, hi = args.away.partition(":")
    outages = Outages(args.drop_every, args.away_every, (float(lo), float(hi or lo)), args.seed,
                      args.log)  # fmt: skip
    asyncio.run(_serve(args.kinds, args.port, args.period, outages, polar_kw))


if __name__ == "__main__":
    main()
