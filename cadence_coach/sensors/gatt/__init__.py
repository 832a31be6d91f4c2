"""GATT codecs for the sensors a runner owns: the start of the data flow, pure bytes in and out.

Running Speed and Cadence (service 0x1814), Heart Rate (0x180D), Fitness Machine Treadmill
Data (0x1826 / 0x2ACD) and Battery (0x180F), decoded exactly as the Bluetooth SIG layouts say
(docs/sensors.md has the tables). Every decoder checks lengths before unpacking and raises
:class:`~cadence_coach.errors.MalformedPacket` (a ``ValueError``) on anything the
specification does not allow, and nothing else. The encoders (``to_bytes``) serve the
emulated sensors and the round-trip tests.

Values are kept as the sensor sent them: the RSC cadence byte is ``cadence_per_min`` because
footpods disagree on whether it counts steps or strides (:mod:`cadence_coach.sources.strides`
decides).
"""

from cadence_coach.sensors.gatt.battery import battery_level_from_bytes
from cadence_coach.sensors.gatt.fields import (
    BATTERY_LEVEL,
    BATTERY_SERVICE,
    BODY_SENSOR_LOCATION,
    FITNESS_MACHINE_SERVICE,
    HEART_RATE_MEASUREMENT,
    HEART_RATE_SERVICE,
    RSC_FEATURE,
    RSC_MEASUREMENT,
    RSC_SERVICE,
    SERVICE_NAMES,
    TREADMILL_DATA,
    uuid16,
)
from cadence_coach.sensors.gatt.heart_rate import (
    BodySensorLocation,
    HeartRateMeasurement,
    SensorContact,
)
from cadence_coach.sensors.gatt.rsc import (
    RscFeature,
    RscMeasurement,
    rsc_feature_from_bytes,
    rsc_feature_to_bytes,
)
from cadence_coach.sensors.gatt.treadmill import TreadmillAssembler, TreadmillData

__all__ = [
    "BATTERY_LEVEL",
    "BATTERY_SERVICE",
    "BODY_SENSOR_LOCATION",
    "FITNESS_MACHINE_SERVICE",
    "HEART_RATE_MEASUREMENT",
    "HEART_RATE_SERVICE",
    "RSC_FEATURE",
    "RSC_MEASUREMENT",
    "RSC_SERVICE",
    "SERVICE_NAMES",
    "TREADMILL_DATA",
    "BodySensorLocation",
    "HeartRateMeasurement",
    "RscFeature",
    "RscMeasurement",
    "SensorContact",
    "TreadmillAssembler",
    "TreadmillData",
    "battery_level_from_bytes",
    "rsc_feature_from_bytes",
    "rsc_feature_to_bytes",
    "uuid16",
]
