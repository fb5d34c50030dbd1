"""Run a suite against a DataFrame and turn the outcome into decisions the pipeline can act on."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

log = logging.getLogger(__name__)


# What a failed check does to the night, by its level (suites.Level): the words the gate log
# and the report use.
OUTCOME_OF_LEVEL = {"batch": "BATCH FAILURE", "row": "quarantined", "warn": "warning"}


@dataclass
class CheckOutcome:
    name: str
    level: str
    reason: str
    expectation: str
    column: str | None
    success: bool
    unexpected_count: int = 0
    examples: list[str] = field(default_factory=list)
    failing_ids: list[str] = field(default_factory=list)
    observed: Any = None
    row_reasons: dict[str, str] = field(default_factory=dict)  # failing id -> its own reason

    def as_dict(self) -> dict[str, Any]:
        row = {k: v for k, v in self.__dict__.items() if k not in ("failing_ids", "row_reasons")}
        row["failing_rows"] = len(self.failing_ids)
        return row

    def by_reason(self) -> list[CheckOutcome]:
        """This outcome split by the failing rows' own reasons (itself when its rows share one)."""
        if not self.row_reasons:
            return [self]
        groups: dict[str, list[str]] = {}
        for row_id in self.failing_ids:
            groups.setdefault(self.row_reasons.get(row_id, self.reason), []).append(row_id)
        return [replace(self, reason=reason, failing_ids=ids, row_reasons={}) for reason, ids in groups.items()]


@dataclass
class GateResult:
    suite: str
    outcomes: list[CheckOutcome]
    rows: int = 0

    @property
    def evaluated(self) -> int:
        return len(self.outcomes)

    @property
    def failed_batch_checks(self) -> list[CheckOutcome]:
        return [o for o in self.outcomes if not o.success and o.level == "batch"]

    @property
    def success(self) -> bool:
        """A suite passes when no batch-level check failed; row failures are quarantined instead."""
        return not self.failed_batch_checks

    def describe(self) -> str:
        failed = [o for o in self.outcomes if not o.success]
        state = "passed" if self.success else "FAILED"
        head = f"gate {self.suite}: {state} ({self.evaluated} checks on {self.rows} rows"
        head += f", {len(failed)} with findings)" if failed else ")"
        lines = [head]
        for o in failed:
            what = OUTCOME_OF_LEVEL[o.level]
            lines.append(
                f"  - [{what}] {o.name}: {o.reason} ({o.expectation} on {o.column or 'table'}: "
                f"{o.unexpected_count} rows{', e.g. ' + ', '.join(o.examples) if o.examples else ''}"
                f"{'; observed ' + str(o.observed) if o.observed is not None else ''})"
            )
        return "\n".join(lines)

    def by_row_reason(self) -> GateResult:
        """The same result with one outcome per check and reason: what quarantine keeps for each row."""
        return GateResult(self.suite, [part for o in self.outcomes for part in o.by_reason()], self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "success": self.success,
            "evaluated": self.evaluated,
            "rows": self.rows,
            "failures": [o.as_dict() for o in self.outcomes if not o.success],
        }


class GateFailed(RuntimeError):
    """Raised when a batch-level check fails: nothing downstream of it may be published."""

    def __init__(self, results: list[GateResult]):
        self.results = results
        names = ", ".join(f"{r.suite}.{o.name}" for r in results for o in r.failed_batch_checks)
        super().__init__(f"GateFailed: {names}\n" + "\n".join(r.describe() for r in results if not r.success))


def validate(suite_name: str, dataframe, id_column: str | None = None, context=None) -> GateResult:
    """Validate a pandas DataFrame with one of the suites of `provind_expectations.suites`.

    With `id_column`, the ids of the rows failing each check are collected, so
    row-level failures can be quarantined one by one.
    """
    import great_expectations as gx

    from provind_expectations.suites import SUITES

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    checks = SUITES[suite_name]()
    context = context or new_context()
    batch = (
        context.data_sources.add_or_update_pandas(f"provind_{suite_name}")
        .add_dataframe_asset(suite_name)
        .add_batch_definition_whole_dataframe("whole")
    )
    suite = gx.ExpectationSuite(name=suite_name)
    for check in checks:
        check.expectation.meta = {"check": check.name, "level": check.level, "reason": check.reason}
        suite.add_expectation(check.expectation)
    suite = context.suites.add_or_update(suite)
    definition = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(data=batch, suite=suite, name=suite_name)
    )
    result_format: dict[str, Any] = {"result_format": "COMPLETE" if id_column else "SUMMARY"}
    if id_column:
        result_format["unexpected_index_column_names"] = [id_column]
    if context.mode == "file":
        # A checkpoint stores the result and renders it into Data Docs (see `provind_expectations.docs`).
        checkpoint = context.checkpoints.add_or_update(
            gx.Checkpoint(
                name=suite_name,
                validation_definitions=[definition],
                actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
                result_format=result_format,
            )
        )
        outcome = next(iter(checkpoint.run(batch_parameters={"dataframe": dataframe}).run_results.values()))
    else:
        outcome = definition.run(batch_parameters={"dataframe": dataframe}, result_format=result_format)
    by_name = {c.name: c for c in checks}
    outcomes = []
    rows = _rows_by_id(dataframe, id_column)
    for r in outcome.results:
        check = by_name[r.expectation_config.meta["check"]]
        result = r.result or {}
        failing = [str(row[id_column]) for row in result.get("unexpected_index_list") or []] if id_column else []
        reasons = _row_reasons(check, rows, failing)
        examples = list(reasons.values())[:3] or [str(v) for v in (result.get("partial_unexpected_list") or [])[:3]]
        outcomes.append(
            CheckOutcome(
                name=check.name,
                level=check.level,
                reason=check.reason,
                expectation=r.expectation_config.type,
                column=r.expectation_config.kwargs.get("column"),
                success=bool(r.success),
                unexpected_count=int(result.get("unexpected_count") or (0 if r.success else 1)),
                examples=examples,
                failing_ids=failing,
                observed=result.get("observed_value"),
                row_reasons=reasons,
            )
        )
    return GateResult(suite=suite_name, outcomes=outcomes, rows=len(dataframe))


def _rows_by_id(dataframe, id_column: str | None):
    if not id_column or id_column not in getattr(dataframe, "columns", ()):
        return None
    rows = dataframe.drop_duplicates(subset=[id_column]).set_index(id_column, drop=False)
    rows.index = rows.index.astype(str)
    return rows


def _row_reasons(check, rows, failing: list[str]) -> dict[str, str]:
    """Each failing row's own reason, from its derived columns (`provind_expectations.explain`)."""
    if check.explain is None or rows is None or not failing:
        return {}
    reasons = {}
    for row_id, row in zip(failing, rows.loc[failing].to_dict("records"), strict=True):
        try:
            reasons[row_id] = check.explain(row)
        except Exception as exc:  # a reason that cannot be worded must not lose the finding
            log.warning("%s: no reason for %s: %s", check.name, row_id, exc)
    return reasons


def new_context(project_dir: str | None = None):
    """An ephemeral GX context, or a file context under `project_dir` (for Data Docs)."""
    import great_expectations as gx

    context = (
        gx.get_context(mode="file", project_root_dir=project_dir) if project_dir else gx.get_context(mode="ephemeral")
    )
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    return context
