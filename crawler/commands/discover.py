"""`pressarchive discover URL`: feeds, sitemaps, the listing and its pagination, a registry entry."""

from __future__ import annotations

import json

import click


def _fetcher(timeout: float, user_agent: str):  # type: ignore[no-untyped-def]
    """A fetch function over urllib: redirects followed, HTTP errors returned as answers."""
    import urllib.error
    import urllib.request

    from crawler.discovery.report import Fetched

    def fetch(url: str) -> Fetched | None:
        request = urllib.request.Request(url, headers={"User-Agent": user_agent})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read(32 * 1024 * 1024)
                return Fetched(
                    response.geturl(), response.status, response.headers.get("Content-Type", ""), body
                )
        except urllib.error.HTTPError as error:
            body = error.read(1024 * 1024) if error.fp else b""
            return Fetched(
                url, error.code, error.headers.get("Content-Type", "") if error.headers else "", body
            )
        except (urllib.error.URLError, OSError, ValueError) as error:
            click.echo(f"cannot fetch {url}: {error}", err=True)
            return None

    return fetch


@click.command("discover")
@click.argument("url")
@click.option("--pages", "max_pages", default=3, show_default=True, help="Listing pages to walk.")
@click.option("--no-probe", is_flag=True, help="Do not try the usual feed and sitemap addresses.")
@click.option("--json", "as_json", is_flag=True, help="The report as JSON (with the suggested entry).")
@click.option("--timeout", default=20.0, show_default=True, help="Seconds per request.")
@click.option(
    "--articles",
    default=8,
    show_default=True,
    help="Release pages to fetch and learn the site's profile from (0: none).",
)
def command(url: str, max_pages: int, no_probe: bool, as_json: bool, timeout: float, articles: int) -> None:
    """Report a press section's feeds, sitemaps, listing and pagination; suggest a registry entry."""
    from crawler.discovery.report import discover, render_text, suggested_entry
    from crawler.registry.validation import url_problem
    from crawler.scrapy_glue.settings import USER_AGENT

    if problem := url_problem(url):
        raise click.ClickException(f"{url!r} {problem}")
    report = discover(
        url, _fetcher(timeout, USER_AGENT), max_pages=max_pages, probe=not no_probe, articles=articles
    )
    if as_json:
        data = report.as_dict()
        data["suggested_entry"] = None if report.verdict else suggested_entry(report)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(report))
    if report.verdict:
        raise SystemExit(1)
