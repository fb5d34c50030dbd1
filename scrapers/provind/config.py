"""Where provind keeps things. Everything written at run time lives under the data directory."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
REFERENCE_DIR = Path(__file__).resolve().parent / "reference"


def data_dir() -> Path:
    """`PROVIND_DATA_DIR`, or `data/` at the project root."""
    return Path(os.environ.get("PROVIND_DATA_DIR") or PROJECT_ROOT / "data").resolve()


def warehouse_path() -> Path:
    return data_dir() / "warehouse.duckdb"


def marts_path() -> Path:
    return data_dir() / "marts.duckdb"


def state_dir() -> Path:
    return data_dir() / "state"


def landing_dir() -> Path:
    return data_dir() / "landing"


def sources_file() -> Path:
    return Path(os.environ.get("PROVIND_SOURCES") or PROJECT_ROOT / "sources.yml")


def dbt_project_dir() -> Path:
    return PROJECT_ROOT / "dbt_project"
