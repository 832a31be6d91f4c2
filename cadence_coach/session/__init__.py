"""Sessions: the one loop that runs the coaching chain against an output (a live stream, a
file, or none), with its observers (the store's writer, the live view, the sensors'
events); and the plain sounds (the metronome alone, a spoken phrase)."""
