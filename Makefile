# schemalab — `make help` lists the targets. Everything runs inside .venv, created on
# first use with the machine's Python 3.11 (override: make PYTHON=/path/to/python3.11).
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCHEMALAB := $(BIN)/schemalab

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (Python 3.11) on PATH, or make PYTHON=..."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch is pinned to 2.13.0 in pyproject.toml: its CPU build is what pip finds here;
# an unpinned torch would pull several GB of GPU packages.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP) ## create .venv (if none) and install schemalab with its dependencies

data: $(STAMP) ## parse data/raw into data/processed (every table)
	$(SCHEMALAB) build

themes: data ## theme, cluster and score every action (offline default model; MODEL=... to change)
	$(SCHEMALAB) themes $(if $(MODEL),--model "$(MODEL)")

report: $(STAMP) ## build tables and themes if stale, run every notebook, render reports/ (the one command)
	$(SCHEMALAB) report

kernel: $(STAMP) ## register the project's Jupyter kernel ("Python (schemalab)") inside .venv
	$(BIN)/python -m ipykernel install --sys-prefix --name schemalab --display-name "Python (schemalab)"

lab: kernel ## start JupyterLab on notebooks/ with the project's kernel (scratch work: notebooks/scratch/)
	mkdir -p notebooks/scratch
	SCHEMALAB_ROOT="$(CURDIR)" $(BIN)/jupyter lab --notebook-dir=notebooks

test: $(STAMP) ## run the whole test suite (what CI runs)
	$(BIN)/python -m pytest -q

lint: $(STAMP) ## ruff lint and format check
	$(BIN)/ruff check schemalab tests bench
	$(BIN)/ruff format --check schemalab tests bench

dictionary: $(STAMP) ## regenerate the README's data dictionary from schemalab/schema.py
	$(SCHEMALAB) dictionary --write README.md

clean: ## remove built tables, reports and caches (never touches data/raw)
	find data/processed -mindepth 1 ! -name .gitkeep -delete
	find reports -mindepth 1 ! -name .gitkeep -delete
	rm -rf .pytest_cache .ruff_cache .hypothesis
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +

.PHONY: help install data themes report kernel lab test lint dictionary clean
