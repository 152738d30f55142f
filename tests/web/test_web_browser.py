"""The dashboard in Debian's chromium, driven by Playwright's Python API, offline.

Chromium runs headless with every host but 127.0.0.1 unresolvable
(``--host-resolver-rules``), and each test also records any request that leaves the
machine and any console error, and fails on either. Screenshots go to
``$ALLIANCELAB_ARTEFACTS/web`` when that is set, else to pytest's temporary folder.
Never ``playwright install``: the tests use /usr/bin/chromium (``.ci/run`` installs it).
Without chromium the tests skip locally and fail in CI (``CI`` set).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from _web_server import TOKEN, Server

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        msg = f"{CHROMIUM} not found (apt-get install chromium; .ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = os.environ.get("ALLIANCELAB_ARTEFACTS")
    folder = Path(root) / "web" if root else tmp_path_factory.mktemp("web-screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watched:
    """A page with its console errors and off-machine requests recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self._request)

    def _request(self, req: Any) -> None:
        url = urlsplit(req.url)
        if url.scheme not in ("data", "blob", "about") and url.hostname != "127.0.0.1":
            self.outside.append(req.url)

    def ready(self, year: int) -> None:
        self.page.wait_for_function("window.__dashboardReady === true", timeout=30_000)
        self.page.wait_for_selector(f"#network[data-year='{year}']", timeout=30_000)

    def network(self) -> dict[str, Any]:
        get = self.page.get_attribute
        return {
            "nodes": int(get("#network", "data-nodes")),
            "year": int(get("#network", "data-year")),
            "alliances": json.loads(get("#network", "data-alliances")),
            "blocs": json.loads(get("#network", "data-blocs")),
            "drawn": self.page.evaluate("cy.nodes().length"),
        }


@pytest.fixture
def page(browser: Any) -> Iterator[Watched]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 1100})
    w = Watched(ctx.new_page())
    yield w
    ctx.close()
    assert w.errors == [], f"console errors: {w.errors}"
    assert w.outside == [], f"requests left the machine: {w.outside}"


def test_nato_1949_in_europe(server: Server, page: Watched, shots: Path) -> None:
    page.page.goto(f"{server.base}/?year=1949&region=europe")
    page.ready(1949)
    net = page.network()
    _, snap = server.json("/api/snapshot?year=1949&region=europe")
    assert net["year"] == 1949 and net["nodes"] == len(snap["nodes"]) == net["drawn"]
    assert net["alliances"]["nato"] == 12 and net["blocs"]["nato"] == 12
    assert "warsaw_pact" not in net["alliances"]
    page.page.wait_for_selector("#chart[data-ready='1']", timeout=30_000)
    assert page.page.get_attribute("#year-mark", "x1") is not None
    assert page.page.locator("#alliances-table tbody tr").count() == len(net["alliances"])
    href = page.page.get_attribute("#states-csv", "href")
    assert href == "/api/states?year=1949&region=europe&format=csv"
    page.page.screenshot(path=str(shots / "dashboard-europe-1949.png"), full_page=True)


def test_year_control_changes_the_network(server: Server, page: Watched, shots: Path) -> None:
    page.page.goto(f"{server.base}/?year=1949&region=europe")
    page.ready(1949)
    before = page.network()
    page.page.fill("#year-number", "1960")
    page.page.dispatch_event("#year-number", "change")
    page.ready(1960)
    after = page.network()
    assert after["alliances"]["warsaw_pact"] == 8 and after["blocs"]["warsaw_pact"] >= 8
    assert after["nodes"] != before["nodes"] or after["blocs"] != before["blocs"]
    assert page.page.url.endswith("/?year=1960&region=europe")
    page.page.wait_for_selector("#chart[data-year='1960']")
    page.page.screenshot(path=str(shots / "dashboard-europe-1960.png"), full_page=True)


def test_what_if_returns_deltas(server: Server, page: Watched, shots: Path) -> None:
    page.page.goto(f"{server.base}/?year=1949&region=europe")
    page.ready(1949)
    page.page.select_option("#wi-type", "join")
    page.page.select_option("#wi-state", "380")  # Sweden
    page.page.select_option("#wi-alliance", "nato")
    page.page.fill("#wi-token", TOKEN)
    page.page.click("#wi-run")
    page.page.wait_for_selector("#wi-status[data-status='done']", timeout=90_000)
    assert int(page.page.get_attribute("#wi-status", "data-rows")) > 3
    assert "Sweden" in page.page.inner_text("#wi-status")
    header = page.page.inner_text("#wi-table thead")
    assert "delta" in header and "interval" in header
    page.page.screenshot(path=str(shots / "dashboard-what-if.png"), full_page=True)


def test_map_europe_1914_points_austria_hungary(server: Server, page: Watched, shots: Path) -> None:
    page.page.goto(f"{server.base}/?year=1914&region=europe")
    page.ready(1914)
    page.page.wait_for_selector("#map[data-year='1914']", timeout=30_000)
    drawn = int(page.page.get_attribute("#map", "data-drawn"))
    listed = int(page.page.get_attribute("#map", "data-listed"))
    _, body = server.json("/api/map?year=1914&region=europe")
    assert drawn == sum(r["drawn"] != "listed" for r in body["states"]) and drawn > 10
    assert listed == sum(r["drawn"] != "polygon" for r in body["states"]) >= 1
    assert page.page.locator("#map circle.point[data-ccode='300']").count() == 1
    item = page.page.locator("#map-unlisted li[data-ccode='300']")
    assert item.count() == 1 and "Austria-Hungary" in item.inner_text()
    # Germany's polygon has the Triple Alliance's bloc colour, the same as in the network
    fill = page.page.get_attribute("#map path[data-ccode='255']", "fill")
    colour = page.page.evaluate("cy.getElementById('255').data('colour')")
    assert fill == colour and fill != "#eee"
    page.page.locator("#map-panel").screenshot(path=str(shots / "dashboard-map-europe-1914.png"))


def _what_if_rows(page: Watched) -> dict[str, dict[str, str]]:
    page.page.fill("#wi-token", TOKEN)
    page.page.click("#wi-run")
    page.page.wait_for_selector("#wi-status:not([data-status='running'])", timeout=90_000)
    assert page.page.get_attribute("#wi-status", "data-status") == "done"
    heads = page.page.locator("#wi-table thead th").all_inner_texts()
    rows = {}
    for tr in page.page.locator("#wi-table tbody tr").all():
        cells = tr.locator("td").all_inner_texts()
        rows[cells[0]] = dict(zip(heads, cells, strict=True))
    return rows


def test_what_if_creates_and_dissolves_pacts(server: Server, page: Watched, shots: Path) -> None:
    page.page.goto(f"{server.base}/?year=1960&region=europe")
    page.ready(1960)
    page.page.select_option("#wi-type", "create")
    assert page.page.is_visible("#wi-state2") and not page.page.is_visible("#wi-alliance")
    page.page.select_option("#wi-state", "380")  # Sweden
    page.page.select_option("#wi-state2", "375")  # Finland
    rows = _what_if_rows(page)
    assert "Sweden" in page.page.inner_text("#wi-status")
    assert float(rows["defense_density"]["delta"]) > 0
    stochastic = [r for r in rows.values() if r["interval"]]
    assert stochastic and all(r["interval"].startswith("[") for r in stochastic)
    page.page.select_option("#wi-type", "dissolve")
    assert not page.page.is_visible("#wi-state") and page.page.is_visible("#wi-alliance")
    page.page.select_option("#wi-alliance", "warsaw_pact")
    rows = _what_if_rows(page)
    assert "Warsaw" in page.page.inner_text("#wi-status")
    assert float(rows["defense_density"]["delta"]) < 0
    page.page.locator("#whatif").screenshot(path=str(shots / "dashboard-what-if-dissolve.png"))


def _download(page: Watched, selector: str) -> tuple[str, bytes]:
    with page.page.expect_download(timeout=30_000) as info:
        page.page.click(selector)
    d = info.value
    return d.suggested_filename, Path(d.path()).read_bytes()


def _png_texts(raw: bytes) -> dict[str, str]:
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    out, k = {}, 8
    while k < len(raw):
        n = int.from_bytes(raw[k : k + 4], "big")
        kind, data = raw[k + 4 : k + 8], raw[k + 8 : k + 8 + n]
        if kind == b"tEXt":
            key, _, text = data.partition(b"\0")
            out[key.decode()] = text.decode("latin-1")
        k += 12 + n
    return out


def test_downloads_carry_version_and_citation(server: Server, page: Watched) -> None:
    import xml.etree.ElementTree as ET

    page.page.goto(f"{server.base}/?year=1960&region=europe")
    page.ready(1960)
    page.page.wait_for_selector("#chart[data-ready='1']", timeout=30_000)
    page.page.wait_for_function("document.getElementById('provenance').textContent.length > 0")
    _, health = server.json("/api/health")
    nodes = int(page.page.get_attribute("#network", "data-nodes"))
    ns = "{http://www.w3.org/2000/svg}"

    name, raw = _download(page, "#network-png")
    texts = _png_texts(raw)
    assert name == "network-europe-1960.png" and len(raw) > 5_000
    assert texts["Source"] == health["provenance"] and texts["Comment"] == health["cite"]

    name, raw = _download(page, "#network-svg")
    root = ET.fromstring(raw)
    assert name == "network-europe-1960.svg"
    assert root.find(f"{ns}title").text == "alliance network europe-1960"
    assert health["provenance"] in root.find(f"{ns}desc").text
    assert health["cite"] in root.find(f"{ns}desc").text
    assert len(root.findall(f"{ns}circle")) == nodes

    name, raw = _download(page, "#chart-svg")
    root = ET.fromstring(raw)
    assert name == "indicator-con-europe-1960.svg" and root.find(f"{ns}polyline") is not None
    assert health["provenance"] in root.find(f"{ns}desc").text
    meta = root.find(f"{ns}metadata")
    assert meta is not None and health["cite"] in ET.tostring(meta).decode()

    name, raw = _download(page, "#map-svg")
    root = ET.fromstring(raw)
    assert name == "map-europe-1960.svg" and len(root.findall(f"{ns}path")) > 100


def test_swagger_ui_renders_offline(server: Server, page: Watched) -> None:
    page.page.goto(f"{server.base}/docs")
    page.page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "alliancelab" in page.page.inner_text(".swagger-ui .info .title")


def test_dated_view_and_the_url_follows_the_controls(
    server: Server, page: Watched, shots: Path
) -> None:
    """``/?date=1914-07-28&region=europe`` draws the network of that day; the URL then
    follows the year, date and region controls."""
    page.page.goto(f"{server.base}/?date=1914-07-28&region=europe")
    page.ready(1914)
    _, snap = server.json("/api/snapshot?date=1914-07-28&region=europe")
    net = page.network()
    assert page.page.get_attribute("#network", "data-date") == "1914-07-28"
    assert net["nodes"] == len(snap["nodes"]) == net["drawn"]
    _, al = server.json("/api/alliances?date=1914-07-28&region=europe")
    assert net["alliances"] == {a["id"]: len(a["members"]) for a in al["alliances"]}
    assert net["alliances"]["triple_alliance"] == 3
    assert page.page.evaluate("cy.getElementById('300').data('label')") == "Austria-Hungary"
    assert page.page.input_value("#date") == "1914-07-28"
    assert "1914-07-28" in page.page.inner_text("#network-title")
    assert page.page.url.endswith("/?date=1914-07-28&region=europe")
    page.page.screenshot(path=str(shots / "dashboard-europe-1914-07-28.png"), full_page=True)
    page.page.fill("#year-number", "1960")
    page.page.dispatch_event("#year-number", "change")
    page.ready(1960)
    assert page.page.url.endswith("/?year=1960&region=europe")
    assert page.page.input_value("#date") == "" and page.network()["alliances"]["warsaw_pact"] == 8
    page.page.fill("#date", "1990-10-02")
    page.page.dispatch_event("#date", "change")
    page.page.wait_for_selector("#network[data-date='1990-10-02']", timeout=30_000)
    page.ready(1990)
    assert page.page.url.endswith("/?date=1990-10-02&region=europe")
    assert page.page.evaluate("cy.getElementById('265').length") == 1  # the GDR, a day before
    page.page.select_option("#region", "asia")
    page.page.wait_for_function(
        "document.getElementById('network-title').textContent.startsWith('asia')"
    )
    page.ready(1990)
    assert page.page.url.endswith("/?date=1990-10-02&region=asia")


def test_risk_view_draws_numbers(server: Server, page: Watched, shots: Path) -> None:
    page.page.goto(f"{server.base}/?year=1914&region=europe")
    page.ready(1914)
    page.page.wait_for_selector("#risk-summary[data-ready='1']", timeout=240_000)
    _, risk = server.json("/api/risk?year=1914&region=europe&top=15")
    ry = risk["region_year"]
    got = {
        p.get_attribute("data-key"): float(p.get_attribute("data-value"))
        for p in page.page.locator("#risk-summary p.risk-figure").all()
    }
    assert got == {"p_any": pytest.approx(ry["p_any"]), "expected": pytest.approx(ry["expected"])}
    assert f"{ry['expected']:.2f} [{ry['expected_lo']:.2f}, {ry['expected_hi']:.2f}]" in (
        page.page.inner_text("#risk-summary")
    )
    rows = page.page.locator("#risk-table tbody tr")
    assert rows.count() == len(risk["dyads"]) == 15
    first = rows.first.locator("td").all_inner_texts()
    assert first[:2] == [risk["dyads"][0]["name1"], risk["dyads"][0]["name2"]]
    assert "cow_mid 5.0" in page.page.inner_text("#risk-card")
    href = page.page.get_attribute("#risk-csv", "href")
    assert href == "/api/risk?year=1914&region=europe&format=csv"
    page.page.locator("#risk-panel").screenshot(path=str(shots / "dashboard-risk-europe-1914.png"))
    page.page.screenshot(path=str(shots / "web-dashboard.png"), full_page=True)


def test_store_server_years_follow_the_store(
    store_server: Server, page: Watched, shots: Path
) -> None:
    """``serve --store``: the year controls span the store's state system (/api/health),
    and a year past it is clamped to the store's last year."""
    _, health = store_server.json("/api/health")
    first, last = health["years"]
    assert health["data"] == "store" and last < 2024  # COW states v2016 here
    page.page.goto(f"{store_server.base}/?year=2020&region=europe")
    page.ready(last)
    assert page.page.get_attribute("#year", "max") == str(last)
    assert page.page.get_attribute("#year-number", "min") == str(first)
    assert page.page.input_value("#year-number") == str(last)
    _, snap = store_server.json(f"/api/snapshot?year={last}&region=europe")
    assert snap["data"] == "store" and page.network()["nodes"] == len(snap["nodes"])
    page.page.screenshot(path=str(shots / f"dashboard-store-europe-{last}.png"), full_page=True)
