"""A Scrapy SpiderLoader that makes one spider per registry entry, so `scrapy list` shows them all."""

from __future__ import annotations

import builtins
import os
from pathlib import Path
from typing import Self

from scrapy import Request, Spider
from scrapy.settings import BaseSettings

from crawler.registry.sources import Source, load_registry
from spiders.release import ReleaseSpider


def registry_paths(value: str | list[str] | None) -> list[Path] | None:
    """The PRESSARCHIVE_SOURCES setting as paths (None = the default registry)."""
    if not value:
        return None
    parts = value.split(os.pathsep) if isinstance(value, str) else list(value)
    return [Path(p) for p in parts if p]


class RegistrySpiderLoader:
    """Spiders from spiders/sources/*.toml (or PRESSARCHIVE_SOURCES): one per enabled source."""

    def __init__(self, settings: BaseSettings) -> None:
        sources = load_registry(registry_paths(settings.get("PRESSARCHIVE_SOURCES")))
        self._sources: dict[str, Source] = {s.name: s for s in sources if s.enabled}
        self._spiders: dict[str, type[ReleaseSpider]] = {}

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Self:
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        if spider_name not in self._sources:
            raise KeyError(f"Spider not found: {spider_name}")
        if spider_name not in self._spiders:
            self._spiders[spider_name] = ReleaseSpider.for_source(self._sources[spider_name])
        return self._spiders[spider_name]

    def list(self) -> list[str]:
        return sorted(self._sources)

    def find_by_request(self, request: Request) -> builtins.list[str]:
        return [name for name in self.list() if self.load(name).handles_request(request)]
