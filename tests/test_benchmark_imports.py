"""The benchmark scripts share code through benchmarks/_common.py and use
synthsieve's public names only (issue #27)."""

import ast
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(BENCH.glob("*.py"))


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """``(module, names)`` for every import of `path`, function bodies included."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, []) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            out.append((node.module or "", [a.name for a in node.names]))
    return out


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda p: p.name)
def test_benchmarks_import_public_synthsieve_names_only(path):
    bad = [
        f"{module} {names}"
        for module, names in _imports(path)
        if module.startswith("synthsieve.")
        or (module == "synthsieve" and any(n.startswith("_") for n in names))
    ]
    assert not bad, f"{path.name} imports private synthsieve names: {bad}"


@pytest.mark.parametrize(
    "path", [p for p in SCRIPTS if p.name != "speed.py"], ids=lambda p: p.name
)
def test_no_script_imports_the_speed_benchmark(path):
    assert "speed" not in [module for module, _ in _imports(path)]
