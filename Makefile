# jixiao — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install system-deps run test test-sqlite screenshots bench fuzz check lint format clean

$(STAMP): pyproject.toml package.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,postgres]'
	scripts/install-frontend.sh
	touch $(STAMP)

# The front-end files live outside the venv (git clean removes them): reinstall when missing.
VENDOR := jixiao/web/static/vendor/chart.umd.js

$(VENDOR):
	scripts/install-frontend.sh

install: $(STAMP) $(VENDOR)

system-deps:
	scripts/install-system-deps.sh

## Set up and serve the web app on SQLite with the seed document as demo data.
run: install
	$(BIN)/jixiao serve --demo --host $(HOST) --port $(PORT)

## Install what the tests need, then run the whole suite on SQLite and on PostgreSQL.
test: install system-deps
	scripts/test.sh

test-sqlite: install
	$(BIN)/python -m pytest -q

## Refresh the user guide's screenshots (docs/screenshots/) from the browser tests.
screenshots: install system-deps
	JIXIAO_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q tests/browser

bench: install
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python -m bench

## Fuzz every reader for FUZZ_SECONDS each; prints inputs tried and failures (exit 1 if any).
FUZZ_SECONDS ?= 60
fuzz: install
	$(BIN)/python tests/fuzzing.py --seconds $(FUZZ_SECONDS)
	JIXIAO_FUZZ_API_EXAMPLES=$${JIXIAO_FUZZ_API_EXAMPLES:-200} $(BIN)/python -m pytest -q -p no:cacheprovider tests/web/test_api_schemathesis.py

check: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

lint: check

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules jixiao/web/static/vendor
