"""Importers of the covariate files (store/_extra.py, store/_gml.py) on the real files
and on broken copies: every bad cell names file, row and field."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from alliancelab.errors import DataFormatError
from alliancelab.store import Store, import_source


def _bad_copy(src: Path, dst: Path, line: int, old: str, new: str) -> Path:
    text = gzip.decompress(src.read_bytes()).decode().splitlines()
    assert old in text[line - 1]
    text[line - 1] = text[line - 1].replace(old, new, 1)
    dst.write_text("\n".join(text) + "\n")
    return dst


def test_covariate_store_holds_every_source(covariates_store: Store) -> None:
    got = set(covariates_store.imports()["source"])
    want = {
        "gml_mid", "democracy", "gdp_pop", "capitals", "cow_mindist", "cow_war",
        "terrthreat", "arms_races", "gw_crosswalk", "powers", "tss_rivalries",
    }  # fmt: skip
    assert want <= got
    ver = covariates_store.versions("gml_mid")
    assert ver == ["2.2.1"]
    ddy = covariates_store.read("gml_mid", "ddydisps")
    assert len(ddy) == 9284
    assert len(covariates_store.read("cow_mindist", "mindist")) == 952244


def test_gml_folder_and_files_give_the_same_tables(
    shared_data: Path, tmp_path: Path, covariates_store: Store
) -> None:
    st = Store(tmp_path / "s.duckdb")
    rec = import_source("gml-mid", shared_data / "gml_mid/gml_mid_ddydisps.csv.gz", store=st)
    assert rec.rows == 9284 and rec.version == "2.2.1" and len(rec.tables) == 1
    folder = covariates_store.read("gml_mid", "ddydisps")
    assert st.read("gml_mid", "ddydisps").equals(folder)
    assert len(covariates_store.read("gml_mid", "dirdisps")) == 10276


def test_gml_without_dyad_year_file_is_refused(shared_data: Path, tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="gml_mid_ddydisps"):
        import_source(
            "gml-mid", shared_data / "gml_mid/gml_part.csv.gz", store=Store(tmp_path / "s.db")
        )


@pytest.mark.parametrize(
    ("source", "file", "line", "old", "new", "field"),
    [
        ("democracy", "cw_democracy.csv.gz", 3, ",6.0,", ",11.0,", "polity2"),
        ("gdp-pop", "cw_gdppop.csv.gz", 2, "2.0,1816.0", "2.0,18x6", "year"),
        ("capitals", "cow_capitals.csv.gz", 2, "1816-01-01", "1816-13-01", "stdate"),
        ("arms-races", "grh_arms_races.csv.gz", 2, "200.0,365.0", "200.0,999.0", "ccode2"),
        (
            "cow-war",
            "cow_war_inter.csv.gz",
            2,
            "1.0,1.0,1.0,2.0",
            "1.0,7.0,1.0,2.0",
            "cowinteronset",
        ),
    ],
)
def test_bad_cell_names_file_row_field(
    shared_data: Path, tmp_path: Path, source: str, file: str, line: int, old: str, new: str,
    field: str,
) -> None:  # fmt: skip
    bad = _bad_copy(
        shared_data / "extra" / file, tmp_path / file.removesuffix(".gz"), line, old, new
    )
    st = Store(tmp_path / "s.duckdb")
    with pytest.raises(DataFormatError) as err:
        import_source(source, bad, store=st)
    assert err.value.file == bad.name and err.value.row == line and err.value.field == field
    assert not st.path.exists() or source.replace("-", "_") not in set(st.imports()["source"])


def test_raw_cow_war_file_is_refused_with_a_hint(shared_data: Path, tmp_path: Path) -> None:
    with pytest.raises(DataFormatError, match="cow_war_inter"):
        import_source(
            "cow-war", shared_data / "cow_war/Inter-StateWarData_v4.0.csv",
            store=Store(tmp_path / "s.duckdb"),
        )  # fmt: skip


def test_gml_folder_without_gml_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("x")
    with pytest.raises(DataFormatError, match="no gml_"):
        import_source("gml-mid", tmp_path / "empty", store=Store(tmp_path / "s.duckdb"))


def test_reimport_is_unchanged_and_polity_minus_nine_is_a_score(
    shared_data: Path, tmp_path: Path
) -> None:
    st = Store(tmp_path / "s.duckdb")
    f = shared_data / "extra/cw_democracy.csv.gz"
    assert not import_source("democracy", f, store=st).unchanged
    assert import_source("democracy", f, store=st).unchanged
    dem = st.read("democracy", "democracy")
    assert (dem["polity2"] == -9).sum() > 0  # a Polity2 score, not a COW missing code
