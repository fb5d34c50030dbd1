"""The build step: dbt (`dbt`: the build by hand, as the DAG's cosmos task runs it), its source
freshness (`freshness`) and its documentation (`docs`). The models themselves are in `dbt_project/`.
"""
