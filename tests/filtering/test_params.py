"""The filter's parameters are declared once (``filtering/_params.py``): the
constructor, the validation, the stages' settings and the docstring follow
that table."""

import inspect

from imblearn.over_sampling.base import BaseOverSampler

from synthsieve import FilteredOverSampler
from synthsieve.filtering._params import PARAMS, STAGE_PARAMS
from synthsieve.filtering._state import Settings


def test_init_signature_is_the_table():
    signature = inspect.signature(FilteredOverSampler.__init__).parameters
    own = {n: p.default for n, p in signature.items() if n not in ("self",)}
    own.pop("sampling_strategy")
    assert own == {name: p.default for name, p in PARAMS.items()}


def test_validation_and_settings_come_from_the_table():
    declared = FilteredOverSampler._parameter_constraints
    assert set(declared) == set(PARAMS) | set(BaseOverSampler._parameter_constraints)
    for name, p in PARAMS.items():
        assert FilteredOverSampler._parameter_constraints[name] is p.constraint
    fields = list(Settings.__dataclass_fields__)
    assert fields[: len(STAGE_PARAMS)] == list(STAGE_PARAMS)
    settings = Settings.of(FilteredOverSampler(cv=7, jitter=0.5))
    assert (settings.cv, settings.jitter) == (7, 0.5)


def test_every_parameter_is_documented():
    doc = FilteredOverSampler.__doc__
    for name in PARAMS:
        assert f"    {name} : " in doc, name


def test_docstring_names_the_constants_rather_than_their_values():
    doc = FilteredOverSampler.__doc__
    for value in ("20,000", "16.8 million", "1,000 rows"):
        assert value not in doc
    for name in ("CLASS_SEARCH_ROWS", "ROUND_CELLS", "REPORT_ROWS", "AUDIT_CV"):
        assert name in doc and isinstance(getattr(FilteredOverSampler, name), int)
