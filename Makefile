# Two commands from a fresh clone: `make demo` and `make test`. Each does all set-up itself.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEBS := libportaudio2 espeak-ng pulseaudio pulseaudio-utils libasound2-plugins dbus playerctl
# Music: Rubber Band's program stretches tracks (GPL, run as its own process, never linked);
# two packages of free music are the tests' real tracks.
DEBS += rubberband-cli asc-music planetblupi-music-ogg

.PHONY: setup system-deps demo test lint typecheck pytest bench soak sounds clean

setup: system-deps $(STAMP)

# Debian packages: installed when missing (apt-get update first), as root or with sudo.
system-deps:
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
		echo "note: not a Debian system; install PortAudio, espeak-ng, PulseAudio and its ALSA plugin yourself"; \
		exit 0; \
	fi; \
	missing=""; \
	for p in $(DEBS); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	[ -z "$$missing" ] && exit 0; \
	echo "installing Debian packages:$$missing"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; \
	else echo "error: cadence-coach needs these Debian packages:$$missing; run: sudo apt-get install$$missing" >&2; exit 1; fi; \
	$$sudo apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing >/dev/null || \
	{ echo "error: could not install:$$missing (apt-get failed; see above)" >&2; exit 1; }

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: setup
	$(BIN)/cadence-coach demo --out demo.wav

test: setup lint typecheck pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

# Two workers: most of the suite's wall time is live audio and radio waiting in real time.
pytest: setup
	$(BIN)/pytest -n 2

bench: setup
	$(BIN)/python bench/metronome.py
	$(BIN)/python bench/speech.py
	$(BIN)/python bench/coach.py
	$(BIN)/python bench/sensors.py
	$(BIN)/python bench/steps.py
	$(BIN)/python bench/music.py
	$(BIN)/python bench/coaching.py
	$(BIN)/python bench/power.py

# Half an hour live with sensors dropping and going away (not part of `make bench`).
soak: setup
	$(BIN)/python bench/soak.py --minutes 30

sounds: setup
	$(BIN)/python sounds/make_sounds.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache demo.wav
