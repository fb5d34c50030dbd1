#!/usr/bin/env bash
# Generate the dbt docs as one self-contained page and publish it under
# $PROVIND_DATA_DIR/docs/dbt/ (default data/docs/dbt/):
#   index.html      the static page (dbt docs generate --static: manifest and catalog inlined,
#                   scripts and styles inlined; opens from file:// with no network)
#   manifest.json, catalog.json   for tools that read them
#
#   scripts/dbt-docs.sh [extra dbt args, e.g. --target postgres]
#
# The catalog is read from the warehouse (PROVIND_WAREHOUSE, default
# $PROVIND_DATA_DIR/warehouse.duckdb), so on DuckDB run it while no other
# process writes the file (in Airflow: in the duckdb_writer pool).
# Anonymous usage stats stay off (dbt_project.yml and DBT_SEND_ANONYMOUS_USAGE_STATS):
# that is what keeps the page from loading dbt's tracker from a CDN.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${PROVIND_DATA_DIR:-$root/data}"
dbt="${DBT:-$root/.venv/bin/dbt}"
export PROVIND_WAREHOUSE="${PROVIND_WAREHOUSE:-$data/warehouse.duckdb}"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false

work="$(mktemp -d "${TMPDIR:-/tmp}/provind-dbt-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT

"$dbt" docs generate --static --quiet \
  --project-dir "$root/dbt_project" --profiles-dir "$root/dbt_project" \
  --target-path "$work/target" --log-path "$work/logs" "$@"

page="$work/target/static_index.html"
[ -s "$page" ] || { echo "dbt-docs: $page was not written" >&2; exit 1; }
# offline check: no script, stylesheet or image is fetched from elsewhere
if grep -Eiq '<(script|link|img)[^>]+(src|href)=["'\'']?(https?:)?//' "$page"; then
  echo "dbt-docs: $page loads a remote resource" >&2
  exit 1
fi

out="$data/docs/dbt"
mkdir -p "$out"
staging="$(mktemp -d "$out/.new.XXXXXX")"
cp "$page" "$staging/index.html"
cp "$work/target/manifest.json" "$work/target/catalog.json" "$staging/"
for f in index.html manifest.json catalog.json; do mv -f "$staging/$f" "$out/$f"; done
rmdir "$staging"
echo "$out/index.html"
