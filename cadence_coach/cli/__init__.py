"""The command line: click only. Each command group is a module, loaded when it is used;
every decision about the run itself is made by the packages below."""

from cadence_coach.cli.app import cli, main

__all__ = ["cli", "main"]
