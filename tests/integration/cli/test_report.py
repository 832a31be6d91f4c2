"""Reports: the summary, a PNG chart and a self-contained HTML page for a stored session."""

from __future__ import annotations

import base64
import html
import re
import struct
from pathlib import Path

from click.testing import CliRunner

from cadence_coach.cli import cli
from cadence_coach.history.store import Store


def test_report_prints_the_summary_and_draws_the_chart(tmp_path: Path) -> None:
    runner = CliRunner()
    made = runner.invoke(
        cli, ["run", "--target", "172", "--duration", "2m", "--out", str(tmp_path / "r.wav")]
    )
    assert made.exit_code == 0, made.stderr
    session_id = max(s.id for s in Store().sessions())
    png = tmp_path / "chart.png"
    result = runner.invoke(cli, ["report", str(session_id), "--out", str(png), "--html"])
    assert result.exit_code == 0, result.stderr
    assert "time in zone" in result.stdout
    assert "172 spm, zone 166.8-177.2" in result.stdout
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1100, 600)  # cadence above, heart rate below
    page = (tmp_path / "chart.html").read_text()
    embedded = re.search(r"data:image/png;base64,([A-Za-z0-9+/=]+)", page)
    assert embedded is not None
    assert base64.b64decode(embedded.group(1)) == data  # self-contained: the chart is inside
    for cue in Store().cues(session_id):
        assert html.escape(cue.text) in page  # every cue in the table


def test_a_session_killed_before_its_first_second_has_no_chart(tmp_path: Path) -> None:
    from cadence_coach.history.records import SessionKind

    store = Store()
    session_id = store.begin("free run", SessionKind.LIVE)  # begun, then nothing: killed
    png = tmp_path / "k.png"
    result = CliRunner().invoke(cli, ["report", str(session_id), "--out", str(png), "--html"])
    assert result.exit_code == 0, result.stderr
    assert "chart: none (no seconds were recorded)" in result.stdout
    assert "None" not in result.stdout
    assert not png.exists()  # no empty chart with axes from -0.04 to 0.04
    assert "<img" not in (tmp_path / "k.html").read_text()


def test_report_of_an_unknown_session_is_one_line() -> None:
    result = CliRunner().invoke(cli, ["report", "99999"])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "no session 99999" in result.stderr
