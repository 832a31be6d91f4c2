"""Bluetooth LE sensors: the GATT codecs (``gatt``), bleak's discovery (``bluetooth``), one
link per sensor (``link``) on a thread of their own (``thread``), the latest values the
session reads (``hub``), and a session's connected sensors (``connected``)."""
