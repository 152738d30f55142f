"""The public surface is small and explicit, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import alliancelab

EXPECTED = {
    "add_atop_alliance",
    "add_atop_provisions",
    "add_capability_ratio",
    "add_contiguity",
    "add_cow_alliance",
    "add_cow_majors",
    "add_cow_mids",
    "add_nmc",
    "add_peace_years",
    "add_pooled_capability",
    "add_similarity",
    "add_sipri_milex",
    "add_third_party_alliances",
    "create_dyad_years",
    "create_kad_years",
    "create_state_years",
    "filter_prd",
    "add_arms_races",
    "add_capital_distance",
    "add_ccode_to_gw",
    "add_cow_wars",
    "add_democracy",
    "add_gml_mids",
    "add_gwcode_to_cow",
    "add_latent_territorial_threat",
    "add_minimum_distance",
    "add_sim_gdp_pop",
    "add_spells",
    "add_strategic_rivalries",
    "panel_info",
    "panels",
    "policy",
    "risk",
    "scenario",
    "AllianceLabError",
    "CoverageError",
    "DataFormatError",
    "Snapshot",
    "StabilityPanel",
    "UnknownAllianceError",
    "UnknownRegionError",
    "UnknownSourceError",
    "UnknownStateError",
    "__version__",
    "alliance_members",
    "cite",
    "measures",
    "replicate",
    "run_sweep",
    "snapshot",
    "snapshot_from_ties",
    "stability_panel",
    "system_members",
    "versions",
}


def test_all_is_locked() -> None:
    assert set(alliancelab.__all__) == EXPECTED
    for name in alliancelab.__all__:
        assert hasattr(alliancelab, name), name


def test_risk_all() -> None:
    assert {"fit_store", "predict_store", "region_year_risk", "YearBlockSplit", "load"} <= set(
        alliancelab.risk.__all__
    )
    # the entry points policy and the web dashboard call (docs/risk.md)
    assert {"predict_snapshot", "snapshot_features", "load_default", "STRUCTURAL"} <= set(
        alliancelab.risk.__all__
    )


def test_measures_all() -> None:
    assert set(alliancelab.measures.__all__) == {
        "HONOUR_RATES",
        "PARITY_BAND",
        "POLE_THRESHOLD",
        "alliance_blocs",
        "balance",
        "bloc_structure",
        "capability_shares",
        "con",
        "concentration",
        "defense_density",
        "dependency",
        "deterrence",
        "entanglement",
        "free_riding",
        "frustration_index",
        "honour_probabilities",
        "kappa_matrix",
        "layer_network",
        "min_deterrence",
        "parity_rivalries",
        "pi_matrix",
        "polarity",
        "polarization_index",
        "pooled_capability",
        "portfolio_matrix",
        "rival_parity",
        "s_matrix",
        "s_score",
        "signed_blocs",
        "signed_matrix",
        "similarity_dyads",
        "spearman",
        "system_polarity",
        "taub_matrix",
        "war_participation",
        # h5 (issue 10): the indicator registry and frame-returning measures
        "INDICATORS",
        "Indicator",
        "alliance_dependency",
        "evaluate_indicators",
        "frustration",
        "war_exposure",
    }


def test_import_does_not_pull_cli_or_plot_libraries() -> None:
    code = (
        "import sys, alliancelab; "
        "bad = [m for m in ('typer', 'rich', 'matplotlib', 'fastapi', 'uvicorn', 'starlette', "
        "'alliancelab.web', 'dask', 'numba') "
        "if m in sys.modules]; "
        "print(','.join(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_every_public_name_resolves_lazily_and_unknown_names_fail() -> None:
    code = (
        "import sys, alliancelab; "
        "from alliancelab import panels; "
        "assert 'alliancelab.models' not in sys.modules; "
        "assert 'alliancelab.stability' not in sys.modules; "
        "import alliancelab.measures; "
        "assert callable(alliancelab.snapshot); "
        "[getattr(alliancelab, n) for n in alliancelab.__all__]; "
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr
    try:
        alliancelab.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("unknown attribute did not raise")


def test_importtime_sees_the_lazily_loaded_submodules() -> None:
    # ``python -X importtime`` logs only imports made through the import statement's
    # machinery; a lazy name must load its module that way, or the module vanishes from
    # the report and its imports show up at the top level as if nobody had asked for them
    code = "import alliancelab; alliancelab.create_dyad_years; alliancelab.panels"
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True
    ).stderr
    rows = [ln.split("|") for ln in err.splitlines() if ln.startswith("import time:")]
    names = [r[2][1:].rstrip() for r in rows if len(r) == 3]  # "| name", indented by depth
    panels = [n for n in names if n.strip() == "alliancelab.panels"]
    assert panels == ["alliancelab.panels"], panels  # logged once, as a top-level import
    # every module the package loaded is in the log, nested under alliancelab.panels
    start = names.index("alliancelab") + 1  # children are logged before their parent
    end = names.index("alliancelab.panels")
    nested = [n for n in names[start:end] if n.strip().startswith("alliancelab.")]
    assert nested and all(n.startswith("  ") for n in nested), nested
    assert "  alliancelab.panels.create" in names[start:end]


def test_import_is_light_and_leaves_global_state_alone() -> None:
    code = (
        "import gc, sys, alliancelab; "
        "bad = [m for m in ('pandas', 'numpy', 'duckdb', 'pyarrow', 'networkx') "
        "if m in sys.modules]; "
        "print(','.join(bad), gc.isenabled(), gc.get_freeze_count())"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "0"]  # nothing heavy loaded, the GC on and unfrozen


def test_snapshot_stays_the_function_whichever_module_imports_it_first() -> None:
    code = (
        "import alliancelab, alliancelab.measures; "  # measures imports alliancelab.snapshot
        "from alliancelab.snapshot import Snapshot; "
        "import alliancelab.snapshot; "
        "s = alliancelab.snapshot(1914, 'europe'); "
        "assert isinstance(s, Snapshot) and isinstance(s, alliancelab.Snapshot); "
        "from alliancelab import snapshot; assert snapshot is alliancelab.snapshot; "
        "print('ok')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.strip() == "ok", out.stderr


def test_snapshot_takes_a_year_or_a_date() -> None:
    import datetime as dt

    import alliancelab
    from alliancelab.snapshot import TieConditions

    s = alliancelab.snapshot("1914-07-28", "europe")
    assert s.date == dt.date(1914, 7, 28) and s.year == 1914
    assert alliancelab.snapshot(1914, "europe").date is None
    assert all(isinstance(s.conditions(t), TieConditions) for t in range(len(s.tie_alliance)))
    assert len(alliancelab.alliance_members("1914-07-28")) > 0


def test_reference_loaders() -> None:
    from alliancelab import reference

    assert {
        "load_states",
        "load_alliances",
        "load_alliance_members",
        "load_capabilities",
        "load_rivalries",
        "load_contiguity",
        "contiguity",
        "CONTIGUITY_TYPES",
        "read_table",
    } <= set(reference.__all__)
