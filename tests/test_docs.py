"""The documentation sources stay in step with the package and the README."""

import re
from pathlib import Path

import pytest

import synthsieve
import synthsieve.classifiers
import synthsieve.generators
import synthsieve.plotting

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _api_names() -> set:
    """Names listed under an ``autosummary`` directive of docs/api.rst."""
    text = (DOCS / "api.rst").read_text(encoding="utf-8")
    return set(re.findall(r"^   ([A-Za-z_]\w*)$", text, flags=re.MULTILINE))


@pytest.mark.parametrize(
    "module",
    [synthsieve, synthsieve.classifiers, synthsieve.generators, synthsieve.plotting],
)
def test_api_reference_lists_every_public_name(module):
    public = {name for name in module.__all__ if name != "__version__"}
    missing = sorted(public - _api_names())
    assert not missing, f"add {missing} to an autosummary list in docs/api.rst"


def _first_code_block(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return re.search(r"```bash\n(.*?)```", text, flags=re.DOTALL).group(1)


def test_getting_started_shows_the_readme_commands():
    readme = _first_code_block(ROOT / "README.md")
    assert readme.count("\n") == 2
    assert readme in _first_code_block(DOCS / "getting-started.md")


def test_every_example_is_a_gallery_script():
    examples = sorted((ROOT / "examples").glob("*.py"))
    assert examples
    for path in examples:
        assert path.name.startswith("plot_"), f"{path.name}: sphinx-gallery runs plot_*"
        text = path.read_text(encoding="utf-8")
        assert text.startswith('"""\n'), f"{path.name}: needs a title docstring"
        assert "\n# %%\n" in text, f"{path.name}: needs # %% cells"


@pytest.mark.slow
def test_readme_example_runs(capsys):
    """The README's Python example runs as written (it once read ``report_``
    after ``fit``, which does not resample in imbalanced-learn)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"## One example\n\n```python\n(.*?)```", text, re.DOTALL)
    assert code, "README has no '## One example' Python block"
    namespace: dict = {}
    exec(compile(code.group(1), "README.md", "exec"), namespace)
    out = capsys.readouterr().out
    assert "FilteredOverSampler report" in out
    assert "Hold-out audit of SMOTE" in out
    assert len(namespace["X_res"]) > len(namespace["X"])


# --------------------------------------------------------------------------- #
# The guide apart from the evidence
# --------------------------------------------------------------------------- #


def _toctree(caption: str) -> list[str]:
    """The pages of the toctree with `caption` in docs/index.md."""
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    block = re.search(
        r"```\{toctree\}\n(?::[^\n]*\n)*?:caption: " + re.escape(caption) + r"\n"
        r"(?::[^\n]*\n)*\n(.*?)```",
        text,
        flags=re.DOTALL,
    )
    assert block, f"no toctree captioned {caption!r} in docs/index.md"
    return block.group(1).split()


def _evidence_pages() -> list[Path]:
    pages = sorted(DOCS.glob("benchmarks*.md")) + sorted(DOCS.glob("*-evidence.md"))
    assert pages
    return pages


#: Words that tell a page's history ("at an earlier commit", "since the
#: restructuring"): the guide says what the package does; the evidence pages,
#: how and when each figure was measured.
HISTORY = re.compile(
    r"\b(at (an )?earlier commit|at commit|since the|the earlier|used to|"
    r"no longer|restructuring|has since|were not rerun)\b",
    flags=re.IGNORECASE,
)


@pytest.mark.parametrize("page", _toctree("User guide"))
def test_guide_pages_tell_no_history(page):
    text = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    found = [m.group(0) for m in HISTORY.finditer(text)]
    assert not found, f"docs/{page}.md tells history: {found}"


def test_the_evidence_index_lists_every_evidence_page_with_its_command():
    index = (DOCS / "evidence.md").read_text(encoding="utf-8")
    rows = {
        m.group(1): line
        for line in index.splitlines()
        for m in [re.match(r"\| \{doc\}`([\w-]+)` \|", line)]
        if m
    }
    for path in _evidence_pages():
        assert path.stem in rows, f"docs/evidence.md does not list {path.name}"
        assert "python benchmarks/" in rows[path.stem], f"{path.stem}: no command"
    assert "evidence" in _toctree("Benchmarks and evidence")
    guide = set(_toctree("User guide"))
    assert not guide & {p.stem for p in _evidence_pages()}


@pytest.mark.parametrize("path", _evidence_pages(), ids=lambda p: p.name)
def test_no_tiny_evidence_page(path):
    """A page of a few lines belongs on the page it supports."""
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    assert len(lines) >= 20, f"{path.name}: {len(lines)} lines; merge it"
