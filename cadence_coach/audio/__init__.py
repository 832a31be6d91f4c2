"""Audio: beat maths, click voices, the mixer and its outputs (stream or WAV file).

Only constants live here, so the CLI can name them without importing numpy.
"""

VOICE_NAMES = ("click", "wood", "beep")
"""The click voices in ``sounds/``."""

DEFAULT_BLOCKSIZE = 2048
"""Frames per PortAudio callback: about 43 ms at 48 kHz. Timing is exact at any size;
larger blocks cost less CPU (see docs/benchmarks.md)."""

DEFAULT_LATENCY_S = 0.3
"""Output buffering asked of PortAudio. The host's wake-ups, not the mixer, dominate the
CPU cost of playback, and larger buffers mean fewer of them: a runner's Raspberry Pi plays
for hours on a battery. Beats stay sample-exact at any latency; only the delay between a
decision (a tempo change, a cue) and hearing it grows, and 0.3 s is well inside what a
coaching cue can tolerate."""
