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
    # pages and normalise read Source from the registry: it must stay Scrapy-free too
    "crawler/registry": {"scrapy", "spiders", "twisted"},
    # site profiles are learned and applied by the page objects on plain values
    "crawler/profiles": {"scrapy", "spiders", "twisted"},
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
    module.write_text("import scrapy.http\nfrom crawler.registry.sources import Source\nfrom . import x\n")
    assert imported_top_levels(module) == {"scrapy", "crawler"}


PROJECT_PACKAGES = ("crawler", "spiders", "archive", "demo")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _known(name: str, modules: set[str]) -> str | None:
    """The longest prefix of a dotted name that is one of the project's modules."""
    parts = name.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def imported_modules(path: Path, modules: set[str], root: Path = ROOT) -> set[str]:
    """Project modules a file imports anywhere in it (module level, in functions, under `if`):
    `from package import module` counts as importing the module, `from module import name` the
    module. A package's own __init__ run by importing a submodule is not counted."""
    name = module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(filter(None, (_known(alias.name, modules) for alias in node.names)))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                target = _known(f"{base}.{alias.name}", modules) or _known(base, modules)
                if target:
                    found.add(target)
    found.discard(name)
    return found


def import_graph() -> dict[str, set[str]]:
    files = [path for package in PROJECT_PACKAGES for path in modules_under(package)]
    modules = {module_name(path) for path in files}
    return {module_name(path): imported_modules(path, modules) for path in files}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan), each as the
    path `a -> b -> ... -> a`."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(component, graph) for component in components]


def _cycle_in(component: set[str], graph: dict[str, set[str]]) -> list[str]:
    """A shortest cycle through the component's first module (breadth-first back to it)."""
    start = min(component)
    previous: dict[str, str] = {}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & component):
            if target == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [start, *reversed(path[:-1]), start]
            if target not in previous:
                previous[target] = node
                queue.append(target)
    raise AssertionError(f"no cycle in {sorted(component)}")


def test_no_import_cycles() -> None:
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(cycle) for cycle in cycles)


def test_cycle_finder_sees_function_level_and_package_imports(tmp_path: Path) -> None:
    graph = {"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": {"p.a"}, "p.d": {"p.a"}}
    assert find_cycles(graph) == [["p.a", "p.b", "p.c", "p.a"]]
    assert find_cycles({"p.a": {"p.b"}, "p.b": set()}) == []
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "one.py").write_text("def f():\n    from pkg import two\n")
    (package / "two.py").write_text("from .one import f\nimport pkg.three\n")
    (package / "three.py").write_text("")
    modules = {"pkg", "pkg.one", "pkg.two", "pkg.three"}

    def imports(name: str) -> set[str]:
        path = package / f"{name}.py"
        return imported_modules(path, modules, tmp_path)

    assert imports("one") == {"pkg.two"}
    assert imports("two") == {"pkg.one", "pkg.three"}
