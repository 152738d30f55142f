"""Hypothesis profiles of the scenario-loader property test (issue 13).

``scenario-dev`` (the default) and ``scenario-ci`` (``HYPOTHESIS_PROFILE=ci``) both use a
fixed seed (``derandomize=True``) and no example database, so a run is reproducible; CI
generates more files and prints the blob to reproduce a failure. The profiles are applied
by the test itself (``settings.get_profile``), not loaded globally, so no other test in
the session is affected.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

settings.register_profile(
    "scenario-dev",
    max_examples=2_000,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "scenario-ci",
    parent=settings.get_profile("scenario-dev"),
    max_examples=4_000,
    print_blob=True,
)
