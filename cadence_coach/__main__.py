"""Entry point for ``python -m cadence_coach``."""

from cadence_coach.cli import main

main()
