"""The web layer's own rules, each in one place: job caps and seeds, the worker's error
envelope, and the bounds of ``alliancelab serve``'s options."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

import pytest
from _web_server import TOKEN, asgi_raw, asgi_request

from alliancelab import limits
from alliancelab.errors import LimitError, ParameterError, UnknownStateError
from alliancelab.web import create_app, jobs, risk_api


@pytest.mark.parametrize(
    ("cap", "server_cap"), [("draws", jobs.WEB_DRAWS), ("policy_draws", jobs.WEB_POLICY_DRAWS)]
)
def test_job_sizes_use_the_servers_cap(cap: str, server_cap: int) -> None:
    jobs.check_run(cap, server_cap, 0)
    with pytest.raises(LimitError, match=rf"^n = .*over the cap of {server_cap:,}"):
        jobs.check_run(cap, server_cap + 1, 0)
    with pytest.raises(ParameterError, match=r"^n must be >= 1"):
        jobs.check_run(cap, 0, None)
    with pytest.raises(ParameterError, match=r"^seed must be >= 0"):
        jobs.check_run(cap, 1, -1)
    # never above the library's own cap
    with limits.raised(**{cap: 5}), pytest.raises(LimitError, match="over the cap of 5"):
        jobs.check_run(cap, 6, 0)


def _received(compute: Any) -> dict[str, Any]:
    parent, child = mp.Pipe(duplex=False)
    jobs._in_child(child, compute)
    msg: dict[str, Any] = parent.recv()
    parent.close()
    return msg


def test_worker_envelope() -> None:
    assert _received(lambda: {"cap": limits.limit("draws")}) == {
        "ok": True,
        "result": {"cap": min(limits.limit("draws"), jobs.WEB_DRAWS)},
    }

    def user_error() -> dict[str, Any]:
        raise UnknownStateError("state 'Narnia': unknown")

    def bug() -> dict[str, Any]:
        raise ZeroDivisionError("x")

    assert _received(user_error)["error"] == {
        "error": "UnknownStateError",
        "message": "state 'Narnia': unknown",
    }
    err = _received(bug)["error"]
    assert err["error"] == "InternalError" and "ZeroDivisionError" in err["message"]
    assert "Traceback" not in err["message"]


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--port", "70000"], "--port"),
        (["--port", "0"], "--port"),
        (["--job-timeout", "0"], "--job-timeout"),
        (["--data", "nowhere"], "--data"),
    ],
)
def test_serve_options_are_bounded(
    args: list[str], option: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from alliancelab.cli import app as cli

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    monkeypatch.setenv("COLUMNS", "200")
    r = CliRunner().invoke(cli, ["serve", *args])
    said = r.output.replace("'", "")  # click quotes the option name, a hint is bare
    assert r.exit_code == 2 and f"Invalid value for {option}" in said, r.output
    assert served == []


def test_a_damaged_risk_model_is_a_409_not_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> Any:
        raise OSError("model file unreadable")

    monkeypatch.setattr(risk_api, "_model", broken)
    app = create_app(token=TOKEN)
    _, health = asgi_request(app, "/api/health")
    assert health["risk"]["available"] is False and "unreadable" in health["risk"]["reason"]
    status, body = asgi_request(app, "/api/risk?year=1960&region=europe")
    assert status == 409 and body["error"] == "RiskUnavailable", body
    assert "unreadable" in body["message"] and body["parameter"] is None


def test_a_bug_is_a_500_json_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from alliancelab.web import api

    def bug(s: Any) -> Any:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(api, "_alliance_frame", bug)
    app = create_app(token=TOKEN)
    status, _, raw = asgi_raw(app, "/api/alliances?year=1949", reraises=ZeroDivisionError)
    body = json.loads(raw)
    assert status == 500 and body["error"] == "InternalError", body
    assert "ZeroDivisionError" in body["message"] and "Traceback" not in body["message"]


@pytest.mark.parametrize("region", ["europe", "2,20,200,220,365", "world", "System"])
def test_risk_view_dyads_are_the_risk_layers_region_rule(region: str) -> None:
    # /api/risk lists exactly the dyads that risk.region_year_risk sums over
    # (risk.metrics.region_dyads): both states inside the region, every dyad for the system
    from alliancelab.risk.metrics import region_dyads

    pred, _ = risk_api._year("reference", None, 1960)
    ry, dyads = risk_api._region("reference", None, 1960, region)
    inside, name = region_dyads(pred, region)
    want = set(zip(pred["ccode1"][inside], pred["ccode2"][inside], strict=True))
    assert set(zip(dyads["ccode1"], dyads["ccode2"], strict=True)) == want
    assert int(ry["dyads"].iloc[0]) == len(dyads) == int(inside.sum()) > 0
    assert ry["region"].iloc[0] == name
    assert dyads["p_onset"].sum() == pytest.approx(float(ry["expected"].iloc[0]))
    if name == "system":
        assert len(dyads) == len(pred)
    else:
        assert 0 < len(dyads) < len(pred)
