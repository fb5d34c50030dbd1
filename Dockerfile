# The project's own Airflow image: Python 3.11, every dependency pinned by uv.lock, the dbt
# manifest pre-built (cosmos renders the dbt tasks from it: LoadMode.DBT_MANIFEST).
#   docker compose build        (or: docker build -t provind/airflow .)
FROM python:3.11-slim-bookworm

ARG UV_VERSION=0.13.9
ENV UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    PATH=/opt/venv/bin:$PATH \
    AIRFLOW_HOME=/opt/airflow \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/provind/dags \
    PROVIND_DATA_DIR=/opt/provind/data \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    PYTHONUNBUFFERED=1

# curl for the health checks, tini as PID 1 (signals reach airflow; zombies are reaped)
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl tini \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir "uv==${UV_VERSION}" \
 && useradd --uid 50000 --gid 0 --home-dir /opt/airflow --create-home airflow

WORKDIR /opt/provind

# 1. third-party dependencies only, from the lock file (cached until uv.lock changes)
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project

# 2. the project itself
COPY scrapers ./scrapers
COPY expectations ./expectations
RUN uv sync --frozen --no-dev

COPY sources.yml ./
COPY dags ./dags
COPY dbt_project ./dbt_project
RUN rm -rf dbt_project/target dbt_project/logs \
 && cd dbt_project && dbt parse --profiles-dir . --quiet \
 && mkdir -p /opt/provind/data /opt/airflow/logs /opt/airflow/auth \
 && chown -R 50000:0 /opt/provind /opt/airflow \
 && chmod -R g+rwX /opt/provind /opt/airflow

USER 50000
ENTRYPOINT ["/usr/bin/tini", "--", "airflow"]
CMD ["version"]
