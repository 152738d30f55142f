"""Polarity of the whole system against the accepted periodisation.

History (Waltz 1979; Wohlforth 1999; the standard periodisation): multipolar 1816-1945,
bipolar 1946-1991, unipolar from 1992. ``polarity`` counts as poles the great powers (COW
major powers) whose military expenditure (COW NMC milex) is at least a third of the
leader's. Where the published expenditure series disagrees with the periodisation, the
year is listed below with the reason; every other year must match.
"""

from __future__ import annotations

import pytest

from alliancelab import snapshot
from alliancelab.measures import polarity
from alliancelab.store import Store


def _history(year: int) -> str:
    if year <= 1945:
        return "multipolar"
    return "bipolar" if year <= 1991 else "unipolar"


#: Reference data (NMC v7.0 milex at benchmark years 1913, 1938, 1950, 1989, 2000, shares
#: interpolated between them). The 1938 benchmark is German and Soviet rearmament: Germany
#: 39% and the USSR 28% of great-power milex, Britain 10%, so 1938 itself is bipolar in
#: spending and the interpolation carries that into 1931-1940; 1945 lies between that
#: benchmark and 1950's US-Soviet pair (no war-year benchmark); 1992 lies between 1989
#: and 2000 with Russia at 1989 Soviet levels for the interpolated part.
REFERENCE_EXCEPTIONS = {
    **dict.fromkeys(range(1931, 1941), "1938 benchmark: German and Soviet rearmament"),
    1945: "interpolated from 1938 and 1950 benchmarks: US-Soviet pair",
    1992: "interpolated from 1989: Soviet-level Russian spending",
}

#: Official NMC (every year). War and rearmament years, when one or two powers spend
#: several times what the others do, and COW's Soviet estimates of 1926-1935 (the USSR at
#: 47-60% of great-power milex, five times any other power).
STORE_EXCEPTIONS = {
    1877: "Russo-Turkish War: Russian mobilisation",
    1905: "Russo-Japanese War: both belligerents' war budgets",
    1919: "US war spending before demobilisation (Germany, Russia not majors)",
    1920: "US and British post-war spending; Germany, Russia not majors",
    **dict.fromkeys(range(1926, 1936), "NMC's Soviet milex: 3-6 times any other power"),
    1938: "German and Soviet rearmament",
    1940: "Germany at war, France not a major after June 1940",
    1941: "Germany at war, the USSR and the US not yet mobilised",
    1943: "US and German war economies",
    1944: "US and German war economies",
    1945: "US war spending: 77% of the great powers'",
    1947: "Britain still at 19% during demobilisation (over a third of the US's)",
}


def test_reference_periodisation_every_year_1816_2024() -> None:
    wrong = {}
    for year in range(1816, 2025):
        got = polarity(snapshot(year)).iloc[0]["polarity"]
        if got != _history(year):
            wrong[year] = got
    assert set(wrong) == set(REFERENCE_EXCEPTIONS), sorted(wrong)


def test_store_periodisation_every_year(official_store: Store) -> None:
    from alliancelab.snapshot import store_data

    first, last = store_data(official_store).coverage["capability"]
    last = min(last, store_data(official_store).coverage["system"][1])
    assert first == 1816 and last >= 2012
    wrong = {}
    for year in range(first, last + 1):
        s = snapshot(year, data="store", store=official_store)
        got = polarity(s).iloc[0]["polarity"]
        if got != _history(year):
            wrong[year] = got
    assert set(wrong) == set(STORE_EXCEPTIONS), sorted(wrong)


@pytest.mark.parametrize(("year", "poles"), [(1989, (2, 365)), (2010, (2,)), (2024, (2,))])
def test_cold_war_superpowers_and_the_unipolar_moment(year: int, poles: tuple[int, ...]) -> None:
    # China, a COW major from 1950 and the CINC leader after 2010, is no pole: its military
    # expenditure stays under a third of the US's (CINC's population weight misleads)
    row = polarity(snapshot(year)).iloc[0]
    assert row["poles"] == poles


def test_world_region_is_the_whole_system() -> None:
    a = polarity(snapshot(1913)).iloc[0]
    b = polarity(snapshot(1913, "world")).iloc[0]
    assert a["poles"] == b["poles"] and len(a["poles"]) >= 5
    assert snapshot(1913, "world").n == snapshot(1913).n
