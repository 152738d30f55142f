"""The error hierarchy and the source registry."""

from __future__ import annotations

import pytest

import alliancelab
from alliancelab import errors
from alliancelab.sources import SOURCES


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (errors.DataFormatError, ValueError),
        (errors.UnknownStateError, KeyError),
        (errors.UnknownRegionError, KeyError),
        (errors.UnknownSourceError, KeyError),
        (errors.UnknownAllianceError, KeyError),
        (errors.CoverageError, LookupError),
    ],
)
def test_each_error_is_an_alliancelab_error_and_its_builtin(cls: type, builtin: type) -> None:
    assert issubclass(cls, errors.AllianceLabError)
    assert issubclass(cls, builtin)


def test_data_format_error_carries_file_row_field() -> None:
    err = errors.DataFormatError("bad", file="a.csv", row=3, field="ccode")
    assert (err.file, err.row, err.field) == ("a.csv", 3, "ccode")
    assert str(err) == "a.csv, row 3, field 'ccode': bad"


def test_key_errors_print_their_message_unquoted() -> None:
    assert str(errors.UnknownStateError("unknown state 1234")) == "unknown state 1234"


def test_cite_returns_bibtex_for_every_source() -> None:
    for name, src in SOURCES.items():
        bib = alliancelab.cite(name)
        assert bib.startswith("@") and bib.rstrip().endswith("}")
        assert bib == src.bibtex
        assert src.version and src.url and src.licence


def test_cite_unknown_names_the_known_sources() -> None:
    with pytest.raises(errors.UnknownSourceError, match=r"known sources: .*atop"):
        alliancelab.cite("gdelt")


def test_versions_lists_each_source_once() -> None:
    v = alliancelab.versions()
    assert v["name"].is_unique
    assert set(v["name"]) == set(SOURCES)
    assert v.loc[v["name"] == "cow_nmc", "version"].item() == "7.0"
    assert v.loc[v["name"] == "atop", "version"].item() == "5.1"
