"""The coach's watchers, one concern each: the sensor, standing still, the heart rate and
the cadence's drift out of the zone. Each is pure and handed ``now``."""
