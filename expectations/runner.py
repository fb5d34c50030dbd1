"""Run a suite against a DataFrame and turn the outcome into a pass/fail the pipeline can act on."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from typing import Any

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


@dataclass
class GateResult:
    suite: str
    success: bool
    evaluated: int
    failures: list[dict[str, Any]] = field(default_factory=list)

    def describe(self) -> str:
        if self.success:
            return f"gate {self.suite}: passed {self.evaluated} checks"
        lines = [f"gate {self.suite}: {len(self.failures)} of {self.evaluated} checks FAILED"]
        for f in self.failures:
            lines.append(f"  - {f['expectation']}({f['column'] or ''}): {f['unexpected_count']} bad rows, e.g. {f['examples']}")
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {"suite": self.suite, "success": self.success, "evaluated": self.evaluated, "failures": self.failures}


class GateFailed(RuntimeError):
    """Raised when a batch-level gate fails: nothing downstream of it may be published."""

    def __init__(self, result: GateResult):
        super().__init__(result.describe())
        self.result = result


def validate(suite_name: str, dataframe) -> GateResult:
    """Validate a pandas DataFrame with one of the suites of `expectations.suites`."""
    import great_expectations as gx

    from expectations.suites import SUITES

    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    batch = (
        context.data_sources.add_pandas("provind")
        .add_dataframe_asset(suite_name)
        .add_batch_definition_whole_dataframe("whole")
    )
    suite = context.suites.add(gx.ExpectationSuite(name=suite_name, expectations=SUITES[suite_name]()))
    definition = context.validation_definitions.add(gx.ValidationDefinition(data=batch, suite=suite, name=suite_name))
    outcome = definition.run(batch_parameters={"dataframe": dataframe})
    failures = [
        {
            "expectation": r.expectation_config.type,
            "column": r.expectation_config.kwargs.get("column"),
            "condition": r.expectation_config.kwargs.get("row_condition"),
            "unexpected_count": (r.result or {}).get("unexpected_count"),
            "examples": [str(v) for v in ((r.result or {}).get("partial_unexpected_list") or [])[:5]],
            "exception": (r.exception_info or {}).get("exception_message") if r.exception_info else None,
        }
        for r in outcome.results
        if not r.success
    ]
    return GateResult(
        suite=suite_name,
        success=bool(outcome.success),
        evaluated=outcome.statistics["evaluated_expectations"],
        failures=failures,
    )


def gate(suite_name: str, dataframe) -> GateResult:
    """Validate and raise `GateFailed` (naming the failed checks) when the suite does not pass."""
    result = validate(suite_name, dataframe)
    logging.getLogger(__name__).info(result.describe())
    if not result.success:
        raise GateFailed(result)
    return result
