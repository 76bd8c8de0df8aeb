# The two commands: `make run` (install, build, migrate, demo data, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install assets lint typecheck contracts migrations-check rules-coverage pytest test-postgres bench drills lock clean

run: install
	DEBUG=true $(BIN)/sro migrate --noinput
	DEBUG=true $(BIN)/sro demo --if-empty
	@echo "Serving the SRO Program Manager on http://$(HOST):$(PORT)/ (Ctrl-C stops it)"
	DEBUG=true $(BIN)/sro runserver $(HOST):$(PORT)

test: install lint typecheck contracts migrations-check rules-coverage pytest

install: $(VENV)/.installed static/dist/.built

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' || \
		{ echo "Python 3.12 or newer is needed (set PYTHON=python3.13)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/dist/.built: node_modules/.installed scripts/build-assets.mjs
	npm run --silent build
	touch $@

assets: static/dist/.built

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

contracts: install
	$(BIN)/lint-imports

migrations-check: install
	DEBUG=true $(BIN)/sro makemigrations --check --dry-run

# The statute rules must be covered branch by branch.
rules-coverage: install
	mkdir -p var
	COVERAGE_FILE=var/.coverage.rules $(BIN)/pytest tests/rules -q \
		--cov=sro/rules --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100

# One worker per core (pytest-xdist): each worker has its own test database.
PYTEST_WORKERS ?= auto
pytest: install
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# The same suite against PostgreSQL (CI runs it when one answers at DATABASE_URL).
# The benchmarks (not part of `make test`): writes bench/RESULTS.md.
bench: install
	$(BIN)/python bench/run.py

# The reliability drills in full (docs/reliability.md; their quick versions are in `make test`):
# about 90 minutes, most of it the two 30-minute soaks. Each prints its figures and fails on a
# lost write, a partial import, a server error or a difference after restore.
DRILL_EXAMPLES ?= 100
drills: install
	$(BIN)/python drills/crash.py --kills 20 --records 2000
	$(BIN)/python drills/outage.py --seconds 10
	$(BIN)/python drills/backup.py --seconds 30
	SRO_FUZZ_EXAMPLES=$(DRILL_EXAMPLES) $(BIN)/pytest -n $(PYTEST_WORKERS) -q \
		tests/test_schemathesis.py tests/test_hostile_input.py tests/test_importers_fuzz.py \
		tests/rules/test_training_properties.py
	$(BIN)/python drills/soak.py --minutes 30

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/sro} $(BIN)/pytest -n $(PYTEST_WORKERS)

# Regenerate the lock file after changing pyproject.toml.
lock: $(BIN)/python
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --no-emit-index-url \
		--python-version 3.12 --universal -q -o requirements.lock

clean:
	rm -rf $(VENV) node_modules static/dist var .pytest_cache .mypy_cache .ruff_cache
