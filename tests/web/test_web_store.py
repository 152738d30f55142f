"""One store path for every endpoint: ``create_app(store=)`` and ``serve --store``.

The app is driven in this process through its ASGI interface. The default store
(``ALLIANCELAB_HOME``) is pointed at an empty folder, so an endpoint that ignored the
app's store would answer 422 (nothing imported) instead of reading the given file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _web_server import TOKEN, Server, asgi_raw, asgi_request

from alliancelab.errors import ParameterError
from alliancelab.web import create_app


def _store_app(path: Path) -> Any:
    return create_app(data="store", token=TOKEN, store=str(path))


def test_every_endpoint_reads_the_apps_store(risk_home: Path, empty_home: Path) -> None:
    app = _store_app(risk_home / "alliancelab.duckdb")
    status, states = asgi_request(app, "/api/states?year=1914&region=europe")
    assert status == 200, states
    assert states["data"] == "store" and {200, 220, 255, 300, 365} <= {
        s["ccode"] for s in states["states"]
    }
    for path in (
        "/api/alliances?year=1949&region=europe",
        "/api/snapshot?date=1914-07-28&region=europe",
        "/api/map?year=1914&region=europe",
        "/api/risk?year=1960&region=europe&top=3",
        "/api/measures?region=europe&years=1914&n_sims=100",
    ):
        status, body = asgi_request(app, path)
        assert status == 200, (path, body)
    # the policy job checks its snapshot before it starts: the US is not in Europe 1914,
    # a 404 naming ``for`` (with the default store it would be a 422 coverage error)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    status, body = asgi_request(
        app, "/api/policy?region=europe&year=1914&for=2", method="POST", headers=auth
    )
    assert status == 404 and body["parameter"] == "for", body
    # the dashboard's year range is the store's state system, not the reference data's
    from alliancelab.store import Store

    system = Store(risk_home / "alliancelab.duckdb").read("cow_states", "system")["year"]
    status, health = asgi_request(app, "/api/health")
    assert status == 200 and health["years"] == [int(system.min()), int(system.max())]
    status, ref = asgi_request(create_app(token=TOKEN), "/api/health")
    assert ref["years"][0] == 1816 and ref["years"] != health["years"]
    # the risk view predicts up to one year past the served data, the store's here
    last = health["years"][1]
    status, body = asgi_request(app, f"/api/risk?year={last + 2}&region=europe&top=1")
    assert status == 422 and body["parameter"] == "year", body
    assert f"covers {health['years'][0] + 1}-{last + 1}" in body["message"]
    status, body = asgi_request(app, f"/api/risk?year={last + 1}&region=europe&top=1")
    assert status == 200 and body["year"] == last + 1, body
    assert list(empty_home.iterdir()) == []  # the default store was never opened


def test_the_default_store_is_the_fallback(
    risk_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # data="store" with no store= serves ALLIANCELAB_HOME's store, fixed when made
    monkeypatch.setenv("ALLIANCELAB_HOME", str(risk_home))
    app = create_app(data="store", token=TOKEN)
    assert app.state.store == str((risk_home / "alliancelab.duckdb").resolve())
    status, body = asgi_request(app, "/api/states?year=1914&region=europe")
    assert status == 200 and body["data"] == "store", body


def test_store_errors_are_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ParameterError, match="no such file"):
        create_app(data="store", store=str(tmp_path / "missing.duckdb"))
    assert not (tmp_path / "missing.duckdb").exists()
    with pytest.raises(ParameterError, match=r"^store .*data='store'"):
        create_app(data="reference", store=str(tmp_path))
    with pytest.raises(ParameterError, match=r"^data must be"):
        create_app(data="nowhere")
    # the default store must exist too: serving never creates one
    home = tmp_path / "home"
    monkeypatch.setenv("ALLIANCELAB_HOME", str(home))
    with pytest.raises(ParameterError, match=r"^store .*no such file"):
        create_app(data="store")
    assert not home.exists()


def test_serve_store_option(
    risk_home: Path, empty_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from alliancelab.cli import app as cli

    served: list[Any] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.append(app))
    monkeypatch.setenv("ALLIANCELAB_TOKEN", TOKEN)

    def text(out: str) -> str:  # the message without the error panel's frame and wraps
        return " ".join(out.replace("\u2502", " ").split())

    missing = tmp_path / "missing.duckdb"
    r = CliRunner().invoke(cli, ["serve", "--store", str(missing)])
    assert r.exit_code == 2 and "Invalid value for --store" in text(r.output), r.output
    assert "no such file" in text(r.output), r.output
    assert not missing.exists() and served == []
    r = CliRunner().invoke(cli, ["serve", "--data", "reference", "--store", str(missing)])
    assert r.exit_code == 2 and "data='store'" in text(r.output), r.output
    r = CliRunner().invoke(cli, ["serve", "--data", "nowhere"])
    assert r.exit_code == 2 and "Invalid value for --data" in text(r.output), r.output
    store = risk_home / "alliancelab.duckdb"
    r = CliRunner().invoke(cli, ["serve", "--store", str(store)])  # implies --data store
    assert r.exit_code == 0, r.output
    (app,) = served
    assert app.state.data == "store" and app.state.store == str(store.resolve())
    status, body = asgi_request(app, "/api/states?year=1914&region=europe")
    assert status == 200 and body["data"] == "store", body


def test_snapshot_tables_share_one_body(monkeypatch: pytest.MonkeyPatch) -> None:
    # states, alliances and map answer through the one helper, with the same meta and
    # download names (a copied body could drift in either)
    from alliancelab.web import api

    seen: list[str] = []
    real = api._snapshot_table

    def spy(request: Any, key: Any, region: Any, fmt: Any, kind: str, *a: Any) -> Any:
        seen.append(kind)
        return real(request, key, region, fmt, kind, *a)

    monkeypatch.setattr(api, "_snapshot_table", spy)
    app = create_app(token=TOKEN)
    tables = {"states": "states", "alliances": "alliances", "map": "states"}
    for when, label in (("year=1914", "1914"), ("date=1914-07-28", "1914-07-28")):
        for kind, key in tables.items():
            status, body = asgi_request(app, f"/api/{kind}?{when}&region=europe")
            assert status == 200, body
            meta = {k: body[k] for k in ("year", "date", "region", "data")}
            assert meta == {
                "year": 1914,
                "date": None if when.startswith("year") else label,
                "region": "europe",
                "data": "reference",
            }
            assert set(body) == {*meta, key} and len(body[key]) > 10
            status, head, raw = asgi_raw(app, f"/api/{kind}?{when}&format=csv")
            assert status == 200 and raw.startswith(b"# alliancelab ")
            assert head["content-disposition"].endswith(f'"{kind}-system-{label}.csv"')
    assert seen == [k for k in tables for _ in ("json", "csv")] * 2


def test_store_downloads_name_the_stores_versions(risk_home: Path, empty_home: Path) -> None:
    # a download from a store names the versions it read, not the shipped reference's
    from alliancelab.store import Store

    path = risk_home / "alliancelab.duckdb"
    imp = Store(path).imports()
    app = _store_app(path)
    status, _, raw = asgi_raw(app, "/api/states?year=1914&region=europe&format=csv")
    first = raw.decode().splitlines()[0]
    assert status == 200 and "data=store" in first and "alliancelab_reference" not in first
    for src in ("cow_states", "atop", "cow_nmc", "rivalries"):
        (version,) = imp.loc[imp["source"] == src, "version"]
        assert f"{src} {version}" in first
    _, health = asgi_request(app, "/api/health")
    assert f"# {health['provenance']}" == first
    _, _, ref = asgi_raw(create_app(token=TOKEN), "/api/states?year=1914&format=csv")
    assert "alliancelab_reference" in ref.decode().splitlines()[0]


#: Sweden and Japan (outside Europe: the edit brings the state in) join ATOP 3180, NATO,
#: on the official data; the reference data has no alliance ``atop3180``.
STORE_SCENARIO = b"""
[base]
year = 1960
region = "europe"
data = "store"
[[edits]]
type = "join"
state = "Sweden"
alliance = "atop3180"
[[edits]]
type = "join"
state = "Japan"
alliance = "atop3180"
"""


def test_posted_store_scenarios_read_the_servers_store(
    store_server: Server, risk_home: Path
) -> None:
    # ``serve --store FILE`` with an empty default store: a posted scenario on
    # ``data = "store"`` runs on FILE (on the default store it would fail: nothing
    # imported), over real HTTP
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/toml"}
    status, job = store_server.json(
        "/api/scenarios?n=50&seed=3", method="POST", body=STORE_SCENARIO, headers=auth
    )
    assert status == 202, job
    done = store_server.wait(job["id"], timeout=120)
    assert done["status"] == "done", done
    from alliancelab import snapshot
    from alliancelab.scenario import loads, run

    store = risk_home / "alliancelab.duckdb"
    here = run(loads(STORE_SCENARIO.decode(), name="posted"), n=50, seed=3, store=store)
    res = done["result"]
    assert res["n"] == 50 and res["region"] == "europe"
    assert [r["name"] for r in res["table"]] == here.table["name"].tolist()
    got = {r["name"]: r["scenario"] for r in res["table"]}
    want = dict(zip(here.table["name"], here.table["scenario"], strict=True))
    assert {k: v for k, v in got.items() if v is not None} == pytest.approx(
        {k: v for k, v in want.items() if v == v}
    )
    japan = snapshot(1960, [740], data="store", store=store)
    states = {r["ccode"]: r for r in res["states"]}
    assert states[740]["capability_scenario"] == pytest.approx(japan.capability[japan.index(740)])
    assert [c["type"] for c in res["changes"]] == ["join", "join"]
