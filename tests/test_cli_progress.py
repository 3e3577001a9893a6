"""Long commands in a terminal and in cron: a progress line per source in a terminal only, one
Russian line per failed source, no traceback unless -v, no progress bar in a log. The real CLI in a
subprocess, its stderr a pseudo-terminal or a pipe; real crawls of the mirror and of dead sites.
"""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import FAST, ROOT
from cli_run import run_cli as cli
from test_source_success import GOOD, write_registry_with_dead_sources

from demo.mirror import Mirror

FAILURES = {
    "ОШИБКА dead_dns: сайт не отвечает (DNS: адрес не найден)",
    "ОШИБКА dead_port: сайт не отвечает (соединение отклонено)",
    "ОШИБКА no_section: ни одна страница списка новостей, лента или карта сайта не прочитана (4xx: 1)",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    tmp = tmp_path_factory.mktemp("progress")
    with Mirror(sites=[GOOD]) as mirror:
        yield write_registry_with_dead_sources(mirror, tmp / "sources.toml")


def run_in_terminal(*args: str | Path) -> tuple[int, str, str]:
    """The CLI with its stderr on a pseudo-terminal (stdout a pipe): exit code, stdout, terminal text."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.stdout is not None
    with process.stdout:
        stdout = process.stdout.read()
    code = process.wait(timeout=300)
    os.close(leader)
    return code, stdout.decode(), b"".join(chunks).decode().replace("\r\n", "\n")


def test_in_a_terminal_a_line_per_source_then_the_failures(site: Path, tmp_path: Path) -> None:
    code, stdout, terminal = run_in_terminal("crawl", "--sources", site, "--db", tmp_path / "a.db", *FAST)
    assert code == 1, terminal
    progress = re.findall(
        r"^\[(\d)/4\] (\S+): (\d+) нов\w+, \d+ изменено, (\d+) ошиб\w+, \d+ с$", terminal, re.M
    )
    assert sorted(int(n) for n, *_ in progress) == [1, 2, 3, 4], terminal
    by_name = {name: (int(new), int(errors)) for _, name, new, errors in progress}
    assert set(by_name) == {GOOD, "dead_port", "dead_dns", "no_section"}
    assert by_name[GOOD][0] > 0 and by_name["dead_dns"] == (0, 6)
    assert set(terminal.splitlines()) >= FAILURES
    assert "Traceback" not in terminal and "ERROR" not in terminal
    assert f"{GOOD} " in stdout  # the summary table stays on stdout


def test_in_a_pipe_only_the_summary_and_one_line_per_failure(site: Path, tmp_path: Path) -> None:
    result = cli("crawl", "--sources", site, "--db", tmp_path / "a.db", *FAST)
    assert result.returncode == 1
    assert set(result.stderr.splitlines()) == FAILURES, result.stderr[-3000:]
    assert len(result.stdout.splitlines()) == 4  # one summary row per source


def test_verbose_keeps_the_tracebacks(site: Path, tmp_path: Path) -> None:
    result = cli("crawl", "--sources", site, "--db", tmp_path / "a.db", "-v", *FAST)
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "DNS lookup failed" in result.stderr
    assert set(result.stderr.splitlines()) >= FAILURES


def test_nightly_in_cron_prints_the_summary_and_the_failures_only(site: Path, tmp_path: Path) -> None:
    result = cli("nightly", "--sources", site, "--db", tmp_path / "a.db", *FAST)
    assert result.returncode == 1, result.stdout
    assert set(result.stderr.splitlines()) == FAILURES, result.stderr[-3000:]
    assert "dead_dns: ОБХОД НЕ УДАЁТСЯ:" in result.stdout
    verify = cli("verify", "--db", tmp_path / "a.db")
    assert "WARC" not in verify.stderr  # no progress bar label in a log
