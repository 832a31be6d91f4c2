"""Speech: the phrase book, rendering through pyttsx3 (espeak-ng), earcons, and the speaker
that schedules cues onto the mixer. Only constants here, so the CLI can name them cheaply."""

DEFAULT_RATE_WPM = 180
"""Speaking rate: a little slower than espeak's 200, easier to catch while running."""
MIN_RATE_WPM = 80
MAX_RATE_WPM = 400
MAX_CHARS = 200
"""Longer texts are cut at a word boundary, with a warning: a cue is a phrase, not a speech."""
