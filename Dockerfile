# The project's own Airflow image, with every dependency pinned by uv.lock.
FROM python:3.11-slim-bookworm
ENV UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH AIRFLOW_HOME=/opt/airflow
RUN pip install --no-cache-dir uv
WORKDIR /opt/provind
COPY pyproject.toml uv.lock README.md ./
COPY scrapers ./scrapers
COPY expectations ./expectations
RUN uv sync --frozen --no-dev
COPY . .
RUN cd dbt_project && dbt parse --profiles-dir . --quiet
ENV AIRFLOW__CORE__DAGS_FOLDER=/opt/provind/dags
