"""The held-out homepage corpus (tests/blind_home/): is the press section found from a home page alone?

tests/blind_home/ was written by someone who never read the section search (its README says so).
Each site is served as it is by a real HTTP server on 127.0.0.1 and searched exactly as the crawl
and `pressarchive discover HOMEPAGE` search it (crawler.discovery.homepage.find_section, fetching
over HTTP). A site scores:
  found      the chosen listing is the expected press section or one the answers accept
  decoy      the chosen page is a section that must never be taken (documents, vacancies, tenders...)
  other      the chosen page is neither
  none       nothing was chosen
The baseline, measured in the same run on the same sites, is the naive rule: the first link of the
home page whose text says «новост» (or «пресс»). Ratios are ours / baseline.

    .venv/bin/python bench/bench_homepages.py [--site NAME] [--details]
Goals (issue 11): found >= 95% of sites, decoy = 0.
Read the scores, never the pages, when you change the section search.
"""

from __future__ import annotations

import argparse
import json
import logging
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.commands.discover import _fetcher  # noqa: E402
from crawler.discovery.homepage import HomepageResult, find_section  # noqa: E402
from crawler.normalise.encoding import decode_html  # noqa: E402
from crawler.pages.tree import parse_html  # noqa: E402

CORPUS = ROOT / "tests" / "blind_home"


def file_for(root: Path, path: str) -> Path | None:
    """The corpus's URL→file rule: /a/b/ and /a/b → a/b/index.html; /a/b.html → that file."""
    path = unquote(urlsplit(path).path)
    target = (root / path.lstrip("/")).resolve()
    if not str(target).startswith(str(root.resolve())):
        return None
    if target.is_file():
        return target
    index = target / "index.html"
    return index if index.is_file() else None


class _Handler(BaseHTTPRequestHandler):
    def __init__(self, *args: object, root: Path, **kwargs: object) -> None:
        self.root = root
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def do_GET(self) -> None:
        found = file_for(self.root, self.path)
        body = found.read_bytes() if found else b"<html><body>404</body></html>"
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(root: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, root=root))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _norm(path: str) -> str:
    return (urlsplit(path).path.rstrip("/") or "/").lower()


def verdict(chosen: str | None, answer: dict[str, list[str]]) -> str:
    if chosen is None:
        return "none"
    path = _norm(chosen)
    if path in {_norm(p) for p in [*answer.get("press", []), *answer.get("acceptable", [])]}:
        return "found"
    decoys = {_norm(p) for p in answer.get("decoys", [])}
    if path in decoys or any(path.startswith(d + "/") for d in decoys if d != "/"):
        return "decoy"
    return "other"


def naive_choice(base: str, root: Path) -> str | None:
    """The baseline: the home page's first link whose text says «новост» or «пресс»."""
    home = file_for(root, "/")
    if home is None:
        return None
    page = parse_html(decode_html(home.read_bytes(), "text/html").text, base + "/")
    for anchor in page.css("a[href]"):
        text = " ".join(anchor.css("::text").getall()).lower()
        if "новост" in text or "пресс" in text:
            return urljoin(base + "/", anchor.attrib["href"])
    return None


GOAL_FOUND = 0.95


def answers() -> dict[str, dict[str, list[str]]]:
    return dict(json.loads((CORPUS / "expected.json").read_text(encoding="utf-8")))


def score_site(name: str, answer: dict[str, list[str]], fetch: Any) -> tuple[str, str, HomepageResult, float]:
    """(our verdict, the naive baseline's verdict, our search, its seconds) for one site over HTTP."""
    root = CORPUS / "sites" / name
    with serving(root) as base:
        started = time.perf_counter()
        result = find_section(base + "/", fetch)
        elapsed = time.perf_counter() - started
        chosen = result.choice.listing_url if result.choice else None
        return verdict(chosen, answer), verdict(naive_choice(base, root), answer), result, elapsed


FAST = ("--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False")
# Runs the CLI and, however it exits, prints its own peak memory (KiB) as the last line of stderr.
_MEASURED_CLI = (
    "import resource, runpy, sys\n"
    "sys.argv = ['pressarchive', *sys.argv[1:]]\n"
    "try:\n    runpy.run_module('crawler.cli', run_name='__main__')\n"
    "finally:\n    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


@dataclass(frozen=True)
class CliRun:
    result: subprocess.CompletedProcess[str]
    seconds: float
    peak_mib: float  # the run's own peak resident memory


def run_cli(*args: str) -> CliRun:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURED_CLI, *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    lines = result.stderr.strip().splitlines()
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return CliRun(result, seconds, peak)


def home_registry(path: Path, homes: list[tuple[str, str, str]]) -> Path:
    """A registry of sources given by their home page only: (name, home page, zone) each."""
    path.write_text(
        "\n".join(
            f'[[source]]\nname = "{name}"\ntitle = "{name}"\nregion = "Тверская область"\n'
            f'publisher_kind = "ministry"\ntimezone = "{zone}"\nplatform = "generic"\nhomepage = "{home}"\n'
            for name, home, zone in homes
        ),
        encoding="utf-8",
    )
    return path


def crawl_all(names: list[str], expected: dict[str, dict[str, Any]]) -> None:
    """One real `pressarchive crawl` of every site given by its home page only; the sections it
    chose and stored (table press_sections) are scored like the search above."""
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        bases = {name: stack.enter_context(serving(CORPUS / "sites" / name)) for name in names}
        homes = [
            (name, bases[name] + "/", expected[name].get("region_tz", "Europe/Moscow")) for name in names
        ]
        registry = home_registry(Path(tmp) / "sources.toml", homes)
        db_path = Path(tmp) / "archive.db"
        run = run_cli("crawl", "--sources", str(registry), "--db", str(db_path), *FAST)
        if not db_path.exists():
            print(f"crawl failed (exit {run.result.returncode}): {run.result.stderr[-2000:]}")
            return
        conn = sqlite3.connect(db_path)
        chosen = dict(conn.execute("SELECT source, listing_url FROM press_sections WHERE current = 1"))
        releases = dict(conn.execute("SELECT source, COUNT(*) FROM releases GROUP BY source"))
        pages = sum(row[0] or 0 for row in conn.execute("SELECT pages FROM crawl_runs"))
        conn.close()
    counts = {"found": 0, "decoy": 0, "other": 0, "none": 0}
    for name in names:
        counts[verdict(chosen.get(name), expected[name])] += 1
    total = len(names)
    with_releases = sum(1 for name in names if releases.get(name))
    print(
        f"crawl (pressarchive crawl, homepages only): found {counts['found']}/{total} "
        f"({counts['found'] / total:.0%}), decoy {counts['decoy']}, other {counts['other']}, "
        f"none {counts['none']}; {with_releases} sites archived releases ({sum(releases.values())} in all); "
        f"{pages} pages in {run.seconds:.1f} s, peak {run.peak_mib:.0f} MiB (exit {run.result.returncode})"
    )


def first_night(names: list[str], copies: int = 5, dead: int = 10) -> None:
    """A first `pressarchive nightly` on a registry of home pages only: every corpus site `copies`
    times (as many sources as the shipped registry) plus `dead` addresses nobody answers; wall
    time, peak memory of the run, and the triage."""
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp:
        bases = {name: stack.enter_context(serving(CORPUS / "sites" / name)) for name in names}
        homes = [(f"{name}_{k}", bases[name] + "/", "Europe/Moscow") for k in range(copies) for name in names]
        homes += [(f"dead_{n}", f"http://127.0.0.1:{n + 1}/", "Europe/Moscow") for n in range(dead)]
        registry = home_registry(Path(tmp) / "sources.toml", homes)
        db_path = str(Path(tmp) / "archive.db")
        night = run_cli("nightly", "--sources", str(registry), "--db", db_path, *FAST)
        triage = run_cli("status", "--db", db_path, "--triage")
    out = triage.result.stdout.strip()
    summary = out.splitlines()[-1] if out else triage.result.stderr[-300:]
    print(
        f"first night ({len(homes)} sources by home page only, {dead} dead): {night.seconds:.1f} s, "
        f"peak memory {night.peak_mib:.0f} MiB (exit {night.result.returncode}); triage: {summary}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--site")
    parser.add_argument("--details", action="store_true", help="print every page looked at")
    parser.add_argument("--no-crawl", action="store_true", help="skip the real crawl of every site")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    expected = answers()
    names = [args.site] if args.site else sorted(expected)
    fetch = _fetcher(10, "pressarchive-bench")
    counts = {"found": 0, "decoy": 0, "other": 0, "none": 0}
    naive = dict(counts)
    searching = 0.0
    requests = 0
    print(f"{'site':28} {'ours':7} {'naive':7} chosen")
    for name in names:
        ours, theirs, result, seconds = score_site(name, expected[name], fetch)
        searching += seconds
        requests += 1 + (len(result.search.probes) + len(result.search.feeds) if result.search else 0)
        counts[ours] += 1
        naive[theirs] += 1
        chosen = result.choice.listing_url if result.choice else None
        shown = urlsplit(chosen).path if chosen else "-"
        method = result.choice.method if result.choice else result.verdict or ""
        print(f"{name:28} {ours:7} {theirs:7} {shown} ({method})")
        if args.details and result.search:
            for probe in result.search.evidence(None)["probes"]:
                print(
                    f"    {probe['score']:6.2f} {probe['verdict']:12} {probe['dated']}/{probe['links']} "
                    f"«{probe['label']}» {urlsplit(probe['url']).path}"
                )
    total = len(names)
    share = counts["found"] / total
    baseline = naive["found"] / total
    print()
    print(
        f"sites {total}: found {counts['found']} ({share:.0%}), decoy {counts['decoy']}, "
        f"other {counts['other']}, none {counts['none']}"
    )
    print(
        f"naive baseline: found {naive['found']} ({baseline:.0%}), decoy {naive['decoy']}, "
        f"other {naive['other']}, none {naive['none']}"
    )
    print(f"ratio found ours/naive: {share / baseline:.2f}" if baseline else "ratio: naive found none")
    print(
        f"{requests} requests, {requests / total:.1f} per site; search {searching:.2f} s "
        f"({searching / total * 1000:.0f} ms per site, fetching over loopback included)"
    )
    print(
        f"goal found >= 95%: {'met' if share >= GOAL_FOUND else 'NOT met'}; decoy = 0: "
        f"{'met' if counts['decoy'] == 0 else 'NOT met'}"
    )
    if not args.no_crawl:
        crawl_all(names, expected)
        if not args.site:
            first_night(names)


if __name__ == "__main__":
    main()
