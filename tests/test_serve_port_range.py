"""`pressarchive serve --port` outside 0-65535 is a usage error (exit 2), not a traceback from
bind() (found by bench/bench_reliability.py: `--port -1` gave an OverflowError)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.cli import main


@pytest.mark.parametrize("port", ["-1", "65536", "99999999999999999999"])
def test_a_port_no_socket_can_have_is_refused_as_a_usage_error(tmp_path: Path, port: str) -> None:
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "archive.db"), "--port", port])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert "--port" in result.output and "0<=x<=65535" in result.output
