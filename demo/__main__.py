"""`python -m demo`: start the offline mirror, crawl it into var/demo/archive.db, serve the archive.

The crawl and the server are the project CLI (`crawler.cli`) run as subprocesses, exactly as an
operator would run them.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

from demo.mirror import Mirror, write_demo_registry

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
    parser.add_argument("-v", "--verbose", action="store_true", help="log the mirror's requests")
    return parser.parse_args(argv)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    env.setdefault("PYTHONIOENCODING", "utf-8")
    return env


def crawl_command(sources: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "crawler.cli", "crawl", "--sources", str(sources), "--db", str(db)]


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
        print(f"Обход сайтов в архив {db} …", flush=True)
        crawl = subprocess.run(crawl_command(sources, db), env=_env(), check=False)
        if crawl.returncode != 0:
            print(f"Обход завершился с ошибкой (код {crawl.returncode}).", file=sys.stderr)
            return crawl.returncode
        requests = sum(len(mirror.request_log(site)) for site in mirror.sites)
        print(f"Обход завершён: {requests} запросов к зеркалу.")
        if args.no_serve:
            return 0
        base = f"http://127.0.0.1:{args.port}"
        print(f"Архив: {base}/")
        print(f"Поиск: {base}/-/search?q=инвестициями")
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
