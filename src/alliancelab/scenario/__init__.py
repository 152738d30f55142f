"""What-if scenarios: edit a snapshot (join, leave, dissolve, create, capability, rivalry),
then compare measures and model outputs between the baseline and the edited system.

A scenario is a TOML file (schema in ``docs/scenarios.md``)::

    [scenario]
    name = "sweden-2023"
    title = "Sweden joins NATO a year early"

    [base]
    year = 2023
    region = "europe"

    [[edits]]
    type = "join"
    state = "Sweden"
    alliance = "nato"

    [run]
    measures = ["min_deterrence", "expected_war_size"]

    [models.escalation]
    challenger = "Russia"
    target = "Estonia"

:func:`load` reads and checks a file (errors name the file, line and key),
:func:`apply` returns a new :class:`~alliancelab.snapshot.Snapshot` with the edits made
(the input is never changed), and :func:`run` computes every requested measure and model
output for the baseline and the scenario, with 95% Monte Carlo intervals where a quantity
is stochastic. :func:`alliancelab.reports.scenario_outputs.write_outputs` saves the frames
and an HTML report atomically.

The package has three parts: :mod:`.edits` (edits and :func:`apply`), :mod:`.files`
(scenario files and the bundled case studies) and :mod:`.run` (:func:`run` and its
result). The region measures a scenario compares (:data:`MEASURES`) are read from the
one indicator registry, :mod:`alliancelab.measures.indicators` (formulas and sources in
``docs/measures.md``), so a scenario's baseline shows the numbers of the stability panel
and the brief; models come from
:data:`alliancelab.models.MODELS` (escalation cascade: Christensen & Snyder 1990 with
honour rates fitted on the COW wars, pledge-keeping
Berkemeier & Fuhrmann 2018; crisis bargaining: Fearon 1995; arms race:
Richardson 1960; alliance transition: Organski & Kugler 1980, Kim 1991).
"""

from ..codes import resolve_state
from ..errors import ScenarioError
from ._store_base import accession_base
from .edits import EDIT_TYPES, Edit, apply, describe_edits, parse_edit
from .files import MODELS, Scenario, bundled, bundled_path, load, loads
from .run import MEASURES, MODEL_OUTPUTS, RESULT_COLUMNS, ScenarioResult, run

__all__ = [
    "EDIT_TYPES",
    "MEASURES",
    "MODELS",
    "MODEL_OUTPUTS",
    "RESULT_COLUMNS",
    "Edit",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "accession_base",
    "apply",
    "bundled",
    "bundled_path",
    "describe_edits",
    "load",
    "loads",
    "parse_edit",
    "resolve_state",
    "run",
]
