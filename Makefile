# provind: `make run` sets everything up and runs the nightly pipeline once on the embedded
# demo site; `make test` runs the test suite. Both work on a fresh machine.
# Every target's line ends with `## what it does`: `make help` lists them from there.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
VENV := .venv
DBT := $(VENV)/bin/dbt
COMPILED := $(VENV)/provind-compiled/stamp.json
# pytest-xdist workers of `make test`: the Airflow deployments' tests on one, everything else
# beside them (tests/conftest.py groups them); TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2
# The venv's interpreter: Debian's python3.11 where the machine has it, else any 3.11 uv finds.
# Debian builds it with profile-guided optimisation and links it statically; a plain source
# build (pyenv's default) runs the extractor's pure-Python code some 15-30 per cent slower
# (docs/extraction-grammar.md, "Speed").
export UV_PYTHON ?= $(or $(wildcard /usr/bin/python3.11),3.11)

.PHONY: help run test test-fast bench score lint format manifest airflow-home venv compile debian-deps clean

help: ## list these targets
	@echo "usage: make TARGET"
	@awk 'BEGIN { FS = ":[^#]*## " } /^[A-Za-z0-9_-]+:.*## / { printf "  make %-14s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)
	@echo "the provind command (after make venv): .venv/bin/provind --help"

run: venv manifest airflow-home ## set up, then run the nightly pipeline once on the embedded demo site
	scripts/run-nightly.sh

test: debian-deps venv manifest airflow-home ## run the whole test suite (unit, slow, integration, end-to-end)
	source scripts/airflow-env.sh && $(VENV)/bin/pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile

# tests/e2e and tests/integration hold marked tests only: not even collected here (importing them loads Airflow).
test-fast: venv manifest ## run the unit tests only (no slow, integration or end-to-end ones): under a minute
	source scripts/airflow-env.sh && $(VENV)/bin/pytest -p no:cacheprovider -n $(TEST_WORKERS) --dist loadfile \
		-m "not e2e and not integration and not slow" --ignore=tests/e2e --ignore=tests/integration

bench: venv ## run the benchmarks (benchmarks/bench_*.py)
	source scripts/airflow-env.sh && for b in benchmarks/bench_*.py; do $(VENV)/bin/python $$b || exit 1; done

score: venv ## score the extractor on the demo corpus against ../shared/eval/gold
	$(VENV)/bin/python scripts/score_corpus.py

lint: venv ## ruff check, ruff format check, mypy (the package and the DAGs) and sqlfluff (dbt_project/.sqlfluff)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy \
		&& $(VENV)/bin/sqlfluff lint dbt_project

format: venv ## reformat the code and apply ruff's fixes
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

clean: ## remove data/, .airflow/ and dbt's target/ and logs/
	rm -rf data .airflow dbt_project/target dbt_project/logs

$(UV):
	$(PYTHON) -m pip install --user --quiet uv || $(PYTHON) -m pip install --quiet uv

venv: $(VENV)/.synced $(COMPILED) ## create .venv from uv.lock (installs uv when it is missing) and compile the extractor
$(VENV)/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen
	@touch $@

# The extractor compiled with mypyc (provind/compiled.py): rebuilt when its sources change; best
# effort (without a C compiler provind runs the sources, and this says so).
compile: $(COMPILED) ## compile the extractor with mypyc into .venv (make venv does; about a minute)
$(COMPILED): $(VENV)/.synced scripts/compile_extractor.py scrapers/provind/compiled.py scrapers/provind/textprep.py $(wildcard scrapers/provind/extract/*.py)
	$(VENV)/bin/python scripts/compile_extractor.py

manifest: dbt_project/target/manifest.json ## parse the dbt project (dbt parse)
dbt_project/target/manifest.json: venv $(shell find dbt_project -name '*.sql' -o -name '*.yml' -o -name '*.csv' 2>/dev/null | grep -v '/target/')
	cd dbt_project && DBT_SEND_ANONYMOUS_USAGE_STATS=false ../$(DBT) parse --profiles-dir . --quiet

airflow-home: venv ## create the project-local Airflow home in .airflow/ (SQLite) and its pool
	scripts/airflow-setup.sh

debian-deps: ## install postgresql, redis-server, chromium and a C compiler for the tests where missing (apt-get, needs root)
	scripts/install-debian-deps.sh
