# alliancelab: the two commands. Each bootstraps .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: run test bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev,web]'
	touch $(STAMP)

## make run: set up and brief Europe in 2024 and in 1914 on the shipped reference data
run: $(STAMP)
	@mkdir -p out
	$(BIN)/alliancelab brief --region europe --year 2024 --out out/brief-europe-2024.html
	$(BIN)/alliancelab brief --region europe --year 1914 --out out/brief-europe-1914.html
	@echo "Dashboard: run '$(BIN)/alliancelab serve' and open http://127.0.0.1:8000 (docs/web.md)"

## make test: set up, lint (ruff), type-check (mypy) and run the tests (pytest)
test: $(STAMP)
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks
	$(BIN)/mypy
	$(BIN)/python -m pytest

## make bench: the speed benchmarks (scripts in benchmarks/, ratios against baselines)
bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(STAMP)
	$(BIN)/ruff check --fix src tests tools benchmarks
	$(BIN)/ruff format src tests tools benchmarks

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
