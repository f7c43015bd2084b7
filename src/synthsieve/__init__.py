"""synthsieve: honest oversampling for imbalanced learning.

Wrap any oversampler, reject the synthetic rows a classifier could detect or that
break the data's domain, and audit what is left.
"""

from ._datasets import load_hiva
from ._utils import ShortfallWarning, SynthsieveWarning

__version__ = "0.1.0"

__all__ = [
    "ShortfallWarning",
    "SynthsieveWarning",
    "load_hiva",
    "__version__",
]
