"""The press-section search of a home page, for the terminal and as JSON (`pressarchive discover`)."""

from __future__ import annotations

from typing import Any

from crawler.discovery.homepage import HomepageResult


def section_dict(found: HomepageResult) -> dict[str, Any]:
    choice = found.choice
    return {
        "home_url": found.home_url,
        "final_url": found.final_url,
        "status": found.status,
        "verdict": found.verdict,
        "moved_to": found.moved_to,
        "section": None
        if choice is None
        else {"listing_url": choice.listing_url, "feed_url": choice.feed_url, "method": choice.method},
        "evidence": found.evidence(),
    }


def render_section(found: HomepageResult) -> str:
    out = [f"home page:  {found.home_url}  (HTTP {found.status})"]
    if found.moved_to:
        out.append(f"MOVED:      redirected to {found.final_url} (another host): update the registry entry")
    if found.verdict:
        out.append(f"NOT USABLE: {found.verdict}")
        return "\n".join(out) + "\n"
    choice = found.choice
    out.append("press section: " + (choice.summary() if choice else "NOT FOUND"))
    probes = (found.evidence() or {}).get("probes", [])
    if probes:
        out.append("  pages looked at (score, verdict, dated/links, link text, where):")
    for probe in probes:
        out.append(
            f"  {probe['score']:6.2f}  {probe['verdict']:12} {probe['dated']:>3}/{probe['links']:<3} "
            f"«{probe['label']}» ({probe['where']}, level {probe['level']})  {probe['url']}"
        )
    return "\n".join(out) + "\n"
