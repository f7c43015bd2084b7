"""Sphinx configuration of the synthsieve documentation.

Build it, warnings as errors, from the repository root with::

    python3 -m pip install -e ".[docs]"
    python3 -m sphinx -W --keep-going -b html docs docs/_build/html

sphinx-gallery runs every ``examples/plot_*.py`` script during the build, so a
successful build means every example ran.
"""

import os
import re
import sys
from pathlib import Path

import synthsieve

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # for gallery_hooks

os.environ.setdefault("MPLBACKEND", "Agg")

project = "synthsieve"
author = "synthsieve developers"
copyright = "synthsieve developers"
version = release = synthsieve.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_parser",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
exclude_patterns = [
    "_build",
    "_templates",
    "auto_examples/*.ipynb",
    "auto_examples/*.py",
    "auto_examples/*.zip",
    "auto_examples/*.json",
    "auto_examples/*.md5",
    "auto_examples/*.pickle",
]
templates_path = ["_templates"]
# `name` in a docstring (numpydoc's way to name a parameter) renders as code
default_role = "literal"

# The committed example report (made by examples/plot_html_report.py) and its
# screenshot are copied to the root of the site as they are.
html_extra_path = ["report-example.html", "report-example.png"]

# -- autodoc, autosummary, numpydoc ----------------------------------------
autosummary_generate = True
autodoc_default_options = {
    "members": True,
    "inherited-members": True,
    "undoc-members": True,
}
autodoc_typehints = "none"  # the numpydoc type lines say it
autodoc_member_order = "groupwise"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_attributes_as_param_list = True
# The build runs offline (no intersphinx), so references to other projects
# cannot resolve; they are ignored when ``-n`` (nitpicky) looks for broken
# references to synthsieve's own objects.
nitpick_ignore_regex = [
    (r"py:.*", r"(sklearn|imblearn|numpy|pandas|scipy|joblib|torch|matplotlib)\..*")
]

# -- MyST (the Markdown pages) ---------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- sphinx-gallery --------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "doc_module": ("synthsieve",),
    "backreferences_dir": "generated/backreferences",
    # the HTML report example writes into the build folder, not into docs/
    "reset_argv": "gallery_hooks.reset_argv",
    "download_all_examples": False,
    "remove_config_comments": True,
    "min_reported_time": 0,
    "matplotlib_animations": False,
}

# -- HTML ------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"synthsieve {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "secondary_sidebar_items": ["page-toc"],
}
html_show_sourcelink = False


# -- hooks -----------------------------------------------------------------
# Inherited scikit-learn members are documented on our estimators' pages, but
# without intersphinx (the build works offline) their cross-references to
# scikit-learn's own labels and glossary cannot resolve. Their metadata-routing
# plumbing is left out, and the references in the other inherited docstrings
# are shown as plain text.
_FOREIGN_REF = re.compile(r":(?:ref|term):`(?:([^`<]*?)\s*<[^`>]*>|([^`]*))`")


def _skip_routing(app, what, name, obj, skip, options):
    if name == "get_metadata_routing" or re.fullmatch(r"set_\w+_request", name):
        return True
    return None


def _plain_foreign_refs(app, what, name, obj, options, lines):
    module = getattr(obj, "__module__", "") or ""
    if module.split(".")[0] in ("sklearn", "imblearn"):
        lines[:] = [
            _FOREIGN_REF.sub(lambda m: m.group(1) or m.group(2), line) for line in lines
        ]


# The benchmark pages are whatever docs/benchmarks*.md and docs/*-evidence.md
# exist (other scripts write them). Sphinx warns, with no warning type to
# suppress, when a toctree glob matches nothing, so a glob line of the index
# that matches no page is dropped before the index is parsed.
_BENCHMARK_GLOBS = ("benchmarks*", "*-evidence")


def _drop_empty_globs(app, docname, source):
    if docname != root_doc:
        return
    for pattern in _BENCHMARK_GLOBS:
        if not any(HERE.glob(f"{pattern}.md")):
            source[0] = source[0].replace(f"\n{pattern}\n", "\n")


def setup(app):
    app.connect("autodoc-skip-member", _skip_routing)
    app.connect("autodoc-process-docstring", _plain_foreign_refs)
    app.connect("source-read", _drop_empty_globs)
