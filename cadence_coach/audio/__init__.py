"""Audio: beat maths, click voices, the mixer and its outputs (stream or WAV file).

Only constants live here, so the CLI can name them without importing numpy.
"""

VOICE_NAMES = ("click", "wood", "beep")
"""The click voices in ``sounds/``."""

DEFAULT_BLOCKSIZE = 1024
"""Frames per PortAudio callback: about 21 ms at 48 kHz. Timing is exact at any size;
larger blocks cost less CPU (see docs/benchmarks.md)."""
