"""Where provind keeps things. Everything written at run time lives under the data directory.

provind runs from the project checkout (an editable install, or `PYTHONPATH`) or from a
wheel installed anywhere. What the package carries (the extractor's reference data, the
demo site, the quality rules) works from either. What only the checkout has (the dbt
project, the Airflow DAGs, `sources.yml`, the scripts) is found through `project_root()`:
`PROVIND_HOME` when set, else the checkout this module sits in. A wheel installed outside a
checkout, with no `PROVIND_HOME`, raises `CheckoutNotFound` naming the variable; the
`provind` command prints it as one line.
"""

from __future__ import annotations

import os
from pathlib import Path

HOME_ENV = "PROVIND_HOME"
REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

# scrapers/provind/config.py -> the checkout root, when this file is in one
_SOURCE_ROOT = Path(__file__).resolve().parents[2]


class CheckoutNotFound(RuntimeError):
    """provind needs a file of the project checkout and does not know where the checkout is."""


def _source_checkout() -> Path | None:
    """The checkout this module is imported from, or None for an installed wheel."""
    markers = ("pyproject.toml", "dbt_project", "scrapers")
    return _SOURCE_ROOT if all((_SOURCE_ROOT / m).exists() for m in markers) else None


def project_root(what: str = "the project checkout (dbt_project/, dags/, sources.yml)") -> Path:
    """`PROVIND_HOME`, else the checkout provind runs from; `CheckoutNotFound` when neither."""
    home = os.environ.get(HOME_ENV)
    if home:
        path = Path(home).expanduser().resolve()
        if not path.is_dir():
            raise CheckoutNotFound(f"{HOME_ENV}={home} is not a directory (it should be the provind checkout)")
        return path
    root = _source_checkout()
    if root is None:
        raise CheckoutNotFound(
            f"{what} is part of the provind checkout, and this provind is installed outside one: "
            f"set {HOME_ENV} to the checkout's directory"
        )
    return root


def __getattr__(name: str) -> Path:
    # `config.PROJECT_ROOT` as before, now resolved (and checked) when it is read.
    if name == "PROJECT_ROOT":
        return project_root()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def data_dir() -> Path:
    """`PROVIND_DATA_DIR`, or `data/` in the project checkout."""
    explicit = os.environ.get("PROVIND_DATA_DIR")
    if explicit:
        return Path(explicit).resolve()
    try:
        return (project_root("the data directory (data/)") / "data").resolve()
    except CheckoutNotFound as exc:
        raise CheckoutNotFound(f"{exc}, or PROVIND_DATA_DIR to the data directory") from None


def warehouse_path() -> Path:
    return data_dir() / "warehouse.duckdb"


def marts_path() -> Path:
    return data_dir() / "marts.duckdb"


def state_dir() -> Path:
    return data_dir() / "state"


def landing_dir() -> Path:
    return data_dir() / "landing"


def sources_file() -> Path:
    """`PROVIND_SOURCES`, or `sources.yml` in the project checkout."""
    explicit = os.environ.get("PROVIND_SOURCES")
    if explicit:
        return Path(explicit)
    try:
        return project_root("the source registry (sources.yml)") / "sources.yml"
    except CheckoutNotFound as exc:
        raise CheckoutNotFound(f"{exc}, or PROVIND_SOURCES to a sources.yml") from None


def dbt_project_dir() -> Path:
    return project_root("the dbt project (dbt_project/)") / "dbt_project"
