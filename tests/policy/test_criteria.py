"""The escalation and pooled-deterrence criteria of the policy options."""

from __future__ import annotations

import numpy as np
import pytest

from alliancelab import snapshot, snapshot_from_ties
from alliancelab.measures.deterrence import deterrence
from alliancelab.policy._belligerents import N_CRISES, Crises
from alliancelab.policy._deterrence import Deterrence
from alliancelab.policy._evidence import Evidence
from alliancelab.scenario.edits import Edit, _apply


@pytest.fixture(scope="module")
def ev() -> Evidence:
    return Evidence.of(snapshot(2024, "europe"))


def _nato(s: object) -> str:
    return next(a for a, n in zip(s.alliances, s.alliance_names, strict=True) if "NATO" in n)  # type: ignore[attr-defined]


def test_pooled_deterrence_is_the_registry_measure() -> None:
    """The vectorised ratio equals measures.deterrence on a hand-checked system (1914:
    defence honoured with Berkemeier & Fuhrmann's p = 36/59, 2 + 36/59 * 2 over 4 =
    0.8051; offence 31/42)."""
    s = snapshot_from_ties(1914, {1: 4, 2: 2, 3: 2}, [(3, 2, "defense")], [(1, 2)])
    d = Deterrence(np.array([[0, 1], [1, 0]]), np.array([36 / 59]), np.array([31 / 42]))
    got = np.exp(d.log_deterrence(s)[0])
    want = deterrence(s).set_index(["challenger", "target"])["deterrence"]
    assert got == pytest.approx([want[(1, 2)], want[(2, 1)]])
    assert got[0] == pytest.approx((2 + 36 / 59 * 2) / 4) and round(got[0], 4) == 0.8051


def test_leaving_gives_up_deterrence_and_joining_adds_it(ev: Evidence) -> None:
    s = ev.base
    det = Deterrence.of(ev, [c for c, m in zip(s.ccodes, s.in_region, strict=True) if m], 0)
    assert det.p_def.shape == (ev.draws.shape[0] + 1,)
    assert det.p_def[0] == pytest.approx(6 / 43) and det.p_def[1:].min() > 0
    base = det.log_deterrence(s)
    leave, _ = _apply(s, (Edit("leave", state=366, alliance=_nato(s)),))  # Estonia
    join, _ = _apply(s, (Edit("join", state=369, alliance=_nato(s)),))  # Ukraine
    pt, draws = det.change(base, det.log_deterrence(leave))
    assert pt < 0 and (draws < 0).all()
    pt, draws = det.change(base, det.log_deterrence(join))
    assert pt > 0 and (draws > 0).all()
    assert det.change(base, base)[0] == 0.0


def test_belligerents_crises_and_common_random_numbers(ev: Evidence) -> None:
    s = ev.base
    cr = Crises.of(ev, n=200, seed=3)
    assert len(cr.pairs) == 2 * N_CRISES and cr.counts.shape == (ev.draws.shape[0], 200)
    assert (cr.counts.sum(axis=1) == 200).all()
    reg = np.flatnonzero(ev.masks()["region"])
    assert ev.p[cr.rows].min() >= np.sort(ev.p[reg])[-N_CRISES]  # the likeliest
    base = cr.sizes(s)
    assert (base >= 2).all()  # a war has the challenger and the target at least
    assert np.array_equal(cr.sizes(s), base)  # same seeds, same cascades
    join, _ = _apply(s, (Edit("join", state=369, alliance=_nato(s)),))
    full = cr.sizes(join)
    # re-running only the crises the edit can reach gives the full result, bit for bit
    assert np.array_equal(cr.sizes(join, s, base), full)
    e0, d0 = cr.expected(base, ev.p, ev.draws)
    e1, d1 = cr.expected(full, *ev.predict(join))
    assert e1 > e0 and np.median(d1 - d0) > 0  # NATO's allies join Ukraine's wars
    w = np.repeat(ev.p[cr.rows], 2)
    assert e0 == pytest.approx(float((w * base.mean(axis=1)).sum() / w.sum()))
