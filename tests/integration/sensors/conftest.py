"""The virtual radio of test_bluetooth.py, for every sensor test here."""

from tests.integration.sensors.test_bluetooth import radio

__all__ = ["radio"]
