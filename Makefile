# Relance — two commands set everything up: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB := $(or $(RELANCE_DB),var/demo.db)
DEMO_CLIENTS ?= 5000
BENCH_CLIENTS ?= 1000000

.PHONY: install run test lint typecheck contracts pytest bench clean

# -qq and PYTHONWARNINGS: only errors; setuptools' notes and pip's about this machine's index
# settings would fill the screen `make run` opens on
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -qq --upgrade pip
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install -qq -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Open the app (on a demo dealership in var/demo.db unless RELANCE_DB says otherwise).
run: $(STAMP)
	$(BIN)/relance demo --db "$(DB)" --clients $(DEMO_CLIENTS) --if-missing
	$(BIN)/relance --db "$(DB)"

## Every check: ruff, mypy --strict, the import-layer contracts, pytest.
test: lint typecheck contracts pytest

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP)
	$(BIN)/pytest

## The figures of the issues, on a 1M-client demo kept in var/ (built once).
bench: $(STAMP)
	$(BIN)/python -m bench --clients $(BENCH_CLIENTS)

clean:
	rm -rf $(VENV) var .mypy_cache .ruff_cache .pytest_cache
