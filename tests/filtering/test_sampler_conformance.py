"""imbalanced-learn's own estimator checks on FilteredOverSampler."""

from imblearn.utils.estimator_checks import parametrize_with_checks

from synthsieve import FilteredOverSampler


@parametrize_with_checks(
    [
        FilteredOverSampler(detector="logreg", auditors=None, random_state=0),
        FilteredOverSampler(detector=None, rules=None, auditors=None, random_state=0),
    ]
)
def test_imblearn_estimator_checks(estimator, check):
    check(estimator)
