# schemalab — `make help` lists the targets. Everything runs inside .venv, created on
# first use with the machine's Python 3.11 (3.11 to 3.13 work: make PYTHON=python3.12;
# see "Python versions" in the README for torch's CPU build on 3.12/3.13).
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SCHEMALAB := $(BIN)/schemalab

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# Where torch's CPU build is installed from before the rest (empty: let pip choose; on
# Python 3.12/3.13 set it to https://download.pytorch.org/whl/cpu, otherwise pip takes the
# CUDA build of torch 2.13.0 and several GB of nvidia packages).
TORCH_INDEX ?=

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) (Python 3.11 to 3.13) on PATH, or make PYTHON=..."; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' || \
		{ echo "$(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'); schemalab supports 3.11 to 3.13"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# torch is pinned to 2.13.0 in pyproject.toml: its CPU build is what pip finds here;
# an unpinned torch would pull several GB of GPU packages.
$(STAMP): pyproject.toml | $(BIN)/python
	$(if $(TORCH_INDEX),$(BIN)/python -m pip install --quiet "torch==2.13.0" --index-url "$(TORCH_INDEX)")
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

chromium: ## install Debian's chromium for tests/test_browser.py when /usr/bin/chromium is absent
	@.ci/chromium

test: $(STAMP) chromium ## run the whole test suite (what CI runs); installs chromium if absent
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

.PHONY: help install data themes report kernel lab chromium test lint dictionary clean
