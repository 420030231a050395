"""The import structure of ARCHITECTURE.md §2 and §13: no import circle between modules (TYPE_CHECKING and
function-level imports included) and no module importing one above its layer."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mockmost"

# Lowest first; a module belongs to the layer of the longest prefix that names it.
LAYERS: list[tuple[str, ...]] = [
    (
        "mockmost.errors",
        "mockmost.error_texts",
        "mockmost.ids",
        "mockmost.gojson",
        "mockmost.config_rules",
        "mockmost.settings",
        "mockmost.openapi",
        "mockmost.operations",
        "mockmost.images",
        "mockmost.client_config",
    ),
    ("mockmost.store", "mockmost.events.catalog", "mockmost.events"),
    (
        "mockmost.auth",
        "mockmost.wire",
        "mockmost.events.bus",
        "mockmost.ws.render",
        "mockmost.ws.hub",
        "mockmost.integrations.outbound",
        "mockmost.seeds",
        "mockmost.journal",
        "mockmost.faults",
    ),
    ("mockmost.state",),
    (
        "mockmost.http",
        "mockmost.ws",
        "mockmost.routes",
        "mockmost.control",
        "mockmost.integrations",
        "mockmost.jobs",
        "mockmost.coverage",
        "mockmost.web",
        "mockmost.snapshots",
    ),
    ("mockmost.app",),
    (
        "mockmost",
        "mockmost.__main__",
        "mockmost.cli",
        "mockmost.pytest_plugin",
        "mockmost.testing",
        "mockmost.server",
        "mockmost.inprocess",
        "mockmost.contract",
        "mockmost.client",
        "mockmost.parity",
    ),
]


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    def owner(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        edges = graph.setdefault(name, set())
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text())):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    prefix = package
                    for _ in range(node.level - 1):
                        prefix = prefix.rpartition(".")[0]
                    base = f"{prefix}.{base}" if base else prefix
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                found = owner(target)
                if found is not None and found != name:
                    edges.add(found)
    return graph


def _layer(name: str) -> int:
    best, layer = -1, -1
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
                best, layer = len(prefix), i
    assert layer >= 0, f"{name} has no layer in tests/test_layers.py"
    return layer


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def _collapse_store(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The store's areas name `Store` in their annotations and `Store` holds the areas: one unit (the entities
    below it stay apart)."""

    def unit(name: str) -> str:
        inside = name.startswith("mockmost.store.") and name != "mockmost.store.entities"
        return "mockmost.store" if inside else name

    out: dict[str, set[str]] = {}
    for name, edges in graph.items():
        out.setdefault(unit(name), set()).update(unit(e) for e in edges if unit(e) != unit(name))
    return out


def test_no_import_circle():
    assert _cycles(_collapse_store(_imports(_modules()))) == []


def test_no_module_imports_above_its_layer():
    graph = _imports(_modules())
    upward = sorted(f"{a} -> {b}" for a, edges in graph.items() for b in edges if _layer(b) > _layer(a))
    assert upward == []


def test_no_route_module_imports_another():
    """Shared helpers live in auth/, wire/, http/ or the store (ARCHITECTURE §13)."""
    graph = _imports(_modules())
    crossed = sorted(
        f"{a} -> {b}"
        for a, edges in graph.items()
        if a.startswith("mockmost.routes.")
        for b in edges
        if b.startswith("mockmost.routes.")
    )
    assert crossed == []


def test_checker_sees_a_circle_and_an_upward_import():
    graph = {"mockmost.state": {"mockmost.app"}, "mockmost.app": {"mockmost.state"}}
    assert _cycles(graph) == [["mockmost.app", "mockmost.state"]]
    assert _layer("mockmost.app") > _layer("mockmost.state")
