# Every target sets itself up: a fresh clone needs only `make lab` or `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv from PATH, else the copy pip installs for this user (`python3 -m uv`).
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
VENV := .venv
STAMP := $(VENV)/.synced
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
CHROMIUM := $(shell command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null)

.PHONY: uv help lab test lint bench report notebooks setup chromium clean

help:
	@echo "make lab     open JupyterLab on notebooks/ (sets everything up first)"
	@echo "make test    run the whole test suite (notebooks and browser tests included)"
	@echo "make lint    ruff over the code and the notebooks"
	@echo "make bench   run the benchmarks and rewrite benchmarks/results.md"
	@echo "make report  run every notebook headless on seeds/ into reports/"

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
	  { echo "uv is missing: installing it with pip"; python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv; }

$(STAMP): pyproject.toml uv.lock | uv
	$(UV) sync --locked --all-groups --all-extras
	@touch $@

$(LAB_SETTINGS): helpers/data/lab-overrides.json $(STAMP)
	@mkdir -p $(dir $@)
	cp $< $@

setup: $(STAMP) $(LAB_SETTINGS) notebooks chromium

# Notebooks are committed as jupytext py:percent files; the .ipynb twins are made here and paired.
notebooks: $(STAMP)
	@$(UV) run --no-sync jupytext --quiet --sync notebooks/*.py

# Static figure export (kaleido) and the browser tests need a Chromium.
chromium:
	@if [ -n "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Chromium is missing: installing Debian's chromium with apt-get"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	else \
	  echo "Chromium is missing and cannot be installed here (needs root and apt-get)."; \
	  echo "Install it yourself, e.g. 'sudo apt-get install chromium', then rerun. PNG/SVG export and browser tests need it."; \
	fi

# Jupyter refuses to run as root unless told; root is common in containers.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: setup
	$(UV) run --no-sync jupyter lab --notebook-dir=notebooks $(ROOT_FLAG)

test: setup
	$(UV) run --no-sync pytest

lint: $(STAMP)
	$(UV) run --no-sync ruff check helpers tests benchmarks notebooks
	$(UV) run --no-sync ruff format --check helpers tests benchmarks notebooks

bench: setup
	$(UV) run --no-sync python -m benchmarks

report: setup
	$(UV) run --no-sync warta report --corpus seeds --out reports

clean:
	rm -rf $(VENV) figures reports tests/screenshots .pytest_cache .ruff_cache
