"""How the apps may import one another: no cycle, and one conductor on top.

``delivery``, ``vendors`` and ``payment`` offer plain functions; the order
conductor (``vendors.lifecycle``) calls them, and none of them calls another
one's writes, nor the conductor. Imports are read from the source, inside
functions too: an import moved into a function to dodge a cycle still counts.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("shop", "vendors", "delivery", "cms", "search")
# The three apps whose writes must not call one another.
APPS = {"delivery": "delivery", "vendors": "vendors", "payment": "shop.apps.payment"}
CONDUCTOR = "vendors.lifecycle"
# Modules that take a request or a task and call the apps (they may call the
# conductor): the web, API and Celery entry points.
ENTRY_POINT_PARTS = {
    "api",
    "apps",
    "views",
    "urls",
    "forms",
    "admin",
    "backoffice",
    "dashboard",
    "templatetags",
    "management",
    "backoffice_views",
    "dashboard_views",
    "backoffice_urls",
    "dashboard_urls",
    # What the web pages show, composed from the apps' reads (called by
    # views and template tags only).
    "pages",
}
# What one app may read of another.
READ_MODULES = {
    "models",
    "fetch",
    "checkout",
    "scoping",
    "reports",
    "signals",
    "consts",
}


def module_files():
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


MODULES = module_files()


def resolve(name):
    """The first-party module ``name`` is in (itself, or its closest parent)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module):
    """The first-party modules ``module`` imports, anywhere in its source."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                if node.level > 1:
                    parts = parts[: -(node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            submodules = [f"{base}.{alias.name}" for alias in node.names]
            names = [name for name in submodules if name in MODULES]
            if len(names) < len(submodules):
                names.append(base)
        for name in names:
            target = resolve(name)
            if target and target != module:
                found.add(target)
    return found


GRAPH = {module: imports_of(module) for module in MODULES}


def app_of(module):
    for app, prefix in APPS.items():
        if module == prefix or module.startswith(prefix + "."):
            return app
    return None


def is_entry_point(module):
    return bool(set(module.split(".")) & ENTRY_POINT_PARTS) or module.endswith("tasks")


def strongly_connected_components(graph):
    """Tarjan's algorithm: the groups of modules that import one another."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_the_reader_sees_every_kind_of_import():
    # The conductor imports the three apps: the reader must see it.
    assert {"delivery.actions", "shop.apps.payment.actions"} <= GRAPH[
        "vendors.lifecycle.conductor"
    ]
    assert "vendors.actions" in GRAPH["shop.apps.order.utils"]


def test_no_modules_import_one_another_in_a_cycle():
    cycles = [
        sorted(group)
        for group in strongly_connected_components(GRAPH)
        if len(group) > 1
    ]

    assert cycles == []


@pytest.mark.parametrize("app", sorted(APPS))
def test_an_apps_writes_never_call_another_apps_writes_or_the_conductor(app):
    offending = []
    for module, targets in GRAPH.items():
        if app_of(module) != app or is_entry_point(module):
            continue
        if module.startswith(CONDUCTOR):
            continue
        for target in targets:
            other = app_of(target)
            if target.startswith(CONDUCTOR):
                offending.append(f"{module} -> {target}")
            elif other and other != app:
                if target.rpartition(".")[2] not in READ_MODULES:
                    offending.append(f"{module} -> {target}")

    assert offending == []


def test_only_the_conductor_records_the_steps_of_an_artisans_order():
    writers = sorted(
        module
        for module, path in MODULES.items()
        if "record_step" in path.read_text()
        and module not in {"vendors.actions", "vendors.actions.orders"}
    )

    assert writers == ["vendors.lifecycle.conductor"]
