"""Sources of readings, the start of the data flow: the simulated runner, live sensors and
recorded runs. Each hands out :class:`~cadence_coach.sources.reading.Reading` objects with
cadence in steps per minute; a source that receives strides converts at its edge
(:mod:`~cadence_coach.sources.strides` judges which a sensor or a file sends)."""
