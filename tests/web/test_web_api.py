"""The HTTP API against a real uvicorn server (``alliancelab serve``) on loopback."""

from __future__ import annotations

import hashlib
import io
import json
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from _web_server import TOKEN, Server

from alliancelab.stability import PANEL_COLUMNS

STATIC = Path(__file__).resolve().parents[2] / "src" / "alliancelab" / "web" / "static"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_health_and_openapi(server: Server) -> None:
    status, body = server.json("/api/health")
    assert status == 200 and body["status"] == "ok" and body["data"] == "reference"
    assert "atop 5.1" in body["provenance"]
    assert body["risk"] == {"available": True, "reason": ""}  # the shipped model needs no store
    status, spec = server.json("/openapi.json")
    assert status == 200
    for path in ("/api/states", "/api/alliances", "/api/snapshot", "/api/measures", "/api/risk"):
        assert path in spec["paths"]
    assert "/api/scenarios" in spec["paths"] and "/api/jobs/{job_id}" in spec["paths"]
    assert "post" in spec["paths"]["/api/policy"]


def test_docs_use_vendored_swagger_ui_only(server: Server) -> None:
    status, _, raw = server.request("/docs")
    html = raw.decode()
    assert status == 200
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "cdn." not in html and "https://" not in html.replace("https://validator", "")


def test_vendored_files_match_manifest(server: Server) -> None:
    manifest = json.loads((STATIC / "vendor" / "MANIFEST.json").read_text())
    names = {e["name"] for e in manifest["files"]}
    assert names == {"cytoscape", "swagger-ui-dist", "world-atlas"}
    for e in manifest["files"]:
        assert e["licence"] and e["version"]
        status, _, raw = server.request(f"/static/vendor/{e['file']}")
        assert status == 200 and hashlib.sha256(raw).hexdigest() == e["sha256"], e["file"]


def test_map_1914_europe_keys_polygons_and_points(server: Server) -> None:
    status, body = server.json("/api/map?year=1914&region=europe")
    assert status == 200 and body["year"] == 1914
    rows = {r["ccode"]: r for r in body["states"]}
    _, snap = server.json("/api/snapshot?year=1914&region=europe")
    assert set(rows) == {n["ccode"] for n in snap["nodes"]}  # no state dropped
    assert rows[255]["drawn"] == "polygon" and rows[255]["iso_numeric"] == "276"
    assert rows[220]["iso_numeric"] == "250" and rows[365]["iso_numeric"] == "643"
    ah = rows[300]
    assert ah["drawn"] == "point" and ah["iso_numeric"] is None
    assert ah["lon"] == pytest.approx(16.37) and ah["lat"] == pytest.approx(48.21)
    atlas = json.loads((STATIC / "vendor" / "world-atlas" / "countries-110m.json").read_text())
    ids = {g["id"] for g in atlas["objects"]["countries"]["geometries"] if "id" in g}
    for r in body["states"]:
        assert (r["drawn"] == "polygon") == (r["iso_numeric"] in ids), r
    _, b60 = server.json("/api/map?year=1960&region=europe")
    r60 = {r["ccode"]: r for r in b60["states"]}
    assert r60[265]["drawn"] == "point" and r60[260]["iso_numeric"] == "280"
    # defunct states are capital points, never a successor's polygon (the dated crosswalk)
    assert r60[365]["drawn"] == "point" and r60[365]["name"] == "Soviet Union"
    _, b90 = server.json("/api/map?date=1990-06-01&region=europe")
    r90 = {r["ccode"]: r for r in b90["states"]}
    assert r90[345]["drawn"] == "point" and r90[345]["name"] == "Yugoslavia"
    _, b24 = server.json("/api/map?year=2024&region=europe")
    r24 = {r["ccode"]: r for r in b24["states"]}
    assert r24[365]["drawn"] == "polygon" and r24[345]["iso_numeric"] == "688"
    status, _, raw = server.request("/api/map?year=1914&region=europe&format=csv")
    assert status == 200 and raw.decode().startswith("# alliancelab ")


def test_dated_views_follow_the_day(server: Server) -> None:
    """1914-07-28 (Austria-Hungary declares war on Serbia): the dated network, not the
    year's; and a day before and after a change gives the two states of it."""
    status, day = server.json("/api/snapshot?date=1914-07-28&region=europe")
    assert status == 200 and day["date"] == "1914-07-28" and day["year"] == 1914
    _, year = server.json("/api/snapshot?year=1914&region=europe")
    assert year["date"] is None
    codes = {n["ccode"] for n in day["nodes"]}
    assert {200, 220, 255, 300, 345, 365} <= codes
    _, before = server.json("/api/alliances?date=1990-10-02&region=europe")
    _, after = server.json("/api/alliances?date=1990-10-03&region=europe")
    _, st_before = server.json("/api/states?date=1990-10-02&region=europe")
    _, st_after = server.json("/api/states?date=1990-10-03&region=europe")
    c_before = {s["ccode"] for s in st_before["states"]}
    c_after = {s["ccode"] for s in st_after["states"]}
    assert {260, 265} <= c_before and 255 not in c_before
    assert 255 in c_after and not {260, 265} & c_after
    nato = {a["id"]: a for a in before["alliances"]}["nato"]
    assert 260 in nato["members"] and before["date"] == "1990-10-02"
    assert after["date"] == "1990-10-03"
    status, _, raw = server.request("/api/states?date=1914-07-28&region=europe&format=csv")
    assert status == 200 and b"Austria-Hungary" in raw
    _, mp = server.json("/api/map?date=1914-07-28&region=europe")
    assert {r["ccode"]: r["drawn"] for r in mp["states"]}[300] == "point"


def test_risk_region_year_and_top_dyads(server: Server) -> None:
    status, body = server.json("/api/risk?year=1914&region=europe&top=10")
    assert status == 200, body
    ry = body["region_year"]
    assert ry["region"] == "europe" and ry["year"] == 1914 and ry["dyads"] == body["dyads_total"]
    assert 0 <= ry["p_any_lo"] <= ry["p_any"] <= ry["p_any_hi"] <= 1
    assert ry["expected_lo"] <= ry["expected"] <= ry["expected_hi"]
    dyads = body["dyads"]
    assert len(dyads) == 10
    ps = [d["p_onset"] for d in dyads]
    assert ps == sorted(ps, reverse=True)
    assert all(d["p_lo"] <= d["p_onset"] <= d["p_hi"] for d in dyads)
    assert all("contiguity" not in d["carried_forward"] for d in dyads)  # COW DCV covers 1913
    # the expected onsets are the sum over every dyad of the region
    _, csv_raw = server.request("/api/risk?year=1914&region=europe&top=100000&format=csv")[1:]
    text = csv_raw.decode()
    assert text.startswith("# alliancelab ") and "risk model: alliancelab default" in text
    df = pd.read_csv(io.StringIO(text), comment="#")
    assert len(df) == ry["dyads"] and df["p_onset"].sum() == pytest.approx(ry["expected"])
    assert body["model"]["training_span"] == [1816, 2014]
    assert {s["source"] for s in body["sources"]} >= {"cow_mid", "atop"}
    # past the data: covariates carried forward and flagged, the outcome unknown
    status, late = server.json("/api/risk?date=2024-03-01&region=europe&top=3")
    assert status == 200 and late["year"] == 2024 and late["region_year"].get("observed") is None
    assert all("contiguity" in d["carried_forward"] for d in late["dyads"])  # DCV ends 2016
    status, _, raw = server.request("/api/risk?year=2024&region=europe&table=region&format=parquet")
    t = pq.read_table(io.BytesIO(raw))
    assert status == 200 and b"alliancelab.notes" in t.schema.metadata
    assert t.num_rows == 1 and "p_any_hi" in t.column_names


def test_risk_runs_on_the_reference_data_with_no_store(tmp_path: Path) -> None:
    # the shipped model reads only a snapshot (the structural feature set, issue 12)
    from alliancelab.web import risk_api

    assert risk_api.availability()["available"] is True
    ry, dyads = risk_api._region("reference", str(tmp_path / "none.duckdb"), 1960, "europe")
    assert len(ry) == 1 and 0 < ry["p_any"].iloc[0] < 1
    assert ry["p_any_lo"].iloc[0] <= ry["p_any"].iloc[0] <= ry["p_any_hi"].iloc[0]
    assert len(dyads) > 100 and dyads["p_onset"].is_monotonic_decreasing
    assert not (tmp_path / "none.duckdb").exists()  # nothing was created


def test_alliances_1949_nato_has_twelve_members(server: Server) -> None:
    status, body = server.json("/api/alliances?year=1949&region=europe")
    assert status == 200 and body["year"] == 1949 and body["region"] == "europe"
    nato = next(a for a in body["alliances"] if a["id"] == "nato")
    assert set(nato) >= {"id", "name", "members", "obligations", "domain"}
    assert len(nato["members"]) == 12 and 2 in nato["members"] and 325 in nato["members"]
    assert "defense" in nato["obligations"]


def test_snapshot_nodes_and_ties(server: Server) -> None:
    status, body = server.json("/api/snapshot?year=1960&region=europe")
    assert status == 200
    nodes = {n["ccode"]: n for n in body["nodes"]}
    assert nodes[365]["bloc_alliance"] == "warsaw_pact" and nodes[2]["bloc_alliance"] == "nato"
    assert nodes[365]["capability"] > 0.1
    ties = body["ties"]
    assert ties and all(set(t) == {"from", "to", "alliance", "obligations"} for t in ties)
    assert any(t["alliance"] == "warsaw_pact" and "defense" in t["obligations"] for t in ties)
    assert body["region_ranges"] == [[200, 399]]


def test_states_csv_and_parquet_carry_provenance(server: Server) -> None:
    status, headers, raw = server.request("/api/states?year=1949&region=europe&format=csv")
    assert status == 200 and headers["content-type"].startswith("text/csv")
    text = raw.decode()
    assert text.startswith("# alliancelab ") and "cite:" in text.splitlines()[1]
    df = pd.read_csv(io.StringIO(text), comment="#")
    _, js = server.json("/api/states?year=1949&region=europe")
    assert df["ccode"].tolist() == [s["ccode"] for s in js["states"]]
    status, _, raw = server.request("/api/alliances?year=1949&region=europe&format=parquet")
    assert status == 200
    import pyarrow.parquet as pq

    table = pq.read_table(io.BytesIO(raw))
    assert b"alliancelab.provenance" in (table.schema.metadata or {})
    assert "nato" in table.column("id").to_pylist()


def test_measures_panel(server: Server) -> None:
    status, body = server.json("/api/measures?region=europe&years=1949-1950&n_sims=100")
    assert status == 200
    assert [r["year"] for r in body["rows"]] == [1949, 1950]
    assert list(body["rows"][0]) == list(PANEL_COLUMNS)
    status, _, raw = server.request("/api/measures?region=europe&years=1949&format=csv")
    assert status == 200 and "n_blocs" in raw.decode()


@pytest.mark.parametrize(
    ("path", "status", "parameter", "words"),
    [
        ("/api/states?year=1949&region=narnia", 404, "region", "unknown region"),
        ("/api/alliances?year=1700&region=europe", 422, "year", "1816-2024"),
        ("/api/snapshot?year=abc", 422, "year", "integer"),
        ("/api/states?year=1949&date=1949-04-04", 422, "year,date", "not both"),
        ("/api/alliances?region=europe", 422, "year,date", "pass year=YYYY or date="),
        ("/api/snapshot?date=1949-02-30", 422, "date", "YYYY-MM-DD"),
        ("/api/map?date=4-4-1949", 422, "date", "YYYY-MM-DD"),
        ("/api/alliances?date=1700-01-01&region=europe", 422, "date", "1816-2024"),
        ("/api/risk?year=1914&region=europe&top=1000000000", 422, "top", "cap"),
        ("/api/risk?year=1914&table=nope", 422, "table", "dyads or region"),
        ("/api/risk?region=europe", 422, "year,date", "pass year=YYYY"),
        ("/api/measures?region=europe&years=19x9", 422, "years", "look like"),
        # the library's rule: ASCII digits only (Arabic-Indic 1949 is not a year)
        ("/api/measures?region=europe&years=%D9%A1%D9%A9%D9%A4%D9%A9", 422, "years", "look like"),
        ("/api/risk?year=1816&region=europe", 422, "year", "1817-2025"),
        ("/api/measures?region=europe&years=1950-1940", 422, "years", "before the start"),
        ("/api/measures?region=europe&years=1816-2024", 422, "years", "over the cap"),
        ("/api/measures?region=europe&years=1950&n_sims=100000000", 422, "n_sims", "cap"),
        ("/api/measures?region=narnia&years=1950", 404, "region", "unknown region"),
        ("/api/states?year=1949&format=xlsx", 422, "format", "json"),
        ("/api/jobs/nope", 404, "job_id", "no such job"),
    ],
)
def test_bad_input_is_a_4xx_naming_the_parameter(
    server: Server, path: str, status: int, parameter: str, words: str
) -> None:
    got, body = server.json(path)
    assert got == status, body
    assert body["parameter"] == parameter and words in body["message"]
    assert "Traceback" not in json.dumps(body)


TOML = b"""[base]
year = 1949
region = "europe"
[[edits]]
type = "join"
state = "Sweden"
alliance = "nato"
"""


def test_scenarios_need_the_token(server: Server) -> None:
    status, body = server.json("/api/scenarios", method="POST", body=TOML)
    assert status == 401 and body["parameter"] == "Authorization"
    status, _ = server.json(
        "/api/scenarios", method="POST", body=TOML, headers={"Authorization": "Bearer wrong"}
    )
    assert status == 401


def test_big_bodies_get_413(server: Server) -> None:
    """A declared body over 1 MiB is refused before it is sent (no race with the upload)."""
    import http.client
    from urllib.parse import urlsplit

    url = urlsplit(server.base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    conn.putrequest("POST", "/api/scenarios")
    conn.putheader("Authorization", AUTH["Authorization"])
    conn.putheader("Content-Length", str((1 << 20) + 1))
    conn.endheaders()
    r = conn.getresponse()
    body = json.loads(r.read())
    conn.close()
    assert r.status == 413 and body["parameter"] == "body"


def test_streamed_bodies_over_the_limit_get_413() -> None:
    """Without Content-Length the middleware counts the bytes as they arrive."""
    import asyncio

    from alliancelab.web.app import BodyLimit

    reached: list[bool] = []

    async def app(scope: dict, receive: Any, send: Any) -> None:
        while True:
            msg = await receive()
            if not msg.get("more_body"):
                break
        reached.append(True)

    chunks = [b"x" * 600_000, b"x" * 600_000, b""]

    async def receive() -> dict:
        body = chunks.pop(0)
        return {"type": "http.request", "body": body, "more_body": bool(chunks)}

    sent: list[dict] = []

    async def send(msg: dict) -> None:
        sent.append(msg)

    scope = {"type": "http", "headers": [(b"transfer-encoding", b"chunked")]}
    asyncio.run(BodyLimit(app)(scope, receive, send))
    assert not reached and sent[0]["status"] == 413


def test_bad_scenarios_are_422_with_line_and_key(server: Server) -> None:
    bad = TOML.replace(b'"Sweden"', b'"Narnia"')
    status, body = server.json("/api/scenarios", method="POST", body=bad, headers=AUTH)
    assert status == 422 and body["key"] == "state" and body["line"] == 6
    assert "Narnia" in body["message"]
    status, body = server.json(
        "/api/scenarios",
        method="POST",
        body=b"{not json",
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert status == 422 and "malformed JSON" in body["message"]
    status, body = server.json("/api/scenarios?n=10000000", method="POST", body=TOML, headers=AUTH)
    assert status == 422 and body["error"] == "LimitError" and body["parameter"] == "n"


def test_scenario_job_json_returns_deltas(server: Server) -> None:
    doc = {
        "base": {"year": 1949, "region": "europe"},
        "edits": [{"type": "join", "state": 380, "alliance": "nato"}],
    }
    status, job = server.json(
        "/api/scenarios?n=100",
        method="POST",
        body=json.dumps(doc).encode(),
        headers={**AUTH, "Content-Type": "application/json"},
    )
    assert status == 202 and job["status"] in ("queued", "running")
    done = server.wait(job["id"])
    assert done["status"] == "done", done
    table = {r["name"]: r for r in done["result"]["table"]}
    assert table["n_blocs"]["baseline"] is not None and "delta" in table["n_blocs"]
    assert done["result"]["n"] == 100
    assert any("Sweden" in c["description"] for c in done["result"]["changes"])


def test_policy_job_ranks_options(server: Server) -> None:
    path = "/api/policy?region=europe&year=1960&n=20&seed=1"
    status, body = server.json(path, method="POST")
    assert status == 401 and body["error"] == "Unauthorized"
    status, job = server.json(path, method="POST", headers=AUTH)
    assert status == 202 and job["status"] in ("queued", "running")
    done = server.wait(job["id"], timeout=120)
    assert done["status"] == "done", done
    res = done["result"]
    assert res["year"] == 1960 and res["date"] is None and res["n"] == 20 and res["seed"] == 1
    table = res["table"]
    assert len(table) > 3 and [r["rank"] for r in table] == list(range(1, len(table) + 1))
    risk = [(r["tier"], r["onset_risk"]) for r in table]  # by tier, then regional risk
    assert risk == sorted(risk)
    assert {"kind", "option", "pareto", "deterrence_gain", "why_deterrence_gain"} <= set(table[0])
    assert any(r["pareto"] for r in table)


def test_policy_job_on_a_date(server: Server) -> None:
    # 2 October 1990 is the last day of the two German states: West Germany (260) is in
    # that day's snapshot and may be the focal state; in the year's snapshot (states on
    # 31 December) only united Germany (255) is
    status, body = server.json(
        "/api/policy?region=europe&year=1990&for=260&n=10", method="POST", headers=AUTH
    )
    assert status == 404 and body["parameter"] == "for", body
    path = "/api/policy?region=europe&date=1990-10-02&for=260&n=10&seed=2"
    status, job = server.json(path, method="POST", headers=AUTH)
    assert status == 202, job
    done = server.wait(job["id"], timeout=120)
    assert done["status"] == "done", done
    res = done["result"]
    assert (res["year"], res["date"], res["focal"]) == (1990, "1990-10-02", 260)
    table = res["table"]
    assert table and [r["rank"] for r in table] == list(range(1, len(table) + 1))


@pytest.mark.parametrize(
    ("query", "code", "parameter"),
    [
        ("region=atlantis&year=1960", 404, "region"),
        ("region=europe&year=1700", 422, "year"),
        ("region=europe&date=1700-01-01", 422, "date"),
        ("region=europe&date=1960-02-30", 422, "date"),
        ("region=europe&date=1960", 422, "date"),
        ("region=europe&date=sometime", 422, "date"),
        ("region=europe&year=1960&date=1960-06-01", 422, "year,date"),
        ("region=europe", 422, "year,date"),
        ("region=europe&year=nineteen", 422, "year"),
        ("region=europe&year=1960&for=999999", 404, "for"),
        ("region=europe&year=1960&for=740", 404, "for"),  # Japan: not in Europe 1960
        ("region=europe&year=1960&n=1000001", 422, "n"),
        ("region=europe&year=1960&n=0", 422, "n"),
    ],
)
def test_policy_bad_input_is_4xx(server: Server, query: str, code: int, parameter: str) -> None:
    status, body = server.json(f"/api/policy?{query}", method="POST", headers=AUTH)
    assert status == code, body
    assert body["parameter"] == parameter, body
    assert body["message"] and "Traceback" not in body["message"]
    if parameter == "date" and "1700" not in query:
        assert "YYYY-MM-DD" in body["message"], body


def test_job_time_out() -> None:
    from alliancelab.web.jobs import JobStore

    store = JobStore(timeout=0.2)
    job = store.submit(TOML.decode(), 100, 0)
    deadline = time.monotonic() + 30
    while job.status in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert job.status == "timeout" and "time-out" in job.error["message"]  # type: ignore[index]


def test_toml_round_trip_of_a_json_scenario() -> None:
    from alliancelab.scenario import loads
    from alliancelab.web._toml import to_toml

    doc = {
        "scenario": {"name": "x", "title": 'quote " and ünïcode'},
        "base": {"year": 1990, "region": "europe"},
        "edits": [{"type": "dissolve", "alliance": "warsaw_pact"}],
        "models": {"escalation": {"challenger": "Russia", "target": "Poland"}},
    }
    sc = loads(to_toml(doc))
    assert sc.year == 1990 and sc.edits[0].type == "dissolve" and "escalation" in sc.models


def test_serve_binds_loopback_by_default() -> None:
    import inspect

    from alliancelab.cli.serve import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
