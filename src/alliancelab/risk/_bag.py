"""A bag of gradient-boosted models: the mean of their raw scores (log-odds).

Kept apart from :mod:`.model` so that importing :mod:`alliancelab.risk` does not import
scikit-learn (the class is needed only to fit a bag or to load one).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin


class BaggedGBM(ClassifierMixin, BaseEstimator):
    """The mean raw score (log-odds) of several fitted GBMs (scikit-learn classifier API).

    ``decision_function`` averages the members' log-odds; ``predict_proba`` is its
    logistic transform (uncalibrated, as a single GBM's is). Calibration is applied on top
    (:func:`alliancelab.risk.model.fit`). Breiman (1996), "Bagging predictors", *Machine
    Learning* 24: 123-140.
    """

    def __init__(self, members: tuple[Any, ...] = ()) -> None:
        self.members = members

    def __sklearn_is_fitted__(self) -> bool:
        return len(self.members) > 0

    @property
    def classes_(self) -> np.ndarray:
        """The members' classes (0, 1)."""
        return np.asarray(self.members[0].classes_)

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> BaggedGBM:
        """Not supported: a bag is built from fitted members (each on its own subsample)."""
        raise NotImplementedError("BaggedGBM is built from fitted members, not fitted")

    def decision_function(self, X: Any) -> np.ndarray:
        """Mean of the members' log-odds."""
        s = np.zeros(len(X), dtype=np.float64)
        for m in self.members:
            s += np.asarray(m.decision_function(X), dtype=np.float64)
        return s / len(self.members)

    def predict_proba(self, X: Any) -> np.ndarray:
        """Logistic transform of :meth:`decision_function` (columns: classes 0, 1)."""
        p = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - p, p])

    def predict(self, X: Any) -> np.ndarray:
        """The class of the higher uncalibrated probability."""
        return np.asarray(self.classes_)[(self.decision_function(X) > 0).astype(int)]
