# hetang-monitor: the Makefile is the interface. `make help` lists the targets.
SHELL := /bin/bash
UV ?= $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
WAREHOUSE ?= var/hetang.duckdb
PORT ?= 8501
export UV_LINK_MODE ?= copy

.PHONY: help install browser oidc run nightly dashboard test test-fast lint format bench demo-data clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set (as on CI) every start would compile
# the ~12,000 modules again; importing Great Expectations took 13 s instead of 6 s.
install: | $(UV) ## install Python and every dependency into .venv (uv, locked)
	$(UV) sync --frozen --compile-bytecode

run: install ## install, run the nightly flow once on the bundled demo data, demo users, serve the dashboard
	$(UV) run --frozen hetang run --warehouse $(WAREHOUSE)
	@echo "Demo users (sign in with one of these; demo warehouse only):"
	$(UV) run --frozen hetang users --warehouse $(WAREHOUSE) demo
	@echo "Dashboard on http://127.0.0.1:$(PORT)  (synthetic demo data, not official statistics)"
	@echo "Sign in e.g. as reviewer / demo-reviewer; the dashboard listens on 127.0.0.1 only."
	$(UV) run --frozen hetang dashboard --warehouse $(WAREHOUSE) --server.port $(PORT)

nightly: install ## one nightly run only (no dashboard)
	$(UV) run --frozen hetang run --warehouse $(WAREHOUSE)

dashboard: install ## serve the dashboard on the last published snapshot
	$(UV) run --frozen hetang dashboard --warehouse $(WAREHOUSE) --server.port $(PORT)

browser: ## Chromium, CJK fonts and poppler for the browser and briefing tests (apt-get as root)
	@if command -v chromium >/dev/null && command -v pdftoppm >/dev/null \
		&& fc-list 2>/dev/null | grep -qi 'noto.*cjk'; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium fonts-noto-cjk poppler-utils >/dev/null; \
	else \
		echo "make test needs Chromium, CJK fonts and poppler; run:" >&2; \
		echo "  sudo apt-get install -y chromium fonts-noto-cjk poppler-utils" >&2; exit 1; \
	fi

oidc: ## the OIDC provider of the single sign-on test (npm oidc-provider, locked)
	@command -v npm >/dev/null || { echo "make test needs Node.js 20+ and npm (the SSO test)" >&2; exit 1; }
	npm ci --prefix tests/e2e/oidc --no-audit --no-fund --silent

test: install browser oidc ## install and run the whole test suite (unit, integration, dashboard, e2e)
	# Two workers, a test file each at a time: the real-server and browser tests mostly wait.
	# HETANG_REQUIRE_BROWSER: a missing browser fails the browser tests instead of skipping them.
	HETANG_REQUIRE_BROWSER=1 $(UV) run --frozen python -m pytest -q -n 2 --dist loadfile

test-fast: install ## unit tests only
	$(UV) run --frozen python -m pytest -q tests/unit

lint: install ## ruff lint + format check, mypy, sqlfluff on the SQL
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy
	$(UV) run --frozen sqlfluff lint warehouse/rules.sql warehouse/marts warehouse/judged warehouse/statements warehouse/queries

format: install ## apply ruff formatting and fixes
	$(UV) run --frozen ruff check --fix .
	$(UV) run --frozen ruff format .

bench: install ## the scale benchmark (see bench/README.md)
	$(UV) run --frozen python bench/run.py

demo-data: install ## regenerate the synthetic demo drops (deterministic)
	$(UV) run --frozen python -m demo.generate

clean: ## remove the local warehouse and caches
	rm -rf var .pytest_cache .ruff_cache .mypy_cache test-artifacts
