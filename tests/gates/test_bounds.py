"""The catalog's bounds, merged with the kind defaults, and the wording of reasons."""

from __future__ import annotations

import pytest

from provind_expectations import bounds
from provind_expectations.explain import amount
from provind_expectations.thresholds import KIND_BOUNDS


def by_code() -> dict[tuple[str | None, str], dict]:
    return {(r[0], r[2]): dict(zip(bounds.COLUMNS, r, strict=True)) for r in bounds.load()}


def test_catalog_bounds_override_the_kind_defaults():
    rows = by_code()
    assert rows[("gdp", "amount")]["max_value"] == 2e14
    assert rows[("gdp", "amount")]["max_growth"] == 200
    assert rows[("gdp_growth", "growth")]["max_value"] == 50
    assert rows[("plan_completion_rate", "ratio")]["max_value"] == 1000
    assert rows[("disposable_income", "amount")]["additive"] is False  # per capita: no part of a whole
    # a row that says nothing takes its kind's defaults
    food = rows[("food_sampling_pass_rate", "ratio")]
    assert (food["min_value"], food["max_value"], food["bound_source"]) == (0, 100, "kind default")
    # and every kind has its default row for unclassified mentions
    for kind, default in KIND_BOUNDS.items():
        assert rows[(None, kind)]["max_value"] == default.max_value


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("min_value=abc", "min_value 'abc' is not a number"),
        ("additive=maybe", "additive 'maybe' is neither true nor false"),
        ("min_value=10;max_value=5", "min_value 10.0 above max_value 5.0"),
    ],
)
def test_a_bad_bound_in_the_catalog_is_named(tmp_path, cell, message):
    values = dict(part.split("=") for part in cell.split(";"))
    header = "indicator_code,name_zh,kind,min_value,max_value,max_growth,additive"
    row = ",".join(
        ["x", "某", "count", *(values.get(c, "") for c in ("min_value", "max_value", "max_growth", "additive"))]
    )
    path = tmp_path / "indicators.csv"
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with pytest.raises(bounds.CatalogError, match="line 2") as error:
        bounds.load(path)
    assert message in str(error.value)


def test_figures_are_worded_as_bureaus_write_them():
    assert amount(7.6061e15, "元") == "7606.1万亿元"
    assert amount(7.6061e11, "元") == "7606.1亿元"
    assert amount(1_205_000, "户") == "120.5万户"
    assert amount(5000, "%") == "5000%"
    assert amount(12, "件") == "12件"
