"""Recorded runs as sources: FIT, TCX, GPX and our own CSV, one module per format, all read
into one :class:`~cadence_coach.sources.recordings.activity.Activity`; ``load`` picks the
reader by extension and ``replay`` plays an activity back as a source."""
