#!/usr/bin/env bash
# Re-create expectations/provind_expectations/vendor/: the GX Data Docs assets (stylesheets, scripts, icon font)
# that the generated pages load from CDNs, at the versions GX's templates pin, from the npm
# registry (`npm pack`). Only needed to change a version: the vendored files are committed,
# so running the pipeline needs no network. Each package keeps its license file beside it.
set -euo pipefail
VENDOR="$(cd "$(dirname "$0")/.." && pwd)/expectations/provind_expectations/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# package@version  then the files kept, relative to the package root (the first one the license)
take() {
    local spec="$1" dir="$2"; shift 2
    (cd "$WORK" && npm pack --silent "$spec" >/dev/null)
    local tgz; tgz="$(ls -t "$WORK"/*.tgz | head -1)"
    mkdir -p "$WORK/x" && rm -rf "$WORK/x/package" && tar xzf "$tgz" -C "$WORK/x" && rm "$tgz"
    rm -rf "${VENDOR:?}/$dir"
    for f in "$@"; do
        mkdir -p "$VENDOR/$dir/$(dirname "$f")"
        cp "$WORK/x/package/$f" "$VENDOR/$dir/$f"
    done
}

take jquery@3.7.1 jquery-3.7.1 LICENSE.txt dist/jquery.min.js
take popper.js@1.12.9 popper.js-1.12.9 dist/umd/popper.min.js  # MIT; the licence header is in the file
take bootstrap@4.3.1 bootstrap-4.3.1 LICENSE dist/css/bootstrap.min.css dist/js/bootstrap.min.js
take bootstrap-table@1.19.1 bootstrap-table-1.19.1 LICENSE dist/bootstrap-table.min.css dist/bootstrap-table.min.js \
    dist/extensions/filter-control/bootstrap-table-filter-control.min.css \
    dist/extensions/filter-control/bootstrap-table-filter-control.min.js
take @fortawesome/fontawesome-free@6.6.0 fontawesome-free-6.6.0 LICENSE.txt css/all.min.css \
    webfonts/fa-solid-900.woff2 webfonts/fa-regular-400.woff2 webfonts/fa-v4compatibility.woff2
take bootstrap-datepicker@1.9.0 bootstrap-datepicker-1.9.0 LICENSE dist/css/bootstrap-datepicker.min.css \
    dist/js/bootstrap-datepicker.min.js
take @forevolve/bootstrap-dark@1.1.0 bootstrap-dark-1.1.0 LICENSE dist/css/bootstrap-prefers-dark.min.css
du -sh "$VENDOR"
