"""The publish step: runs recorded in `meta.runs`, the marts swapped in atomically, the run summary.

`step` (what the DAG's publish and record_failure tasks call), `atomic` (the swap of
`marts.duckdb`), `runs` (the `meta.runs` rows and their statuses), `summary` (what a
run did, in figures and in the lines a person reads).
"""
