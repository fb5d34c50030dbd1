#!/usr/bin/env bash
# `make run`: serve the embedded bureau site on loopback, run the nightly DAG once with
# `airflow dags test` (no servers), stop the site by its PID, and print the run summary.
set -euo pipefail
source "$(dirname "$0")/airflow-env.sh"
cd "$ROOT"

port="${PROVIND_DEMO_PORT:-8765}"
mkdir -p "$PROVIND_DATA_DIR/reports"
site_log="$PROVIND_DATA_DIR/reports/demo-site.log"

provind demo-site --port "$port" >"$site_log" 2>&1 &
site_pid=$!
trap 'kill "$site_pid" 2>/dev/null || true; wait "$site_pid" 2>/dev/null || true' EXIT

for _ in $(seq 1 100); do
  grep -q "^serving on " "$site_log" 2>/dev/null && break
  kill -0 "$site_pid" 2>/dev/null || { echo "demo site failed to start:"; cat "$site_log"; exit 1; }
  sleep 0.1
done
export PROVIND_DEMO_URL="http://127.0.0.1:$port"
echo "demo bureau site: $PROVIND_DEMO_URL/news/ (pid $site_pid)"

# The full Airflow log goes to a file; the terminal shows one line per task as it starts and ends.
dag_log="$PROVIND_DATA_DIR/reports/airflow-dags-test.log"
echo "running provind_nightly with airflow dags test (full log: $dag_log)"
started=$(date +%s)
set +e
airflow dags test provind_nightly "$@" 2>&1 | tee "$dag_log" | "$ROOT/scripts/dag-test-progress.sh"
status=${PIPESTATUS[0]}
set -e
echo "pipeline finished in $(( $(date +%s) - started )) s with exit code $status"
if [ "$status" -ne 0 ]; then
  echo "the run failed; the previously published marts (if any) are untouched. Last lines of the log:"
  grep -E "ERROR|Error|FAILED|failed" "$dag_log" | tail -n 25
  exit "$status"
fi
# Under a scheduler the report DAG follows on its own (it is scheduled on the published
# marts Asset); `airflow dags test` runs one DAG, so run the downstream one here.
airflow dags test provind_report >>"$dag_log" 2>&1 || echo "the report DAG failed: see $dag_log"
cat "$PROVIND_DATA_DIR/reports/run_summary.txt"
echo "report             $PROVIND_DATA_DIR/report/index.html"
echo "docs               $PROVIND_DATA_DIR/docs/dbt/index.html, $PROVIND_DATA_DIR/docs/gx/index.html"
