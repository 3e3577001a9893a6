"""The dependency rules of ARCHITECTURE.md, checked by walking every import statement."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

RULES = {
    # package directory -> top-level modules it must never import
    "archive": {"scrapy", "crawler", "spiders", "twisted"},
    "crawler/pages": {"scrapy", "spiders", "twisted"},
    "crawler/normalise": {"scrapy", "spiders", "twisted"},
}


def imported_top_levels(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def modules_under(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(RULES))
def test_package_respects_import_rules(package: str) -> None:
    files = modules_under(package)
    assert files, f"no modules found under {package}"
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_top_levels(path) & RULES[package])
        for path in files
        if imported_top_levels(path) & RULES[package]
    }
    assert offenders == {}


def test_rule_checker_sees_forbidden_imports(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("import scrapy.http\nfrom crawler.sources import Source\nfrom . import x\n")
    assert imported_top_levels(module) == {"scrapy", "crawler"}
