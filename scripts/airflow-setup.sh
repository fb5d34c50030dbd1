#!/usr/bin/env bash
# Create the project-local Airflow home (SQLite metadata) and the pool that serialises DuckDB writers.
set -euo pipefail
source "$(dirname "$0")/airflow-env.sh"
mkdir -p "$AIRFLOW_HOME"
if [ ! -f "$AIRFLOW_HOME/.migrated" ] || [ ! -f "$AIRFLOW_HOME/airflow.db" ]; then
  echo "setting up Airflow home in $AIRFLOW_HOME"
  airflow db migrate >"$AIRFLOW_HOME/migrate.log" 2>&1 || { cat "$AIRFLOW_HOME/migrate.log"; exit 1; }
  touch "$AIRFLOW_HOME/.migrated"
fi
airflow pools set duckdb_writer 1 "one writer at a time on warehouse.duckdb" >/dev/null
