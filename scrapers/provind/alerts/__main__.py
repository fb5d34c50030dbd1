"""`python -m provind.alerts`: send a test alert to every configured target and say what happened.

Exit status 0 when every target took it, 1 when one did not (or none is configured).
"""

from __future__ import annotations

import sys

from provind.alerts.config import load_targets
from provind.alerts.message import build_alert


def main() -> int:
    targets, errors = load_targets()
    for error in errors:
        print(f"NOT configured: {error}")
    if not targets and not errors:
        print("no alert target configured: see docs/operations.md, 'Alerts'")
        return 1
    alert = build_alert(
        {"dag_id": "provind_alert_test", "run_id": "manual", "reason": "a test alert, no action needed"}
    )
    deliveries = [target.send(alert) for target in targets]
    for delivery in deliveries:
        print(delivery)
    return 0 if not errors and all(d.ok for d in deliveries) else 1


if __name__ == "__main__":
    sys.exit(main())
