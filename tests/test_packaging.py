"""pyproject.toml declares what the code imports: an install that trusts only the declared
dependencies (e.g. with the pip that Python 3.11's venv ships) must give a working crawler.

lxml_html_clean is the case that broke: trafilatura's justext asks for `lxml[html_clean]`, lxml
names the extra `html-clean`, and an older pip, which does not normalise extra names, skips it;
every extraction then fails on `import lxml.html.clean`.
"""

from __future__ import annotations

import ast
import importlib
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("crawler", "spiders", "archive", "demo")


def normalised(name: str) -> str:
    """A distribution name as PEP 503 compares them ("lxml_html_clean" == "lxml-html-clean")."""
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_dependencies() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = set()
    for requirement in project["dependencies"]:
        found = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
        assert found, f"unreadable requirement {requirement!r}"
        names.add(normalised(found.group(1)))
    return names


def third_party_imports() -> dict[str, set[str]]:
    """Top-level module -> the project files importing it, for modules outside stdlib and the project."""
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    modules = [alias.name.split(".")[0] for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules = [node.module.split(".")[0]]
                else:
                    continue
                for module in modules:
                    if module not in sys.stdlib_module_names and module not in PACKAGES:
                        found.setdefault(module, set()).add(str(path.relative_to(ROOT)))
    return found


def test_lxml_html_clean_is_declared_and_importable() -> None:
    assert "lxml-html-clean" in declared_dependencies()
    importlib.import_module("lxml_html_clean")
    importlib.import_module("lxml.html.clean")  # what justext (trafilatura) imports


def test_every_third_party_import_is_a_declared_dependency() -> None:
    declared = declared_dependencies()
    distributions = metadata.packages_distributions()
    missing = {}
    for module, files in sorted(third_party_imports().items()):
        owners = {normalised(name) for name in distributions.get(module, [])}
        if not owners & declared:
            missing[module] = (sorted(owners) or ["not installed"], sorted(files)[:3])
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
