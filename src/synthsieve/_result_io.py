"""The shared I/O of result objects: text, JSON and one HTML page.

A result class writes ``summary``, ``to_dict``, ``from_dict`` and ``to_frame``;
:class:`ResultMixin` adds ``__str__``, ``to_json``, ``from_json`` and ``to_html``.
A class with its own page sets ``_html_template`` and overrides
``_html_context``; the others get the generic page (title, summary text and the
``to_frame()`` table).
"""

from __future__ import annotations

import json

import numpy as np

from ._pages import render_page, table

__all__ = ["ResultMixin", "jsonable", "label_text", "pick_class", "select_auditors"]


def jsonable(value):
    """`value` with numpy scalars turned into the matching Python scalar.

    Parameters
    ----------
    value : object
        A label, a count or any value headed for JSON.

    Returns
    -------
    object
        ``value.item()`` for a numpy scalar, else `value` unchanged.

    Examples
    --------
    >>> import numpy as np
    >>> from synthsieve._result_io import jsonable
    >>> jsonable(np.int64(3)), jsonable("a")
    (3, 'a')
    """
    if isinstance(value, np.generic):
        return value.item()
    return value


class ResultMixin:
    """Text, JSON and HTML for a result class.

    The class provides ``summary()``, ``to_dict()``, ``from_dict(d)`` and
    ``to_frame()``. For a dedicated page it sets ``_html_template`` (a template
    file of :mod:`synthsieve._pages`) and returns that template's variables from
    ``_html_context()``; otherwise it gets the generic page (title, summary and
    the ``to_frame()`` table).

    Examples
    --------
    >>> import pandas as pd
    >>> from synthsieve._result_io import ResultMixin
    >>> class Tally(ResultMixin):
    ...     def summary(self):
    ...         return "2 rows"
    ...     def to_frame(self):
    ...         return pd.DataFrame({"n": [1, 1]})
    ...     def to_dict(self):
    ...         return {"n": 2}
    >>> print(Tally())
    2 rows
    >>> Tally().to_json()
    '{"n": 2}'
    >>> '<h2 id="table">Table</h2>' in Tally().to_html()
    True
    """

    #: Template of the page; the generic one shows the summary and the table.
    _html_template = "generic.html.j2"

    def __str__(self) -> str:
        return self.summary()

    def _html_title(self) -> str:
        return f"synthsieve {type(self).__name__}"

    def _html_context(self) -> dict:
        """Variables of the page template: the generic page's by default."""
        return {
            "title": self._html_title(),
            "toc": [("summary", "Summary"), ("table", "Table")],
            "summary": self.summary(),
            "table": table(self.to_frame()),
        }

    def to_html(self, path=None) -> str:
        """One self-contained HTML page (figures embedded, no network, no JS).

        Parameters
        ----------
        path : str or path-like, default=None
            Also write the page there.

        Returns
        -------
        str
            The HTML text. Figures need matplotlib (``pip install
            "synthsieve[plot]"``); without it the page holds the tables only.
        """
        return render_page(self._html_template, self._html_context(), path)

    def to_json(self, path=None, **kwargs) -> str:
        """The result as JSON text; :meth:`from_json` reads it back.

        Parameters
        ----------
        path : str or path-like, default=None
            Also write the text there.
        **kwargs
            Passed to :func:`json.dumps` (``indent=2`` for instance).

        Returns
        -------
        str
            The JSON text of ``to_dict()``.
        """
        text = json.dumps(self.to_dict(), **kwargs)
        if path is not None:
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(text)
        return text

    @classmethod
    def from_json(cls, text_or_path):
        """Rebuild a result from JSON text or from the path of a JSON file.

        Parameters
        ----------
        text_or_path : str or path-like
            JSON text (starting with ``{``) or the path of a file holding it.

        Returns
        -------
        object
            An instance of the class, through ``from_dict``.
        """
        text = str(text_or_path)
        if not text.lstrip().startswith("{"):
            with open(text_or_path, encoding="utf-8") as fh:
                text = fh.read()
        return cls.from_dict(json.loads(text))


def label_text(label) -> str:
    """A class label as people write it: ``1`` rather than ``np.int64(1)``.

    Parameters
    ----------
    label : object
        A class label.

    Returns
    -------
    str

    Examples
    --------
    >>> import numpy as np
    >>> from synthsieve._result_io import label_text
    >>> label_text(np.int64(1))
    '1'
    """
    return str(jsonable(label))


def pick_class(mapping: dict, label, what: str):
    """The ``(key, entry)`` of class `label` in `mapping` (the first when None).

    Parameters
    ----------
    mapping : dict
        Class label to entry.
    label : object or None
        The class wanted, matched by value or as written (``1`` finds
        ``np.int64(1)``).
    what : str
        What `mapping` belongs to, named in the error message.

    Returns
    -------
    tuple
        The matching key and entry.
    """
    if not mapping:
        raise ValueError(f"The {what} holds no class.")
    if label is None:
        return next(iter(mapping.items()))
    for key, value in mapping.items():
        if key == label or label_text(key) == label_text(label):
            return key, value
    names = ", ".join(label_text(k) for k in mapping)
    raise ValueError(f"Class {label!r} is not in the {what}; its classes: {names}.")


def select_auditors(names, auditor) -> list:
    """The auditor names to show: all of `names`, or those in `auditor`.

    Parameters
    ----------
    names : iterable of str
        The auditors a result holds.
    auditor : str, list of str or None
        The ones asked for; None keeps all.

    Returns
    -------
    list of str
    """
    names = list(names)
    if auditor is None:
        return names
    wanted = [auditor] if isinstance(auditor, str) else list(auditor)
    missing = [a for a in wanted if a not in names]
    if missing:
        raise ValueError(
            f"Auditor(s) {missing} not in this result; its auditors: {names}."
        )
    return wanted
