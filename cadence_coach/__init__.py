"""cadence-coach: a real-time audio cadence coach for runners."""

__version__ = "0.1.0"
