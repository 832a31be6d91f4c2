"""Emulated hardware, for the tests, the benchmarks and trying cadence-coach with none:
Bluetooth sensors on bumble's virtual controllers, reached through a bleak backend of their
own (``CADENCE_COACH_BLE_BACKEND=cadence_coach.emulation.bleak_backend``), and a private
PulseAudio server with a null sink. The sensors need bumble (the ``emulation`` extra)."""
