"""Stand-ins for dbt's cross-database macros (`{{ dbt.NAME() }}`) under sqlfluff's jinja
templater (see provind.py beside this file)."""

from __future__ import annotations


def type_string() -> str:
    return "varchar"
