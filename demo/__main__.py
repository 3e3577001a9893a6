"""`python -m demo`: two nights of the archive over the offline mirror, then serve the archive.

Night 1 crawls the mirror into a fresh var/demo/archive.db. Then the sites change (demo.nights:
three releases quietly edited, two deleted, one new) and night 2 crawls again, so the archive
shows versions, edits and removals. The crawls and the server are the project CLI
(`crawler.cli`) run as subprocesses, exactly as an operator would run them. The nights are
`pressarchive crawl`, the full pass: `pressarchive nightly` re-checks a known release only a day
after it was first seen (crawler.nightly.schedule), and the demo's nights are a minute apart.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from demo.mirror import Mirror, write_demo_registry
from demo.nights import (
    REMOVED_410,
    TITLE_EDIT,
    NightSummary,
    change_the_sites,
    last_event_id,
    summarise_night,
)

logger = logging.getLogger(__name__)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MIRROR_PORT = 18401  # fixed, so re-runs crawl the same URLs; 0 = any free port


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m demo", description="Offline demo of pressarchive.")
    parser.add_argument("--port", type=int, default=8001, help="port of the archive web UI (default 8001)")
    parser.add_argument("--db", type=Path, default=Path("var/demo/archive.db"), help="archive database")
    parser.add_argument("--sources", type=Path, default=None, help="where to write the demo registry")
    parser.add_argument(
        "--mirror-port",
        type=int,
        default=DEFAULT_MIRROR_PORT,
        help=f"first port of the mirror sites (default {DEFAULT_MIRROR_PORT}; 0 = any free)",
    )
    parser.add_argument("--no-serve", action="store_true", help="crawl, then exit (for tests)")
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a Scrapy setting for both crawls (e.g. DOWNLOAD_DELAY=0)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log the mirror's requests")
    return parser.parse_args(argv)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def crawl_command(sources: Path, db: Path, overrides: list[str] | None = None) -> list[str]:
    sets = [arg for value in overrides or [] for arg in ("--set", value)]
    return [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", str(db), *sets]


def plural(count: int, one: str, few: str, many: str) -> str:
    """'1 релиз', '3 релиза', '47 релизов'."""
    if count % 10 == 1 and count % 100 != 11:
        word = one
    elif 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        word = few
    else:
        word = many
    return f"{count} {word}"


def is_demo_archive(db: Path) -> bool:
    """True when every source in the archive is a demo source (demo_*), or it has none."""
    conn = sqlite3.connect(db)
    try:
        foreign = conn.execute("SELECT count(*) FROM sources WHERE name NOT LIKE 'demo\\_%' ESCAPE '\\'")
        return foreign.fetchone()[0] == 0
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def start_afresh(db: Path) -> None:
    """Remove an earlier demo archive (the database and its WARC files), so the two nights tell the
    same story on every run."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        path.unlink(missing_ok=True)
    shutil.rmtree(db.parent / "warc", ignore_errors=True)


def release_link(db: Path, base: str, url: str) -> str | None:
    """The archive's page of the release published at `url`."""
    conn = sqlite3.connect(db)
    try:
        row = conn.execute("SELECT release_id FROM releases WHERE url = ?", [url]).fetchone()
    finally:
        conn.close()
    return f"{base}/-/release/{row[0]}" if row else None


def night_line(first: NightSummary, second: NightSummary) -> str:
    return (
        f"Ночь 1: {plural(first.new, 'релиз', 'релиза', 'релизов')}; "
        f"ночь 2: изменено {second.edited}, удалено {second.removed}, новых {second.new}"
    )


def serve_command(db: Path, port: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "crawler.cli",
        "serve",
        "--db",
        str(db),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    db: Path = args.db
    sources: Path = args.sources or db.parent / "sources.toml"
    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        if not is_demo_archive(db):
            message = f"{db} — не демонстрационный архив, демо его не тронет; укажите другой --db."
            print(message, file=sys.stderr)
            return 2
        start_afresh(db)

    mirror = Mirror(base_port=args.mirror_port)
    try:
        mirror.start()
    except OSError as exc:
        print(
            f"Не удалось запустить зеркало на порту {args.mirror_port}: {exc}. "
            f"Укажите другой порт: --mirror-port 0",
            file=sys.stderr,
        )
        return 2
    try:
        print("Зеркало сайтов запущено:")
        for site in mirror.sites:
            spec = mirror.spec(site)
            if spec.home_only:  # the registry gives the home page; the crawl finds the news itself
                where = f"{mirror.base_url(site)}/   (копия {spec.host}; в реестре только главная страница)"
            else:
                where = f"{mirror.listing_url(site)}   (копия {spec.host})"
            print(f"  demo_{site:<20} {where}")
        write_demo_registry(mirror, sources)
        print(f"Реестр источников: {sources}")
        print(f"Ночь 1: обход сайтов в архив {db} …", flush=True)
        crawl = subprocess.run(crawl_command(sources, db, args.overrides), env=_env(), check=False)
        if crawl.returncode != 0:
            print(f"Обход завершился с ошибкой (код {crawl.returncode}).", file=sys.stderr)
            return crawl.returncode
        first = summarise_night(db, 0)
        watermark = last_event_id(db)
        urls = {
            "edited": mirror.article_url(*TITLE_EDIT),
            "removed": mirror.article_url(*REMOVED_410),
        }
        change_the_sites(mirror)
        print(
            "Днём издатели изменили сайты: в трёх релизах поменяли цифру, абзац и заголовок, "
            "два релиза удалили (адреса отвечают 404 и 410), опубликовали один новый.",
        )
        print("Ночь 2: повторный обход …", flush=True)
        crawl = subprocess.run(crawl_command(sources, db, args.overrides), env=_env(), check=False)
        if crawl.returncode != 0:
            print(f"Обход завершился с ошибкой (код {crawl.returncode}).", file=sys.stderr)
            return crawl.returncode
        second = summarise_night(db, watermark)
        requests = sum(len(mirror.request_log(site)) for site in mirror.sites)
        print(f"Обходы завершены: {plural(requests, 'запрос', 'запроса', 'запросов')} к зеркалу.")
        print(night_line(first, second), flush=True)
        base = f"http://127.0.0.1:{args.port}"
        links = {kind: release_link(db, base, url) for kind, url in urls.items()}
        if args.no_serve:
            return 0
        base = f"http://127.0.0.1:{args.port}"
        print(f"Архив: {base}/")
        print(f"Поиск: {base}/-/search?q=инвестициями")
        if links["edited"]:
            print(f"Изменённый релиз: {links['edited']}")
        if links["removed"]:
            print(f"Удалённый с сайта релиз: {links['removed']}")
        print("Остановить: Ctrl+C", flush=True)
        try:
            served = subprocess.run(serve_command(db, args.port), env=_env(), check=False)
        except KeyboardInterrupt:
            print("\nОстановлено.")
            return 0
        return served.returncode
    finally:
        mirror.stop()


if __name__ == "__main__":
    sys.exit(main())
