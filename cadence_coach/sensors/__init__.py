"""Bluetooth LE sensors: GATT codecs (``gatt``), steps-or-strides (``cadence``), the shared
state the session reads (``hub``) and the bleak shell (``ble``)."""
