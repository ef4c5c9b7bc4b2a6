# hetang-monitor: the Makefile is the interface. `make help` lists the targets.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
WAREHOUSE ?= var/hetang.duckdb
PORT ?= 8501
export UV_LINK_MODE ?= copy

.PHONY: help install run nightly dashboard test test-fast lint format bench demo-data clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

install: | $(UV) ## install Python and every dependency into .venv (uv, locked)
	$(UV) sync --frozen

run: install ## install, run the nightly flow once on the bundled demo data, serve the dashboard
	$(UV) run --frozen hetang run --warehouse $(WAREHOUSE)
	@echo "Dashboard on http://localhost:$(PORT)  (synthetic demo data, not official statistics)"
	$(UV) run --frozen hetang dashboard --warehouse $(WAREHOUSE) --server.port $(PORT)

nightly: install ## one nightly run only (no dashboard)
	$(UV) run --frozen hetang run --warehouse $(WAREHOUSE)

dashboard: install ## serve the dashboard on the last published snapshot
	$(UV) run --frozen hetang dashboard --warehouse $(WAREHOUSE) --server.port $(PORT)

test: install ## install and run the whole test suite (unit, integration, dashboard, e2e)
	# Two workers, a test file each at a time: the real-server and browser tests mostly wait.
	$(UV) run --frozen python -m pytest -q -n 2 --dist loadfile

test-fast: install ## unit tests only
	$(UV) run --frozen python -m pytest -q tests/unit

lint: install ## ruff lint + format check, mypy, sqlfluff on the SQL
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy
	$(UV) run --frozen sqlfluff lint warehouse/marts --dialect duckdb

format: install ## apply ruff formatting and fixes
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

bench: install ## the scale benchmark (see bench/README.md)
	$(UV) run --frozen python bench/run.py

demo-data: install ## regenerate the synthetic demo drops (deterministic)
	$(UV) run --frozen python scripts/make_demo_data.py

clean: ## remove the local warehouse and caches
	rm -rf var .pytest_cache .ruff_cache .mypy_cache test-artifacts
