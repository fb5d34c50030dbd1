#!/usr/bin/env bash
# Filter the output of `airflow dags test` down to what a person watching a night wants: one
# line per task as it starts and as it ends, gate failures, and the run's end. Airflow 3 logs
# "[DAG TEST] starting task_id=T map_index=M" and "[DAG TEST] end task task_id=T map_index=M"
# (airflow/sdk/definitions/dag.py); Airflow 2's "start task task_id=..." is kept too.
# Reads stdin, writes stdout, line by line as they come.
grep --line-buffered -oE \
  "\[DAG TEST\] (starting|start task|end task) task_id=[^ ]+( map_index=[0-9-]+)?|GateFailed: .*|DagRun (Finished|failed).*" \
  | sed -u -E \
    -e 's/^\[DAG TEST\] (starting|start task) /start /' \
    -e 's/^\[DAG TEST\] end task /end   /' \
    -e 's/ map_index=-1$//' \
    -e 's/^(DagRun Finished: dag_id=[^,]*).*(state=[a-z_]+).*/\1, \2/' \
    -e 's/^/  /'
exit 0
