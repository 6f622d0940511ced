# smallwins: `make run` opens the dashboard, `make test` runs the whole suite.
# Both create .venv and install the project into it when needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB ?= $(or $(TMPDIR),/tmp)/smallwins-demo/smallwins.json

.PHONY: run test demo lint fix screenshots clean torture bench bench-quick

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/smallwins

test: $(STAMP) lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check smallwins_tui tests benchmarks
	$(BIN)/ruff format --check smallwins_tui tests benchmarks
	$(BIN)/mypy smallwins_tui benchmarks

# Full crash and concurrency runs (3.5 min on 2 CPUs): 200+ SIGKILLs, 1,500 raced writes.
# Prints the figures and writes them to docs/figures/reliability-last-run.json.
torture: $(STAMP)
	$(BIN)/pytest -m slow -q

# Benchmarks on a 10-year store (several minutes): prints the table, writes benchmarks/RESULTS.md.
bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# A seconds-long smoke run of every benchmark (1 run, 1-year store); writes no results.
bench-quick: $(STAMP)
	$(BIN)/python -m benchmarks.run --quick

fix: $(STAMP)
	$(BIN)/ruff check --fix smallwins_tui tests benchmarks
	$(BIN)/ruff format smallwins_tui tests benchmarks

demo: $(STAMP)
	rm -f $(DEMO_DB)
	$(BIN)/smallwins demo --db $(DEMO_DB)
	$(BIN)/smallwins --db $(DEMO_DB)

screenshots: $(STAMP)
	$(BIN)/python screenshots/make_screenshots.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
