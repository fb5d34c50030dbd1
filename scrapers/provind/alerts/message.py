"""What an alert says: the facts from an Airflow context, and their text for each kind of target.

Every rendering starts with `provind:` (a DingTalk bot's keyword check can use it) and ends with
what to do next. Bots cap a message's size in bytes, so `fit` shortens the error, the one field
that can be long, before it would ever cut the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

TRUNCATED = " …(truncated)"


def _get(obj: Any, name: str, default: Any = None) -> Any:
    if obj is None:
        return default
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def build_alert(context: Mapping[str, Any], kind: str = "failure") -> dict[str, Any]:
    """The facts of an alert, from an Airflow context (or a plain dict with the same keys)."""
    ti = context.get("ti") or context.get("task_instance")
    dag_run = context.get("dag_run")
    dag = context.get("dag")
    exception = context.get("exception")
    dag_id = _get(ti, "dag_id") or _get(dag_run, "dag_id") or _get(dag, "dag_id") or context.get("dag_id")
    return {
        "kind": kind,
        "dag_id": dag_id,
        "run_id": context.get("run_id") or _get(dag_run, "run_id") or _get(ti, "run_id"),
        "task_id": _get(ti, "task_id"),
        "map_index": _get(ti, "map_index"),
        "try_number": _get(ti, "try_number"),
        "logical_date": str(context.get("logical_date") or _get(dag_run, "logical_date") or ""),
        "exception": f"{type(exception).__name__}: {exception}" if exception else context.get("reason"),
        "log_url": _get(ti, "log_url"),
    }


def headline(alert: Mapping[str, Any]) -> str:
    """`provind: <dag> FAILED: task <task> in run <run>`: the subject of a mail, the title of a card."""
    what = "missed its deadline" if alert["kind"] == "deadline" else "FAILED"
    where = f"task {alert['task_id']}" if alert.get("task_id") else "the run"
    if alert.get("map_index") not in (None, -1):
        where += f" [map {alert['map_index']}]"
    return f"provind: {alert.get('dag_id')} {what}: {where} in run {alert.get('run_id')}"


def next_step(alert: Mapping[str, Any]) -> str:
    if alert["kind"] == "failure":
        return "yesterday's marts stay published; see docs/operations.md, 'Recovering from a failed night'"
    return "the run is still going: check the scheduler, the worker and the duckdb_writer pool"


def format_alert(alert: Mapping[str, Any]) -> str:
    """Plain text: one short paragraph a person can act on (logs, mail, text messages)."""
    lines = [headline(alert)]
    if alert.get("try_number"):
        lines.append(f"try {alert['try_number']}")
    if alert.get("exception"):
        lines.append(f"error: {alert['exception']}")
    if alert.get("log_url"):
        lines.append(f"log: {alert['log_url']}")
    lines.append(next_step(alert))
    return "\n".join(lines)


def format_markdown(alert: Mapping[str, Any]) -> str:
    """The subset of Markdown that both DingTalk and WeCom bots render (heading, list, quote, link)."""
    lines = [f"### {headline(alert)}", ""]
    if alert.get("try_number"):
        lines.append(f"- try {alert['try_number']}")
    if alert.get("logical_date"):
        lines.append(f"- logical date {alert['logical_date']}")
    if alert.get("log_url"):
        lines.append(f"- [log]({alert['log_url']})")
    if alert.get("exception"):
        # One quoted line: a newline inside the error would end the quote and be read as markdown.
        lines += ["", "> error: " + " ".join(str(alert["exception"]).split())]
    lines += ["", next_step(alert)]
    return "\n".join(lines)


def fit(alert: Mapping[str, Any], render: Callable[[Mapping[str, Any]], str], max_bytes: int | None) -> str:
    """`render(alert)`, shortened to `max_bytes` of UTF-8 by cutting the error message first."""
    text = render(alert)
    if max_bytes is None or len(text.encode("utf-8")) <= max_bytes:
        return text
    error = str(alert.get("exception") or "")
    if error:
        without = len(render({**alert, "exception": "x"}).encode("utf-8")) - 1
        room = max_bytes - without - len(TRUNCATED.encode("utf-8"))
        if room > 0:
            short = error.encode("utf-8")[:room].decode("utf-8", errors="ignore") + TRUNCATED
            text = render({**alert, "exception": short})
            if len(text.encode("utf-8")) <= max_bytes:
                return text
    return cut_bytes(text, max_bytes)


def cut_bytes(text: str, max_bytes: int) -> str:
    """`text` cut to at most `max_bytes` of UTF-8, never inside a character, marked as cut."""
    if len(text.encode("utf-8")) <= max_bytes:
        return text
    room = max(0, max_bytes - len(TRUNCATED.encode("utf-8")))
    return text.encode("utf-8")[:room].decode("utf-8", errors="ignore") + TRUNCATED
