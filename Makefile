# provind: `make run` sets everything up and runs the nightly pipeline once on the embedded
# demo site; `make test` runs the test suite. Both work on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
VENV := .venv
DBT := $(VENV)/bin/dbt
export UV_PYTHON ?= 3.11

.PHONY: help run test test-fast bench score lint format manifest airflow-home venv debian-deps clean

help:
	@echo "make run    set up and run the nightly pipeline on the embedded demo site"
	@echo "make test   run the test suite (unit, integration, end-to-end)"
	@echo "make bench  run the benchmarks"
	@echo "make score  score the extractor on the demo corpus against ../shared/eval/gold"
	@echo "make lint   ruff check and format check"

$(UV):
	$(PYTHON) -m pip install --user --quiet uv || $(PYTHON) -m pip install --quiet uv

venv: $(VENV)/.synced
$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

manifest: dbt_project/target/manifest.json
dbt_project/target/manifest.json: venv $(shell find dbt_project -name '*.sql' -o -name '*.yml' -o -name '*.csv' 2>/dev/null | grep -v '/target/')
	cd dbt_project && DBT_SEND_ANONYMOUS_USAGE_STATS=false ../$(DBT) parse --profiles-dir . --quiet

debian-deps:
	scripts/install-debian-deps.sh

airflow-home: venv
	scripts/airflow-setup.sh

run: venv manifest airflow-home
	scripts/run-nightly.sh

test: venv manifest airflow-home debian-deps
	source scripts/airflow-env.sh && $(VENV)/bin/pytest -p no:cacheprovider

test-fast: venv manifest
	source scripts/airflow-env.sh && $(VENV)/bin/pytest -p no:cacheprovider -m "not e2e and not integration"

bench: venv
	source scripts/airflow-env.sh && for b in benchmarks/bench_*.py; do $(VENV)/bin/python $$b || exit 1; done

score: venv
	$(VENV)/bin/python scripts/score_corpus.py

lint: venv
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: venv
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

clean:
	rm -rf data .airflow dbt_project/target dbt_project/logs
