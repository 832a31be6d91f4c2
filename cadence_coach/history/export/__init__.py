"""Stored sessions as the files runners use: CSV (steps per minute), and TCX and FIT for
training platforms, which hold running cadence as strides per minute, so steps are halved
there. One module per format."""
