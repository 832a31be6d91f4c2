"""Steps from acceleration: the cadence source for a heart-rate strap's or an arm band's
accelerometer (Polar PMD), a recorded file of acceleration, or any three-axis IMU.

``grid`` puts irregular samples on a uniform grid, ``period`` finds the step period by
autocorrelation, ``detector`` turns the band-passed magnitude into step times, ``cadence``
turns step times into a cadence per window with a confidence, and ``track`` runs them over a
whole recording. Pure (numpy and scipy): handed sample times, never reading a clock.
docs/accelerometer.md describes the method and its measured accuracy.
"""
