"""A small IMU wired to a Raspberry Pi's I2C bus, as a third transport for the step detector
(after Bluetooth straps and recorded files). Only the MPU-6050 so far: its register decoding
is pure and tested on bytes; the reader is a thin shell over smbus2 (the ``pi`` extra)."""
