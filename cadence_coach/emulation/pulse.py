"""A private PulseAudio server with a null sink, for tests and benchmarks.

It runs in its own runtime directory, so it never touches a user's audio. PortAudio reaches
it through the ALSA ``pulse`` device (libasound2-plugins); ``parec`` records what was
played from the sink's monitor.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import numpy as np
import numpy.typing as npt

RATE = 48_000
SINK = "test_sink"


class PulseUnavailable(RuntimeError):
    """PulseAudio (or its ALSA plugin) is not installed or did not start."""


def missing_tools() -> list[str]:
    """Return the programs this helper needs that are not installed."""
    needed = ["pulseaudio", "pactl", "parec", "pacat"]
    missing = [tool for tool in needed if shutil.which(tool) is None]
    plugin_dirs = ["/usr/lib/x86_64-linux-gnu/alsa-lib", "/usr/lib/aarch64-linux-gnu/alsa-lib"]
    if not any(Path(d, "libasound_module_pcm_pulse.so").exists() for d in plugin_dirs):
        missing.append("libasound2-plugins")
    return missing


def _environment(folder: Path) -> dict[str, str]:
    """The environment that reaches a server living in ``folder`` (and nothing else)."""
    runtime = folder / "xdg"
    (runtime / "pulse").mkdir(parents=True, exist_ok=True)
    runtime.chmod(0o700)
    env = dict(os.environ)
    env.update(
        XDG_RUNTIME_DIR=str(runtime),
        PULSE_SERVER=f"unix:{runtime / 'pulse' / 'native'}",
        HOME=str(folder),
        PULSE_RUNTIME_PATH=str(runtime / "pulse"),
    )
    return env


def _start_server(env: dict[str, str]) -> None:
    socket = Path(env["PULSE_RUNTIME_PATH"]) / "native"
    started = subprocess.run(
        [
            "pulseaudio",
            "--daemonize=yes",
            "--exit-idle-time=-1",
            "--system=false",
            "--disallow-exit",
            "-n",
            f"--load=module-native-protocol-unix socket={socket} auth-anonymous=1",
            f"--load=module-null-sink sink_name={SINK} rate={RATE} channels=2",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    if started.returncode != 0:
        raise PulseUnavailable(f"pulseaudio did not start: {started.stderr.strip()[-300:]}")


def _keep_alive(env: dict[str, str]) -> subprocess.Popen[bytes]:
    """Wait for the server to answer, then play silence into the sink for its lifetime."""
    deadline = time.monotonic() + 10
    while subprocess.run(["pactl", "info"], env=env, capture_output=True).returncode != 0:
        if time.monotonic() > deadline:
            raise PulseUnavailable("pulseaudio started but never answered `pactl info`")
        time.sleep(0.02)
    command = ["pacat", "--latency-msec=10", "--raw", f"--rate={RATE}", "--channels=2",
               "--format=s16le", f"--device={SINK}"]  # fmt: skip
    with open("/dev/zero", "rb") as zeros:
        return subprocess.Popen(command, env=env, stdin=zeros)


@contextmanager
def private_pulse(folder: Path) -> Iterator[dict[str, str]]:
    """Start PulseAudio with a 48 kHz stereo null sink; yield the environment that reaches it.

    A silent keep-alive stream runs for the server's lifetime: without it, a new stream on
    a null sink can stall for a second or two after its first callback.
    """
    missing = missing_tools()
    if missing:
        raise PulseUnavailable(f"missing: {', '.join(missing)}")
    env = _environment(folder)
    _start_server(env)
    keepalive: subprocess.Popen[bytes] | None = None
    try:
        keepalive = _keep_alive(env)
        time.sleep(2.0)
        yield env
    finally:
        if keepalive is not None:
            keepalive.kill()
            keepalive.wait()
        pid_file = Path(env["PULSE_RUNTIME_PATH"]) / "pid"
        if pid_file.exists():
            with suppress(ProcessLookupError, ValueError):
                os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)


@contextmanager
def record_monitor(env: dict[str, str], path: Path) -> Iterator[None]:
    """Record the null sink's monitor as raw 48 kHz stereo s16le into ``path`` meanwhile."""
    with path.open("wb") as sink:
        rec = subprocess.Popen(
            [
                "parec",
                f"--device={SINK}.monitor",
                "--raw",
                f"--rate={RATE}",
                "--channels=2",
                "--format=s16le",
                "--latency-msec=20",
            ],
            env=env,
            stdout=sink,
        )
        try:
            time.sleep(0.3)
            yield
        finally:
            time.sleep(0.5)
            rec.terminate()
            rec.wait(timeout=10)


def read_recording(path: Path) -> npt.NDArray[np.float32]:
    """Return the left channel of a raw s16le stereo recording as float32."""
    raw = np.fromfile(path, dtype="<i2")
    return (raw[: len(raw) // 2 * 2].reshape(-1, 2)[:, 0] / 32768.0).astype(np.float32)
