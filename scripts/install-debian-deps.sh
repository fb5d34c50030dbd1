#!/usr/bin/env bash
# Install the Debian packages the tests need, only where missing: PostgreSQL (the second dbt
# target and Airflow's metadata database under a real scheduler), Redis (the Celery broker of the
# CeleryExecutor test, tests/integration/test_celery_cluster.py), Chromium (renders the report), a
# CJK font (without one Chromium draws the report's Chinese as boxes) and a C compiler with Python's headers.
set -euo pipefail
missing=()
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v psql >/dev/null || missing+=(postgresql-client)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# A C compiler and Python's headers: make venv compiles the extractor with mypyc (provind/compiled.py).
command -v gcc >/dev/null || missing+=(gcc)
[ -e /usr/include/stdio.h ] || missing+=(libc6-dev)
if [ -x /usr/bin/python3.11 ] && [ ! -e /usr/include/python3.11/Python.h ]; then missing+=(python3.11-dev); fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
echo "installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts a cluster (and a redis-server) of its own on install where services may start;
# the tests start private servers instead.
if command -v pg_ctlcluster >/dev/null; then
  for v in $(ls /etc/postgresql 2>/dev/null); do $SUDO pg_ctlcluster "$v" main stop 2>/dev/null || true; done
fi
if [[ " ${missing[*]} " == *" redis-server "* ]] && command -v service >/dev/null; then
  $SUDO service redis-server stop >/dev/null 2>&1 || true
fi
