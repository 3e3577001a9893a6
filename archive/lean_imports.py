"""sqlite-utils without numpy: imported first by the `archive` and `crawler` packages.

sqlite-utils imports numpy, when it is installed, only to accept numpy values in inserts.
pressarchive never passes it any (archive.clusters writes plain ints and bytes), and numpy at import
costs every process about 8 MiB: the crawl, its extraction worker, the server. numpy stays
importable; only sqlite-utils' optional use of it is declined.
"""

from __future__ import annotations

import sys

if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # sqlite-utils' `import numpy` fails
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]
