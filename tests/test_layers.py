"""Apps import downwards only (README, "Architecture"): a test that fails when an import
runs the other way, or hides inside a function."""

import ast

from django.conf import settings

ROOT = settings.BASE_DIR

# Top first. A module may import its own package and any layer below its own.
LAYERS = [
    "kkintegration",  # settings, urls, wsgi: the wiring
    "committees.site",  # the public plan site, the loader, the Bilag workbook
    "indicators",
    "activities",
    "budgets",
    "goals",
    "committees",
    "kkintegration.common",  # shared helpers: formatting, cache, http, xlsx, tables
]
# Inside indicators: the entry workflow and the barometer never import each other, and
# the indicator definitions (models, signals, demo values) import neither.
INDICATOR_PARTS = {"indicators.entry", "indicators.barometer"}
INDICATOR_TOP = {"indicators.admin", "indicators.urls", "indicators.context_processors"}


def layer_of(module):
    matches = [name for name in LAYERS if module == name or module.startswith(name + ".")]
    return max(matches, key=len) if matches else None


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] not in {p.split(".")[0] for p in LAYERS} or "migrations" in rel.parts:
            continue
        module = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
        yield module, path


def imports_of(module, path):
    """(imported module, line, inside a function) for every import of `path`."""
    tree = ast.parse(path.read_text())
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    nested = {id(inner) for f in functions for inner in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            names = [base] if node.module else [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            yield name, node.lineno, id(node) in nested


def indicator_part(module):
    for part in INDICATOR_PARTS:
        if module == part or module.startswith(part + "."):
            return part
    return None


def violations():
    found = []
    for module, path in project_modules():
        own = layer_of(module)
        for imported, line, in_function in imports_of(module, path):
            theirs = layer_of(imported)
            if theirs is None:
                continue  # django, a library, the standard library
            where = f"{path.relative_to(ROOT)}:{line} imports {imported}"
            if in_function and not (path.name == "apps.py" and imported.endswith(".signals")):
                found.append(f"{where} inside a function")
            if theirs != own and LAYERS.index(theirs) < LAYERS.index(own):
                found.append(f"{where}: {own} may not import {theirs} (upwards)")
            if own == theirs == "indicators":
                mine, other = indicator_part(module), indicator_part(imported)
                if other and mine != other and module not in INDICATOR_TOP:
                    found.append(f"{where}: {mine or 'indicators'} may not import {other}")
    return found


def test_every_import_runs_downwards_and_at_the_top_of_its_module():
    assert violations() == []


def test_the_check_sees_an_upward_import(tmp_path, monkeypatch):
    """The check itself: a goals module importing indicators is reported."""
    fake = tmp_path / "goals"
    fake.mkdir()
    (fake / "bad.py").write_text("from indicators.models import Indicator\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert violations() == [
        "goals/bad.py:1 imports indicators.models: goals may not import indicators (upwards)"
    ]
