# Two commands set everything up on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: run test lint typecheck pytest e2e bench clean

$(PY_STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

# Node is used by the tests only: the Teams emulator and the official manifest schemas.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(PY_STAMP)
	$(PY) -m bot serve

lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: $(PY_STAMP)
	$(VENV)/bin/mypy

pytest: $(PY_STAMP) $(NODE_STAMP)
	$(VENV)/bin/pytest

test: lint typecheck pytest

e2e: $(PY_STAMP) $(NODE_STAMP)
	$(VENV)/bin/pytest -m e2e tests/e2e

# Issue #8: four benchmarks, each printing `name: value unit (target …)`; see docs/performance.md.
bench: $(PY_STAMP)
	$(PY) -m bench

clean:
	rm -rf $(VENV) node_modules build .pytest_cache .mypy_cache .ruff_cache
