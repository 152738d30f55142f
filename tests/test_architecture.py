"""The package's import graph: no import cycle, and the CLI/web layers are imported by nobody.

The graph is read from the source with :mod:`ast`, not by importing: every ``import`` and
``from ... import`` of an alliancelab module is an edge, at module level or inside a
function (a lazy import is still a dependency), except under ``if TYPE_CHECKING:``
(type-only, never executed). ``from pkg import name`` is an edge to ``pkg.name`` when that
is a module, else to ``pkg``; importing a submodule is not counted as importing its parent
packages. Cycles are the strongly connected components of that graph (Tarjan 1972).

Run as a script (``python tests/test_architecture.py``) to print the cycles and the edges
that form them.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "alliancelab"

#: DESIGN.md's layers, lowest first: a module may import its own layer or lower ones only.
#: (The package root ``alliancelab/__init__.py`` re-exports lazily and is exempt.)
LAYERS: tuple[tuple[str, ...], ...] = (
    ("errors", "_startup", "limits"),
    ("sources", "codes", "kernels"),
    ("reference",),
    ("store",),
    ("panels",),
    ("snapshot",),
    ("measures",),
    ("models",),
    ("scenario",),
    ("stability",),
    ("experiments",),
    ("risk", "replications"),
    ("policy",),
    ("reports",),
    ("cli", "web"),
)


def layer_of(module: str) -> int:
    """Index in :data:`LAYERS` of a module's top-level subpackage; unknown is an error."""
    top = module.split(".")[1]
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise KeyError(f"{module}: not in LAYERS (add its layer to DESIGN.md and this table)")


#: Layers that sit on top of the library: no library module may import them.
TOP_LAYERS = (f"{PACKAGE}.cli", f"{PACKAGE}.web")


def module_names(src: Path, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of ``package`` under ``src``: dotted name -> file."""
    out: dict[str, Path] = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _type_checking_only(node: ast.AST) -> bool:
    test = node.test if isinstance(node, ast.If) else None
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Import statements anywhere in ``tree`` except in ``if TYPE_CHECKING:`` bodies."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif _type_checking_only(node):
            assert isinstance(node, ast.If)
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of ``name`` that is a module of the package."""
    parts = name.split(".")
    while parts:
        cand = ".".join(parts)
        if cand in modules:
            return cand
        parts.pop()
    return None


def import_graph(src: Path = SRC, package: str = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package's modules it imports (see the module docstring)."""
    modules = module_names(src, package)
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for mod, path in modules.items():
        is_pkg = path.name == "__init__.py"
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                if node.level:
                    base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    origin = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    origin = node.module or ""
                targets = [
                    f"{origin}.{a.name}" if f"{origin}.{a.name}" in modules else origin
                    for a in node.names
                ]
            for t in targets:
                known = _known(t, modules)
                if known is not None and known != mod:
                    graph[mod].add(known)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The import cycles: strongly connected components of more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(frozenset(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _describe(cycle: frozenset[str], graph: dict[str, set[str]]) -> str:
    edges = sorted(f"{a} -> {b}" for a in cycle for b in graph[a] if b in cycle)
    return "{" + ", ".join(sorted(cycle)) + "}: " + "; ".join(edges)


GRAPH = import_graph()
CYCLES = cycles(GRAPH)


def test_no_import_cycle() -> None:
    assert not CYCLES, "import cycles:\n" + "\n".join(_describe(c, GRAPH) for c in CYCLES)


def test_cli_and_web_are_imported_by_nobody_in_the_library() -> None:
    upward = sorted(
        f"{a} -> {b}"
        for a, targets in GRAPH.items()
        if not a.startswith(TOP_LAYERS)
        for b in targets
        if b.startswith(TOP_LAYERS)
    )
    assert not upward


def test_cli_submodules_do_not_import_the_entry_module() -> None:
    entry = f"{PACKAGE}.cli"
    assert {f"{entry}.{m}" for m in ("data", "panel", "toplevel")} <= GRAPH[entry]
    importers = sorted(a for a, targets in GRAPH.items() if entry in targets)
    assert importers == [f"{entry}.__main__"]  # only `python -m alliancelab.cli` runs it


def test_the_checker_finds_cycles_and_ignores_type_only_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "demo"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from .sub import b\n")  # lazy: still an edge
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "sub" / "b.py").write_text("from .. import a\n")
    (pkg / "c.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import d\n"
    )
    (pkg / "d.py").write_text("import demo.c\n")
    graph = import_graph(tmp_path, "demo")
    assert graph["demo.a"] == {"demo.sub.b"} and graph["demo.sub.b"] == {"demo.a"}
    assert graph["demo.c"] == set() and graph["demo.d"] == {"demo.c"}
    assert cycles(graph) == [frozenset({"demo.a", "demo.sub.b"})]


def test_every_module_has_a_layer() -> None:
    for mod in GRAPH:
        if mod != PACKAGE:
            layer_of(mod)


def test_no_import_runs_up_the_layers() -> None:
    up = [
        f"{a} -> {b}"
        for a, targets in sorted(GRAPH.items())
        if a != PACKAGE
        for b in sorted(targets)
        if b != PACKAGE and layer_of(b) > layer_of(a)
    ]
    assert not up, "imports that run up the layers:\n" + "\n".join(up)


def test_layer_check_catches_an_upward_import(tmp_path: Path) -> None:
    pkg = tmp_path / PACKAGE
    (pkg / "store").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "store" / "__init__.py").write_text("def f():\n    from ..reports import x\n")
    (pkg / "reports.py").write_text("x = 1\n")
    graph = import_graph(tmp_path)
    assert f"{PACKAGE}.reports" in graph[f"{PACKAGE}.store"]
    assert layer_of(f"{PACKAGE}.reports") > layer_of(f"{PACKAGE}.store")


if __name__ == "__main__":
    for c in CYCLES:
        print("CYCLE " + _describe(c, GRAPH))
    sys.exit(1 if CYCLES else 0)
