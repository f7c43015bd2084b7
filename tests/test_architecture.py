"""The package's shape: imports run one way, and docstrings carry no history.

The import graph is read with `ast` from the source files, function-local
imports included; importing ``a.b.c`` counts as importing the package ``a.b``
too (its ``__init__`` runs first).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "synthsieve"
PACKAGE = "synthsieve"


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in SRC.rglob("*.py")}


def _resolve(module: str, path: Path, level: int, name: str | None) -> str:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)] if level else []
    return ".".join(base + ([name] if name else []))


def _ancestors(name: str) -> list[str]:
    """The packages above `name` inside synthsieve, the root excluded."""
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(2, len(parts))]


def imports_of(module: str, path: Path, source: str, known) -> set[str]:
    """The modules of ours that `source` (module `module` at `path`) imports,
    function bodies included, with the packages above them."""
    deps = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = _resolve(module, path, node.level, node.module)
            subs = [f"{base}.{a.name}" for a in node.names]
            # ``from pkg import sub`` imports the module pkg.sub; any other
            # name is read from pkg itself, which must be initialised
            targets = subs if all(s in known for s in subs) else [base]
        else:
            continue
        for target in targets:
            if target not in known:
                continue  # not ours
            if target != module:
                deps.add(target)
            for parent in _ancestors(target):
                # the packages above a module we are inside are being
                # initialised already: that is how packages work
                inside = module == parent or module.startswith(parent + ".")
                if parent in known and not inside:
                    deps.add(parent)
    return deps


def import_graph() -> dict[str, set[str]]:
    known = _modules()
    return {
        module: imports_of(module, path, path.read_text(encoding="utf-8"), known)
        for module, path in known.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of modules, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node):
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_graph_sees_function_local_and_relative_imports():
    known = _modules()
    path = SRC / "report" / "_report.py"
    source = (
        "import numpy as np\n"
        "def build():\n"
        "    from ..filtering import _stages\n"  # function-local, relative
        "    from .. import plotting\n"
    )
    deps = imports_of("synthsieve.report._report", path, source, known)
    assert "synthsieve.filtering._stages" in deps
    assert "synthsieve.filtering" in deps  # its package's __init__ runs first
    assert "synthsieve.plotting" in deps
    assert not any(d.startswith("numpy") for d in deps)  # not ours
    # the real tree: filtering/_sampler.py imports the rules package
    assert "synthsieve.rules" in import_graph()["synthsieve.filtering._sampler"]


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


#: Packages below the sampler never import it (nor what sits above it).
LOWER = (
    "synthsieve._values",
    "synthsieve._input",
    "synthsieve._arguments",
    "synthsieve._tabular",
    "synthsieve._runtime",
    "synthsieve._seeds",
    "synthsieve._warn",
    "synthsieve._schema",
    "synthsieve._result_io",
    "synthsieve._pages",
    "synthsieve.plotting",
    "synthsieve.rules",
    "synthsieve.detectors",
    "synthsieve.audit",
    "synthsieve.report",
)
UPPER = ("synthsieve.filtering", "synthsieve.evaluation", "synthsieve.cli")


@pytest.mark.parametrize("lower", LOWER)
def test_lower_layers_do_not_import_upper_ones(lower):
    graph = import_graph()
    bad = sorted(
        f"{module} -> {dep}"
        for module, deps in graph.items()
        if module == lower or module.startswith(lower + ".")
        for dep in deps
        if any(dep == up or dep.startswith(up + ".") for up in UPPER) or dep == PACKAGE
    )
    assert not bad, bad


#: The shared helpers, by concern: the bottom layer, importing none of ours
#: but each other.
HELPERS = LOWER[:7]


@pytest.mark.parametrize("helper", HELPERS)
def test_shared_helpers_import_only_each_other(helper):
    outside = sorted(set(import_graph()[helper]) - set(HELPERS))
    assert not outside, f"{helper} imports {outside}"


def private_names_across_packages(module: str, path: Path, source: str, known):
    """``from <another subpackage>... import _name``: a private name of another
    subpackage (not a module) that `source` imports."""
    own = module.split(".")[:2]
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ImportFrom):
            continue
        base = node.module or ""
        if node.level:
            base = _resolve(module, path, node.level, node.module)
        if base.split(".")[0] != PACKAGE or len(base.split(".")) < 2:
            continue
        if base.split(".")[:2] == own:
            continue  # inside its own subpackage (or root module)
        for alias in node.names:
            if alias.name.startswith("__"):
                continue  # __version__ and the like
            if alias.name.startswith("_") and f"{base}.{alias.name}" not in known:
                out.append(f"{base}.{alias.name}")
    return out


def test_the_private_name_check_sees_relative_imports():
    known = _modules()
    path = SRC / "filtering" / "_sampler.py"
    source = "from ..audit._validation import _check_sampler\nfrom ._state import _x\n"
    found = private_names_across_packages(
        "synthsieve.filtering._sampler", path, source, known
    )
    assert found == ["synthsieve.audit._validation._check_sampler"]


def test_no_private_name_imported_from_another_package():
    """A helper that two subpackages need is shared by name (a root module such
    as ``_input.py``, or a package's exported function), not borrowed as
    another package's private ``_name``."""
    known = _modules()
    bad = [
        f"{module}: {name}"
        for module, path in known.items()
        for name in private_names_across_packages(
            module, path, path.read_text(encoding="utf-8"), known
        )
    ]
    assert not bad, bad


# --------------------------------------------------------------------------- #
# Docstrings without history
# --------------------------------------------------------------------------- #

#: Benchmark data sets (the shared ones and their families): figures measured
#: on them belong in docs/ pages, with the command that made them.
DATASETS = (
    "hiva",
    "pima",
    "wisconsin",
    "yeast",
    "page-blocks",
    "abalone",
    "kddcup",
    "winequality",
    "car-good",
    "car-vgood",
    "vehicle0",
    "glass1",
    "ecoli",
    "haberman",
    "new_thyroid",
    "poker-",
)
_DATASET = re.compile(r"\b(" + "|".join(re.escape(d) for d in DATASETS) + r")")
#: A commit named in prose: "commit 1aa89f2", "at 1aa89f2c...".
_COMMIT = re.compile(r"\bcommit\s+[0-9a-f]{7,40}\b|\b[0-9a-f]{40}\b")


def docstring_offences(source: str) -> list[str]:
    """Docstrings of `source` that name a benchmark data set or a commit."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(
            node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        ):
            continue
        doc = ast.get_docstring(node) or ""
        for pattern in (_DATASET, _COMMIT):
            for match in pattern.finditer(doc.lower()):
                name = getattr(node, "name", "<module>")
                out.append(f"{name}: {match.group(0)!r}")
    return out


def test_the_docstring_check_catches_history():
    bad = '''
def f(x):
    """Gap 0.070 -> 0.051 on pima (commit 1aa89f2)."""
'''
    assert docstring_offences(bad) == ["f: 'pima'", "f: 'commit 1aa89f2'"]
    assert docstring_offences('def g():\n    """Pick a pipeline."""\n') == []


@pytest.mark.parametrize(
    "path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC))
)
def test_docstrings_name_no_benchmark_data_set_or_commit(path):
    if path.name == "_datasets.py":
        pytest.skip("the loaders of the embedded data name it")
    offences = docstring_offences(path.read_text(encoding="utf-8"))
    assert not offences, f"{path.relative_to(SRC)}: {offences}"


# --------------------------------------------------------------------------- #
# Tests: shared fixtures are not repeated
# --------------------------------------------------------------------------- #

TESTS = Path(__file__).resolve().parent


def _fixtures(path: Path) -> set[str]:
    """Names of the functions of `path` decorated with ``pytest.fixture``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for dec in node.decorator_list:
                target = dec.func if isinstance(dec, ast.Call) else dec
                if ast.unparse(target) in ("pytest.fixture", "fixture"):
                    names.add(node.name)
    return names


@pytest.mark.parametrize(
    "path", sorted(TESTS.rglob("test_*.py")), ids=lambda p: str(p.relative_to(TESTS))
)
def test_no_test_module_repeats_a_conftest_fixture(path):
    shared = set()
    for folder in [path.parent, *path.parent.parents]:
        if folder == TESTS.parent:
            break
        if (folder / "conftest.py").is_file():
            shared |= _fixtures(folder / "conftest.py")
    repeated = sorted(_fixtures(path) & shared)
    assert not repeated, f"{path.name} repeats conftest fixtures {repeated}"
