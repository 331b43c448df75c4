# Two commands from a clean clone: `make run` and `make test`. Both create the
# virtual environment on first use and reinstall when pyproject.toml or the
# compiled module (annotator/_tokens.c, built by hatch_build.py) changes.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CORPUS ?= corpora

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml hatch_build.py annotator/_tokens.c
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "annotator needs Python 3.11 or newer; set PYTHON=python3.11")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/annotator annotate $(CORPUS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/mypy

# WORKERS=auto: two per core, at most cores + 4 (tests/conftest.py says why).
WORKERS ?= auto

test: lint
	$(BIN)/python -m pytest -n $(WORKERS)

bench: $(STAMP)
	@for b in bench/[!_]*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .hypothesis
