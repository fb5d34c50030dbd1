"""The team deployment's docker-compose.yml, checked without a Docker engine.

The Compose specification's JSON schema (check-jsonschema's vendored copy), and the
structural promises of docs/operations.md: every `depends_on` names a service, every
service that runs Airflow shares the one `x-airflow-common` configuration, every secret
comes from `.env` (`${VAR:?…}`) and `.env.example` lists them without values, every
long-running service has a health check, and the image is built from `uv.lock`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

COMPOSE = ROOT / "docker-compose.yml"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
SECRET_NAME = re.compile(r"(PASSWORD|SECRET|FERNET|TOKEN|_KEY)$|^.*_PW$", re.IGNORECASE)
REQUIRED_VAR = re.compile(r"\$\{([A-Z0-9_]+):\?[^}]+\}")
ANY_VAR = re.compile(r"(?<!\$)\$\{([A-Z0-9_]+)(?::?[-?+]([^}]*))?\}")
ONE_SHOT = {"airflow-init", "airflow-cli"}


@pytest.fixture(scope="module")
def text() -> str:
    """The file without its comment lines."""
    lines = COMPOSE.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("#"))


@pytest.fixture(scope="module")
def compose(text: str) -> dict[str, Any]:
    return yaml.safe_load(text)


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def airflow_services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    image = compose["x-airflow-common"]["image"]
    return {n: s for n, s in compose["services"].items() if s.get("image") == image and "build" in s}


def test_validates_against_the_compose_specification():
    proc = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_has_the_services_of_the_deployment(services):
    expected = {
        "postgres",
        "redis",
        "airflow-apiserver",
        "airflow-scheduler",
        "airflow-dag-processor",
        "airflow-triggerer",
        "airflow-worker",
        "airflow-init",
    }
    assert expected <= set(services)
    assert any("bi" in s.get("profiles", []) for s in services.values()), "an optional BI profile"


def test_every_depends_on_names_a_service(services):
    for name, service in services.items():
        deps = service.get("depends_on", {})
        targets = deps if isinstance(deps, list) else list(deps)
        missing = [t for t in targets if t not in services]
        assert not missing, f"{name} depends on unknown services {missing}"
        assert name not in targets


def test_every_airflow_service_shares_one_configuration(compose):
    common = compose["x-airflow-common"]
    found = airflow_services(compose)
    assert {"airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-worker"} <= set(found)
    assert {"airflow-triggerer", "airflow-init"} <= set(found)
    for name, service in found.items():
        assert service["build"] == common["build"], name
        env = service["environment"]
        differing = {k for k, v in common["environment"].items() if env.get(k) != v}
        assert not differing, f"{name} overrides the common Airflow settings {differing}"
        assert service["volumes"] == common["volumes"], name
        assert env["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"


def test_no_secret_literal_in_the_file(compose, text):
    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and SECRET_NAME.search(key) and isinstance(value, str):
                    assert REQUIRED_VAR.fullmatch(value.strip()), f"{path}.{key} is not read from .env"
                walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{path}[{i}]")

    walk(compose, "")
    # credentials inside URLs are interpolated, never written out
    for user_info in re.findall(r"://([^@/\s\"']*)@", text):
        password = user_info.split(":", 1)[1] if ":" in user_info else ""
        assert password.startswith("${") or password.startswith("$$"), user_info
    # variables that carry secrets are required, with no default
    for var, default in ANY_VAR.findall(text):
        if SECRET_NAME.search(var) or "PASSWORD" in var:
            assert re.search(r"\$\{" + var + r":\?", text) and not default.strip().startswith("-"), var
    for literal in ("airflow:airflow", "admin:admin@", "changeme", "CHANGE_ME"):
        assert literal not in text


def test_env_example_lists_every_required_variable_without_values(text):
    required = set(REQUIRED_VAR.findall(text))
    assert {"POSTGRES_PASSWORD", "REDIS_PASSWORD", "AIRFLOW_FERNET_KEY", "AIRFLOW_ADMIN_PASSWORD"} <= required
    example = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            example[key.strip()] = value.strip()
    assert required <= set(example), f"missing from .env.example: {required - set(example)}"
    assert all(v == "" for v in example.values()), "no default credentials in .env.example"
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert ".env" in ignored, ".env is never committed"


def test_long_running_services_have_health_checks(services):
    for name, service in services.items():
        if name in ONE_SHOT:
            continue
        check = service.get("healthcheck")
        assert check and check.get("test") and not check.get("disable"), f"{name} has no health check"


def test_airflow_services_wait_for_healthy_dependencies_and_the_init_job(compose):
    for name, service in airflow_services(compose).items():
        deps = service["depends_on"]
        assert deps["postgres"]["condition"] == "service_healthy", name
        assert deps["redis"]["condition"] == "service_healthy", name
        if name not in ONE_SHOT:
            assert deps["airflow-init"]["condition"] == "service_completed_successfully", name


def test_data_volume_and_warehouse_database(compose, services):
    assert "provind-data:/opt/provind/data" in compose["x-airflow-common"]["volumes"]
    assert "provind-data" in compose["volumes"]
    init = compose["configs"]["postgres-init"]["content"]
    assert "CREATE DATABASE warehouse" in init
    assert "default_transaction_read_only" in init and "GRANT SELECT" in init
    mounted = [c["target"] for c in services["postgres"]["configs"]]
    assert any(t.startswith("/docker-entrypoint-initdb.d/") for t in mounted)
    init_job = " ".join(services["airflow-init"]["command"])
    assert "db migrate" in init_job and "pools set duckdb_writer 1" in init_job


def test_bi_service_uses_the_read_only_role(services):
    bi = [s for s in services.values() if "bi" in s.get("profiles", [])]
    commands = " ".join(" ".join(s.get("command", [])) for s in bi)
    assert "bi_reader:" in commands and "/warehouse" in commands


def test_image_is_built_from_the_lock_file():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "uv.lock" in dockerfile
    assert re.search(r"uv sync --frozen", dockerfile)
    assert "dbt parse" in dockerfile, "cosmos needs the manifest in the image"
    assert re.search(r"^USER (?!root|0\b)", dockerfile, re.MULTILINE), "runs as a non-root user"
