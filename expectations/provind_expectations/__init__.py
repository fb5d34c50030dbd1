"""Data-quality gates: Great Expectations suites written as code, and the runner that applies them.

GX cannot validate DuckDB tables through SQLAlchemy (results vanish), so every
suite validates a pandas DataFrame read from DuckDB.
"""
