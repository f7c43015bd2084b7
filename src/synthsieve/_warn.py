"""synthsieve's warning classes, and warnings that point at the user's line.

A warning raised deep inside a fit would otherwise point at imbalanced-learn's
or scikit-learn's ``fit_resample`` wrapper; `warn` counts the frames up to the
first one outside these libraries, however the call got there.
"""

from __future__ import annotations

import os
import sys
import warnings

__all__ = ["ShortfallWarning", "SynthsieveWarning", "warn"]


class SynthsieveWarning(UserWarning):
    """Base class of every warning synthsieve emits."""


class ShortfallWarning(SynthsieveWarning):
    """A sampler could not accept as many rows as `sampling_strategy` asked."""


_LIBRARIES = ("synthsieve", "imblearn", "sklearn", "sklearn_compat", "joblib")


def _library_dirs() -> tuple:
    dirs = []
    for name in _LIBRARIES:
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if path:
            dirs.append(os.path.dirname(os.path.abspath(path)) + os.sep)
    return tuple(dirs)


def user_stacklevel() -> int:
    """The `stacklevel` of ``warnings.warn`` called from `warn` that names the
    first frame outside synthsieve, imbalanced-learn, scikit-learn and joblib."""
    dirs = _library_dirs()
    frame = sys._getframe(2)  # the caller of warn
    level = 2
    while frame is not None:
        path = os.path.abspath(frame.f_code.co_filename)
        if not path.startswith(dirs) and not frame.f_code.co_filename.startswith(
            "<frozen"
        ):
            return level
        frame = frame.f_back
        level += 1
    return 2


def warn(message, category=UserWarning) -> None:
    """``warnings.warn`` pointing at the user's code."""
    warnings.warn(message, category, stacklevel=user_stacklevel())
