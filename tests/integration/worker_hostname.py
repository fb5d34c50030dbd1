"""`[core] hostname_callable` for the Celery workers of `test_celery_cluster.py`.

In the compose deployment every worker is a container with a hostname of its own, and a task
instance records it (`task_instance.hostname`). The test's two workers share this machine, so
each is given its name in `PROVIND_TEST_WORKER_HOSTNAME` and reports that instead.
"""

from __future__ import annotations

import os
import socket


def hostname() -> str:
    return os.environ.get("PROVIND_TEST_WORKER_HOSTNAME") or socket.getfqdn()
