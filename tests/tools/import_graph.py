"""The workshop package's own import graph: its depth and any cycles.

Run `python -m tests.tools.import_graph` from the repository root. Every `import` and
`from … import …` of a workshop module counts, wherever it sits (module level, inside a
function, under TYPE_CHECKING), because each one is a dependency a reader has to follow.
Importing a submodule also runs its parents' `__init__.py`; that implicit step is not an
edge here (it would make every package look like a cycle), so `python -m
tests.tools.import_graph --loads workshop.services.plans.pdf` lists what really loads.

Stdlib only: the source is parsed with `ast`, nothing is imported.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "workshop"


def modules(root: Path = ROOT, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    if not level:
        return name or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([name] if name else []))


def _imported(module: str, path: Path, known: dict[str, Path]) -> Iterator[tuple[str, bool]]:
    """(imported module, whether the import runs when the module loads)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    deferred: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            deferred.update(id(inner) for inner in ast.walk(node) if inner is not node)
        elif isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for statement in node.body:
                deferred.update(id(inner) for inner in ast.walk(statement))
    for node in ast.walk(tree):
        at_load = id(node) not in deferred
        if isinstance(node, ast.Import):
            for alias in node.names:
                name = alias.name
                while name and name not in known:
                    name = name.rpartition(".")[0]
                if name:
                    yield name, at_load
        elif isinstance(node, ast.ImportFrom):
            target = _absolute(module, is_package, node.level, node.module)
            if target.split(".")[0] != PACKAGE:
                continue
            for alias in node.names:
                submodule = f"{target}.{alias.name}"
                if submodule in known:
                    yield submodule, at_load
                elif target in known:
                    yield target, at_load


def graph(load_time_only: bool = False, root: Path = ROOT) -> dict[str, set[str]]:
    """module -> the workshop modules it imports."""
    known = modules(root)
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for target, at_load in _imported(name, path, known):
            if target != name and (at_load or not load_time_only):
                edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(edges) + 100))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(groups)


def longest_chain(edges: dict[str, set[str]]) -> list[str]:
    """The longest import chain, counting each cycle group as one step."""
    group_of = {member: tuple(group) for group in cycles(edges) for member in group}
    memo: dict[str, list[str]] = {}

    def chain(node: str, seen: frozenset) -> list[str]:
        if node in memo:
            return memo[node]
        mine = group_of.get(node, (node,))
        best: list[str] = []
        for member in mine:
            for target in edges[member]:
                if target in mine or target in seen:
                    continue
                candidate = chain(target, seen | set(mine))
                if len(candidate) > len(best):
                    best = candidate
        memo[node] = [node, *best]
        return memo[node]

    return max((chain(node, frozenset()) for node in sorted(edges)), key=len, default=[])


def loads(start: str, root: Path = ROOT) -> set[str]:
    """Every workshop module that importing `start` runs, parents' __init__ included."""
    load_edges = graph(load_time_only=True, root=root)
    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(load_edges.get(name, ()))
    return seen


def report(edges: dict[str, set[str]], title: str) -> list[str]:
    found = cycles(edges)
    chain = longest_chain(edges)
    lines = [
        f"{title}: {len(edges)} modules, {sum(map(len, edges.values()))} imports, "
        f"depth {len(chain)}, {len(found)} cycle group(s)",
        "  longest chain: " + " -> ".join(chain),
    ]
    lines += ["  cycle: " + " <-> ".join(group) for group in found]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", metavar="MODULE", help="list the workshop modules that importing MODULE runs")
    args = parser.parse_args(argv)
    if args.loads:
        print("\n".join(sorted(loads(args.loads))))
        return 0
    every = graph()
    print("\n".join(report(every, "every import")))
    print("\n".join(report(graph(load_time_only=True), "imports run at load time")))
    return 1 if cycles(every) else 0


if __name__ == "__main__":
    sys.exit(main())
