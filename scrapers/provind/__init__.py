VERSION = "0.1.0"

# The extractor's compiled build, when `make venv` made one and it matches these sources
# (provind/compiled.py): checked before anything imports the extractor.
from provind import compiled as _compiled  # noqa: E402

_compiled.activate()
