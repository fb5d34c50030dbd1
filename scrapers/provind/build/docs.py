"""dbt's documentation site for every run, as one self-contained page under `data/docs/dbt/`.

`scripts/dbt-docs.sh` does the same from a shell. In the DAG this runs in-process
with dbt's own runner: a process that already has the warehouse open (dbt-duckdb
under `airflow dags test`) shares its DuckDB instance, whereas a dbt subprocess
would find the file locked.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from provind import config

REMOTE_RESOURCE = re.compile(r"<(?:script|link|img)[^>]+(?:src|href)=[\"']?(?:https?:)?//", re.IGNORECASE)


def generate() -> Path:
    """Run `dbt docs generate --static` and publish the page; returns its path."""
    from dbt.cli.main import dbtRunner

    os.environ.setdefault("PROVIND_WAREHOUSE", str(config.warehouse_path()))
    os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"  # the tracker is the page's only remote load
    project = config.dbt_project_dir()
    with tempfile.TemporaryDirectory(prefix="provind-dbt-docs-") as work:
        target = Path(work) / "target"
        args = ["docs", "generate", "--static", "--quiet", "--project-dir", str(project)]
        args += ["--profiles-dir", str(project), "--target-path", str(target), "--log-path", f"{work}/logs"]
        result = dbtRunner().invoke(args)
        page = target / "static_index.html"
        if not result.success or not page.exists():
            raise RuntimeError(f"dbt docs generate failed: {result.exception}")
        if REMOTE_RESOURCE.search(page.read_text(encoding="utf-8")):
            raise RuntimeError("the dbt docs page would load a remote resource")
        out = config.data_dir() / "docs" / "dbt"
        out.mkdir(parents=True, exist_ok=True)
        for name, source in (("index.html", page), ("manifest.json", target / "manifest.json")):
            shutil.copyfile(source, out / f".{name}.new")
            os.replace(out / f".{name}.new", out / name)
        shutil.copyfile(target / "catalog.json", out / "catalog.json")
    return out / "index.html"
