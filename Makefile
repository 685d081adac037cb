# SafeLog: one command to set up and run, one to set up and test.
# Everything lives in .venv; system packages the tests need are installed when missing.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test bench lint clean system-deps

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# pdftoppm (poppler-utils) renders exported PDFs to PNG in the tests; Qt needs a few X/GL libraries
# even on the offscreen platform. Installed only when missing, and only where apt-get is available.
system-deps:
	@missing=""; \
	command -v pdftoppm >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	[ -e /usr/lib/x86_64-linux-gnu/libEGL.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libEGL.so.1 ] || missing="$$missing libegl1"; \
	[ -e /usr/lib/x86_64-linux-gnu/libxkbcommon.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libxkbcommon.so.0 ] || missing="$$missing libxkbcommon0"; \
	[ -e /usr/lib/x86_64-linux-gnu/libfontconfig.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libfontconfig.so.1 ] || missing="$$missing libfontconfig1"; \
	if [ -n "$$missing" ]; then \
	  if command -v apt-get >/dev/null 2>&1; then \
	    SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	    echo "Installing system packages:$$missing"; \
	    $$SUDO apt-get update -qq && $$SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please install:$$missing"; exit 1; fi; \
	fi

run: system-deps $(STAMP)
	unset QT_QPA_PLATFORM; $(VENV)/bin/safelog

lint: $(STAMP)
	$(VENV)/bin/ruff check safelog ui tests
	$(VENV)/bin/ruff format --check safelog ui tests
	$(VENV)/bin/lint-imports

# The core's tests run with PySide6 blocked (SAFELOG_BLOCK_QT), proving the core needs no Qt;
# the desktop app's tests run in a second pass.
test: system-deps $(STAMP) lint
	SAFELOG_BLOCK_QT=1 $(PY) -m pytest -q -p no:pytest-qt tests/core tests/crash
	$(PY) -m pytest -q tests/ui

bench: system-deps $(STAMP)
	$(PY) -m tests.bench.run

clean:
	rm -rf $(VENV) tests/output
