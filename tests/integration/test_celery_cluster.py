"""The Celery deployment really running, without Docker: a worker dies mid-crawl and nothing is lost.

The team deployment of docker-compose.yml, out of real parts on loopback: Debian's
`redis-server` as the broker, PostgreSQL for Airflow's metadata (and Celery's results), the
API server, DAG processor and scheduler on the CeleryExecutor (`running_deployment` of
`airflow_deployment.py`, which the LocalExecutor tests use too), and TWO Celery workers
(`airflow celery worker`, compose's worker command, each with its own `--celery-hostname`
and task-instance hostname) on the default queue. Every Airflow setting compose shares
between its services is used as is (`celery_cluster.compose_settings`); only the heartbeat
and queue timeouts are shortened (`celery_cluster.TEST_TIMINGS`).

provind_nightly runs once against the demo site and a farm of bureau sites on 127.0.1.x
(tests/crawl/national_bureaus.py), crawled in PROVIND_CRAWL_BATCHES=4 mapped crawl tasks.
While worker-a is in the middle of a crawl (its hosts half fetched), the test SIGKILLs the
worker's main process and every process forked under it; once its crawls were retried on
worker-b it starts worker-a again (compose's `restart: always`). Then:

- the crawls ran on both workers (`task_instance.hostname` in the metadata database);
- the killed try was failed by the scheduler's heartbeat timeout and retried (try 2) on
  the other worker, which crawled the hosts again; the run succeeded;
- every farm article is in raw.articles exactly once, and the demo site's are there too;
- the writer tasks of the one-slot `duckdb_writer` pool ran on both workers and never overlapped.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from tests.conftest import ROOT, start_demo_site, stop_process
from tests.crawl.national_bureaus import BureauFarm, registry_yaml
from tests.integration.airflow_deployment import (
    LOCK_ERROR,
    NIGHTLY,
    Deployment,
    dag_parsed,
    finished_state,
    running_deployment,
    task_logs,
    timeline,
    wait_until,
)
from tests.integration.celery_cluster import (
    TEST_TIMINGS,
    RedisServer,
    alive,
    cluster_settings,
    compose_settings,
    kill_hard,
    redis_bin,
    start_redis,
    start_worker,
    worker_command,
    worker_ready,
)
from tests.pg import pg_bindir, start_postgres

pytestmark = [
    pytest.mark.integration,
    pytest.mark.timeout(900),
    pytest.mark.skipif(pg_bindir() is None, reason="Debian's postgresql is missing (make test installs it)"),
    pytest.mark.skipif(redis_bin() is None, reason="Debian's redis-server is missing (make test installs it)"),
]

WORKERS = ("worker-a", "worker-b")
VICTIM, SURVIVOR = WORKERS
HOSTS, ARTICLES, DELAY = 6, 3, 1.5  # each farm host: robots.txt, the list, 3 articles, 1.5 s apart
BATCHES, THREADS = "4", "2"  # 7 host groups (the demo site's two sources share one) in 4 crawl tasks
REQUESTS_PER_HOST = ARTICLES + 2


def registry(farm: BureauFarm) -> str:
    """sources.yml's enabled entries (the demo site's) and one news_list source per farm bureau."""
    shipped = yaml.safe_load((ROOT / "sources.yml").read_text(encoding="utf-8"))["sources"]
    bureaus = yaml.safe_load(registry_yaml(farm.sites()))["sources"]
    enabled = [s for s in shipped if s.get("enabled", True)]
    return yaml.safe_dump({"sources": enabled + bureaus}, allow_unicode=True, sort_keys=False)


def tries(dep: Deployment, run_id: str) -> list[dict[str, Any]]:
    """Every try of every task of the run, from the metadata database: earlier tries are in the history."""
    import psycopg
    from psycopg.rows import dict_row

    columns = "task_id, map_index, try_number, state, hostname, pool, start_date, end_date"
    sql = (
        f"SELECT {columns} FROM task_instance WHERE dag_id = %(dag)s AND run_id = %(run)s"
        f" UNION ALL SELECT {columns} FROM task_instance_history WHERE dag_id = %(dag)s AND run_id = %(run)s"
        " ORDER BY task_id, map_index, try_number"
    )
    with psycopg.connect(dep.pg.dsn("airflow"), row_factory=dict_row) as con:
        return con.execute(sql, {"dag": NIGHTLY, "run": run_id}).fetchall()


def batch_hosts(dep: Deployment) -> list[list[str]]:
    """The farm bureaus each crawl task crawls: list_sources' plan, from the same code and settings."""
    from provind.crawl import batches
    from provind.crawl.sources import check_registry

    plan = batches.plan_batches(
        check_registry(Path(dep.env["PROVIND_SOURCES"])),
        threads=int(dep.env["PROVIND_CRAWL_THREADS"]),
        batches=int(dep.env["PROVIND_CRAWL_BATCHES"]),
    )
    return [[name for name in batch if name.startswith("bureau")] for batch in plan]


def mid_crawl_on(dep: Deployment, run_id: str, worker: str, farm: BureauFarm, plan: list[list[str]]) -> dict | None:
    """A crawl try running on `worker` whose farm hosts are partly fetched, or None."""
    hits = Counter(h.host for h in list(farm.hits))
    for ti in tries(dep, run_id):
        if ti["task_id"] != "crawl" or ti["state"] != "running" or ti["hostname"] != worker:
            continue
        hosts = plan[ti["map_index"]]
        # a host past its list page (at least one article asked for) and not finished
        if any(3 <= hits[h] < REQUESTS_PER_HOST for h in hosts):
            return {**ti, "hosts": hosts, "fetched_before_kill": {h: hits[h] for h in hosts}}
    return None


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[dict[str, Any]]:
    """Farm, demo site, PostgreSQL, Redis, the deployment and its workers; all stopped by PID, in reverse."""
    began = time.monotonic()
    base = tmp_path_factory.mktemp("celery")
    with contextlib.ExitStack() as stack:
        farm = BureauFarm(HOSTS, ARTICLES, (DELAY,)).start()
        stack.callback(farm.stop)
        site, demo_url = start_demo_site()
        stack.callback(stop_process, site)
        pg = start_postgres()
        stack.callback(pg.remove)
        pg.create_database("airflow")
        redis = start_redis(base / "redis")
        stack.callback(redis.stop)
        sources = base / "sources.yml"
        sources.write_text(registry(farm), encoding="utf-8")
        settings = {
            **cluster_settings(redis, pg),
            "PROVIND_SOURCES": str(sources),
            "PROVIND_CRAWL_BATCHES": BATCHES,
            "PROVIND_CRAWL_THREADS": THREADS,
        }

        def start_workers(dep: Deployment) -> None:
            for name in WORKERS:
                start_worker(dep, name)

        dep = stack.enter_context(
            running_deployment(
                pg, base, demo_url, executor="CeleryExecutor", settings=settings, also_start=start_workers
            )
        )
        yield run_with_a_worker_killed(dep, farm, redis, began)


def run_with_a_worker_killed(dep: Deployment, farm: BureauFarm, redis: RedisServer, began: float) -> dict[str, Any]:
    up = time.monotonic()
    for name in WORKERS:
        wait_until(lambda n=name: worker_ready(dep, n), 180, f"{name} to be ready", dep.procs)
    wait_until(lambda: dag_parsed(dep, NIGHTLY), 240, f"{NIGHTLY} to be parsed", dep.procs)
    logical_date = dep.get(f"/dags/{NIGHTLY}")["next_dagrun_logical_date"] or datetime.now(UTC).isoformat()
    run_id = dep.send("POST", f"/dags/{NIGHTLY}/dagRuns", {"logical_date": logical_date, "conf": {}})["dag_run_id"]
    assert dep.send("PATCH", f"/dags/{NIGHTLY}", {"is_paused": False})["is_paused"] is False
    triggered = time.monotonic()
    plan = batch_hosts(dep)

    mid_crawl = wait_until(
        lambda: mid_crawl_on(dep, run_id, VICTIM, farm, plan), 300, "a crawl on worker-a", dep.procs, 0.2
    )
    on_victim = [t for t in tries(dep, run_id) if t["hostname"] == VICTIM and t["state"] == "running"]
    hits_at_kill = len(farm.hits)
    killed_at = datetime.now(UTC)
    killed_pids = kill_hard(dep.procs[VICTIM])
    dep.gone[f"{VICTIM} (killed)"] = dep.procs.pop(VICTIM)
    unacked = redis.client().hlen("unacked")  # acks_late: the killed task's message is still held

    # compose's `restart: always` brings the worker back: once its crawls were retried elsewhere,
    # start it again, so that the rest of the run (the writers) has two workers again
    def retried_elsewhere() -> bool:
        now = {(t["task_id"], t["map_index"], t["try_number"]): t for t in tries(dep, run_id)}
        again = [now.get((t["task_id"], t["map_index"], t["try_number"] + 1)) for t in on_victim]
        return all(t and t["hostname"] == SURVIVOR for t in again)

    wait_until(retried_elsewhere, 240, "the killed crawls to be retried on worker-b", dep.procs, 0.5)
    start_worker(dep, VICTIM)

    state = wait_until(lambda: finished_state(dep, NIGHTLY, run_id), 480, f"{NIGHTLY} to finish", dep.procs)
    all_tries = tries(dep, run_id)
    print(
        f"\nCelery cluster: start -> API server up {up - began:.1f} s, -> workers ready and DAG parsed, "
        f"run triggered {triggered - began:.1f} s; trigger -> run {state} "
        f"{time.monotonic() - triggered:.1f} s; killed {VICTIM} (PIDs {killed_pids}) during crawl "
        f"[{mid_crawl['map_index']}] try {mid_crawl['try_number']} on {mid_crawl['hosts']} "
        f"(requests served by then: {mid_crawl['fetched_before_kill']}); running on {VICTIM} then: "
        f"{[(t['task_id'], t['map_index'], t['try_number']) for t in on_victim]}"
    )
    for t in all_tries:
        if t["task_id"] == "crawl":
            print(
                f"  crawl[{t['map_index']}] try {t['try_number']}: {t['state']:<8} on {t['hostname']}"
                f" {clock(t['start_date'])} - {clock(t['end_date'])}  hosts {plan[t['map_index']]}"
            )
    print(timeline(dep.get(f"/dags/{NIGHTLY}/dagRuns/{run_id}/taskInstances?limit=1000")["task_instances"]))
    writers = [f"{t['task_id']}@{t['hostname']}" for t in all_tries if t["pool"] == "duckdb_writer" and t["hostname"]]
    print(f"writer tasks by worker: {', '.join(writers)}")
    if state != "success":
        print(task_logs(dep, NIGHTLY, run_id))
    return {
        "dep": dep,
        "run_id": run_id,
        "state": state,
        "tries": all_tries,
        "plan": plan,
        "mid_crawl": mid_crawl,
        "killed_tries": on_victim,
        "killed_pids": killed_pids,
        "killed_at": killed_at,
        "hits_after_kill": Counter(h.host for h in farm.hits[hits_at_kill:]),
        "hits": Counter(h.host for h in farm.hits),
        "unacked_after_kill": unacked,
        "sites": farm.sites(),
        "writers": [(t["task_id"], t["hostname"]) for t in all_tries if t["pool"] == "duckdb_writer"],
    }


def clock(when: datetime | None) -> str:
    return f"{when:%H:%M:%S}" if when else "-"


def crawl_tries(cluster: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in cluster["tries"] if t["task_id"] == "crawl"]


def test_the_run_succeeds_with_a_worker_killed(cluster):
    failed = [
        (t["task_id"], t["map_index"], t["try_number"], t["state"])
        for t in cluster["tries"]
        if t["state"] != "success" and (t["task_id"], t["state"]) != ("record_failure", "skipped")
    ]
    killed = sorted((t["task_id"], t["map_index"], t["try_number"], "failed") for t in cluster["killed_tries"])
    assert cluster["state"] == "success", failed
    assert sorted(failed) == killed, "the tries running on the killed worker failed, and nothing else"


def test_crawl_work_spread_over_both_workers(cluster):
    first_tries = Counter(t["hostname"] for t in crawl_tries(cluster) if t["try_number"] == 1)
    assert set(first_tries) == set(WORKERS), f"crawl tasks by worker: {dict(first_tries)}"
    assert sum(first_tries.values()) == len(cluster["plan"]) == int(BATCHES)


def test_the_killed_workers_crawl_is_retried_on_the_other_worker(cluster):
    for pid in cluster["killed_pids"]:
        assert not alive(pid), f"PID {pid} of the killed worker is still running"
    assert len(cluster["killed_pids"]) >= 3, "main process, pool processes, task processes"
    mid_crawl = cluster["mid_crawl"]
    assert (mid_crawl["task_id"], mid_crawl["map_index"]) in {
        (t["task_id"], t["map_index"]) for t in cluster["killed_tries"]
    }
    for killed in cluster["killed_tries"]:
        key = (killed["task_id"], killed["map_index"])
        history = sorted(
            (t["try_number"], t["state"], t["hostname"], t["start_date"])
            for t in cluster["tries"]
            if (t["task_id"], t["map_index"]) == key
        )
        states = [h[:3] for h in history]
        assert states == [(1, "failed", VICTIM), (2, "success", SURVIVOR)], (key, states)
        assert history[1][3] > cluster["killed_at"], "the retry started after the kill"
    # a host the killed crawl had not finished was crawled again by the retry
    unfinished = [h for h, n in mid_crawl["fetched_before_kill"].items() if n < REQUESTS_PER_HOST]
    assert unfinished and all(cluster["hits_after_kill"][h] > 0 for h in unfinished), cluster["hits_after_kill"]
    assert cluster["unacked_after_kill"] >= 1, "acks_late: Redis still held the dead worker's messages"


def test_nothing_lost_or_landed_twice(cluster):
    with duckdb.connect(str(cluster["dep"].data / "warehouse.duckdb"), read_only=True) as con:
        per_url = dict(con.execute("SELECT url, count(*) FROM raw.articles GROUP BY url").fetchall())
        per_source = dict(con.execute("SELECT source, count(*) FROM raw.articles GROUP BY source").fetchall())
    twice = {u: n for u, n in per_url.items() if n != 1}
    assert not twice, f"landed more than once: {twice}"
    expected = {f"{s['url']}/news/a-{n}.html" for s in cluster["sites"] for n in range(1, ARTICLES + 1)}
    missing = expected - set(per_url)
    assert not missing, f"lost: {sorted(missing)}"
    assert per_source.get("demo", 0) >= 5, "the demo site's articles landed too"
    assert {s["name"]: per_source.get(s["name"]) for s in cluster["sites"]} == {
        s["name"]: ARTICLES for s in cluster["sites"]
    }


def test_the_writer_pool_serialises_duckdb_writers_across_workers(cluster):
    spans = sorted(
        (t["start_date"], t["end_date"], t["task_id"], t["hostname"])
        for t in cluster["tries"]
        if t["pool"] == "duckdb_writer" and t["state"] != "skipped" and t["start_date"] and t["end_date"]
    )
    assert len(spans) >= 5
    overlaps = [(a[2], b[2]) for a, b in itertools.pairwise(spans) if b[0] < a[1]]
    assert not overlaps, f"writers overlapped: {overlaps}"
    by_worker = Counter(s[3] for s in spans)
    assert set(by_worker) == {SURVIVOR, VICTIM}, f"writers by worker (worker-a restarted): {dict(by_worker)}"
    logs = list((cluster["dep"].home / "logs").rglob("*.log"))
    assert logs and not [str(p) for p in logs if LOCK_ERROR in p.read_text(errors="replace")]


def test_the_test_runs_with_the_compose_settings(cluster):
    """docker-compose.yml is the one place of the shared settings: the test used each of them as is."""
    env, shared = cluster["dep"].env, compose_settings()
    differing = {k: (v, env.get(k)) for k, v in shared.items() if env.get(k) != v and k not in TEST_TIMINGS}
    assert not differing, differing
    assert set(TEST_TIMINGS) & set(shared), "the shortened timings are compose settings"
    assert shared["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert shared["AIRFLOW__CELERY__TASK_ACKS_LATE"] == "true"
    assert shared["AIRFLOW__CELERY__WORKER_PREFETCH_MULTIPLIER"] == "1"
    assert worker_command()[:2] == ["celery", "worker"]
