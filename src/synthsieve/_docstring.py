"""Parameter text shared by several docstrings, written once.

A docstring holds ``%(name)s`` where a shared text belongs; the
:class:`Substitution` decorator puts the text in (as imbalanced-learn does with
its own ``Substitution``).
"""

from __future__ import annotations

import textwrap

__all__ = ["Substitution", "SHARED", "epoch_verbose"]

#: The shared texts, without their indentation (added where they go).
SHARED = {
    "sampling_strategy": """\
sampling_strategy : float, str, dict or callable, default="auto"
    How many rows each class should have after resampling, in any form that
    imbalanced-learn's over-samplers accept: a float (binary problems only),
    "minority", "not minority", "not majority", "all", "auto", a dict
    ``{class: n_rows}`` or a callable ``y -> dict``.""",
    "random_state": """\
random_state : int, RandomState instance or None, default=None
    Seeds every random choice; an int makes the output reproducible.""",
    "n_jobs": """\
n_jobs : int, default=None
    Parallel jobs (joblib); None means 1 unless in a joblib context, -1 all
    processors. The result does not depend on it.""",
    "verbose": """\
verbose : int, default=0
    Log progress (and show a progress bar) when above 0.""",
    "device": """\
device : {"auto", "cpu", "cuda"}, default="auto"
    Where to train. "auto" uses CUDA when ``torch.cuda.is_available()`` and
    the CPU otherwise; "cuda" on a machine without CUDA warns with a
    :class:`~synthsieve.DeviceWarning` and uses the CPU.""",
}


def epoch_verbose(logger_name: str, what: str = "loss") -> str:
    """The `verbose` text of an estimator trained in epochs, naming its logger."""
    body = textwrap.fill(
        "0 is silent; 1 or more shows a progress bar over epochs and logs each "
        f"epoch's {what} at INFO level on the ``{logger_name}`` logger.",
        width=75,
    )
    return "verbose : int, default=0\n" + textwrap.indent(body, "    ")


class Substitution:
    """Decorator putting the `SHARED` texts (or the given ones) in for their
    ``%(name)s`` placeholders, indented like the placeholder.

    Examples
    --------
    >>> from synthsieve._docstring import Substitution
    >>> @Substitution(seed="seed : int\\n    The seed.")
    ... def f(seed):
    ...     '''Do it.
    ...
    ...     Parameters
    ...     ----------
    ...     %(seed)s
    ...     '''
    >>> print(f.__doc__.splitlines()[4])
        seed : int
    """

    def __init__(self, **texts):
        self.texts = {**SHARED, **texts}

    def __call__(self, obj):
        doc = obj.__doc__
        if doc:
            lines = []
            for line in doc.splitlines():
                stripped = line.strip()
                key = stripped[2:-2] if stripped.startswith("%(") else None
                if key and stripped.endswith(")s") and key in self.texts:
                    indent = line[: len(line) - len(line.lstrip())]
                    lines.append(textwrap.indent(self.texts[key], indent))
                else:
                    lines.append(line)
            obj.__doc__ = "\n".join(lines)
        return obj
