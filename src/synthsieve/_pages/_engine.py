"""Rendering of the page templates, tables as data and figures as base64 PNGs."""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .._version import __version__

__all__ = ["anchor", "figure", "have_matplotlib", "render_page", "table"]

#: What an empty or missing value shows in a table cell.
MISSING = "–"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("synthsieve._pages", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["fmt"] = format  # {{ 0.1234 | fmt(".1%") }} -> 12.3%
    return env


def anchor(prefix: str, text: str) -> str:
    """An HTML id: `prefix`, a dash, then `text` with every non-alphanumeric
    character turned into a dash.

    Parameters
    ----------
    prefix : str
        What the anchored section is (``"class"``, ``"counts"``, ...).
    text : str
        What tells sections apart, a class label as written for instance.

    Returns
    -------
    str

    Examples
    --------
    >>> from synthsieve._pages import anchor
    >>> anchor("class", "page 2")
    'class-page-2'
    """
    return f"{prefix}-" + "".join(ch if ch.isalnum() else "-" for ch in text)


def have_matplotlib() -> bool:
    """Whether matplotlib can be imported (figures are drawn only then)."""
    try:
        from matplotlib.figure import Figure  # noqa: F401
    except ImportError:
        return False
    return True


def render_page(template: str, context: dict, path=None) -> str:
    """Render the page `template` with `context`; write it to `path` when given.

    Parameters
    ----------
    template : str
        File name under ``synthsieve/_pages/templates``.
    context : dict
        The template's variables; ``version`` and ``figures`` (whether matplotlib
        is there) are added unless given.
    path : str or path-like, default=None
        Also write the page there (UTF-8).

    Returns
    -------
    str
        The HTML text.
    """
    ctx = {"version": __version__, "figures": have_matplotlib(), **context}
    text = _environment().get_template(template).render(**ctx)
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text


def _cell(value, digits: int) -> str:
    if value is None:
        return MISSING
    if isinstance(value, (float, np.floating)):
        return MISSING if np.isnan(value) else f"{value:.{digits}f}"
    try:
        if pd.isna(value):
            return MISSING
    except (TypeError, ValueError):
        pass
    return str(value)


def _label(value) -> str:
    if isinstance(value, tuple):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def table(frame, *, digits: int = 3, index: bool = True) -> dict | None:
    """A DataFrame as template data: header names and rows of formatted cells.

    Parameters
    ----------
    frame : DataFrame or None
        The table; None or an empty frame gives None ("nothing to show").
    digits : int, default=3
        Decimals of float cells; missing values show as a dash.
    index : bool, default=True
        Show the index (one column per level) before the columns.

    Returns
    -------
    dict or None
        ``{"header": [str], "rows": [[str]], "n_index": int}``.

    Examples
    --------
    >>> import pandas as pd
    >>> from synthsieve._pages import table
    >>> table(pd.DataFrame({"auc": [0.51234, None]}, index=["a", "b"]))
    {'header': ['', 'auc'], 'rows': [['a', '0.512'], ['b', '–']], 'n_index': 1}
    """
    if frame is None or len(frame) == 0:
        return None
    header = [_label(c) for c in frame.columns]
    values = frame.to_numpy(dtype=object)
    rows = [[_cell(v, digits) for v in row] for row in values]
    n_index = 0
    if index:
        n_index = frame.index.nlevels
        names = [_label(n) for n in frame.index.names]
        header = names + header
        keys = frame.index.tolist()
        if n_index == 1:
            keys = [(k,) for k in keys]
        rows = [[_cell(k, digits) for k in key] + row for key, row in zip(keys, rows)]
    return {"header": header, "rows": rows, "n_index": n_index}


def figure(draw, obj, caption: str = "", size=(5.4, 3.7), **kwargs) -> dict | None:
    """``draw(obj, ax=ax, **kwargs)`` as an embeddable base64 PNG.

    Parameters
    ----------
    draw : callable
        A plotting function taking ``ax=`` (those of :mod:`synthsieve.plotting`).
    obj : object
        The result object to draw.
    caption : str, default=""
        Caption under the figure; also its alt text when the axes have no title.
    size : tuple of float, default=(5.4, 3.7)
        Figure size in inches (100 dpi).
    **kwargs
        Passed to `draw` (``label=`` for instance).

    Returns
    -------
    dict or None
        ``{"src": data URI, "alt": str, "caption": str}``; None without
        matplotlib or when `draw` has nothing to show.
    """
    if not have_matplotlib():
        return None
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, dpi=100, layout="constrained")
    ax = fig.subplots()
    try:
        draw(obj, ax=ax, **kwargs)
    except (ValueError, KeyError, IndexError):
        return None
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return {
        "src": f"data:image/png;base64,{data}",
        "alt": ax.get_title() or caption,
        "caption": caption,
    }
