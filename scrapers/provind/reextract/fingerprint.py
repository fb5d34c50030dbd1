"""The extractor's fingerprint: `raw.mentions.extractor_version`.

A digest of the extractor's own code and reference data (`extract/`, `stats/`,
`textprep.py`, `reference/*.csv`), not of this package: moving the step's code
changes no fingerprint, and any change to the extractor does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def extractor_version() -> str:
    """A fingerprint of the extractor's code and reference data.

    Any change to the extractor changes it, so the next run re-extracts every stored
    article: history improves with the extractor, without anyone remembering to ask.
    """
    import provind

    package = Path(provind.__file__).parent
    code = [*package.glob("extract/*.py"), *package.glob("stats/*.py"), package / "textprep.py"]
    files = sorted([*code, *package.glob("reference/*.csv")])
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{provind.VERSION}+{digest.hexdigest()[:12]}"
