"""Which WARC files were closed whole: `warc/sealed.tsv`, a line `<file name>\t<size>` each.

A file is sealed when its writer synced and closed it; one that is not (the writer was killed, the
disk filled, the power went) is read through by the next writing run before it starts
(archive.warc_repair), and sealed once it is whole. A sealed file whose size has changed since is
not sealed. Losing this list costs time only: every file is then read once more.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

SEALS_NAME = "sealed.tsv"


def seals_path(warc_dir: Path) -> Path:
    return warc_dir / SEALS_NAME


def seal(path: Path, size: int) -> bool:
    """Note `path` (in its WARC directory) as whole at `size` bytes; False when it cannot be
    written (a full disk): the file is then simply read again by the next run."""
    line = f"{path.name}\t{size}\n".encode()
    try:
        fd = os.open(seals_path(path.parent), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = os.write(fd, line)  # one short line, one write: whole or (rarely) cut
        finally:
            os.close(fd)
    except OSError as exc:
        logger.warning("cannot seal %s: %s", path, exc)
        return False
    return written == len(line)


def sealed_sizes(warc_dir: Path) -> dict[str, int]:
    """File name -> size when sealed (the last line for a name wins; a cut line is ignored)."""
    try:
        text = seals_path(warc_dir).read_bytes().decode("utf-8", "replace")
    except FileNotFoundError:
        return {}
    sizes: dict[str, int] = {}
    for line in text.splitlines(keepends=True):
        name, _, size = line.rstrip("\n").partition("\t")
        if line.endswith("\n") and size.isdigit():
            sizes[name] = int(size)
    return sizes
