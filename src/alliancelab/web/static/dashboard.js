/* alliancelab dashboard: one year control drives the network, the tables and the
   indicator chart (and the risk view); a day (?date=) narrows the network, map and
   tables to that day; the URL (?year=&region= or ?date=&region=) follows the controls. Data from /api
   (docs/web.md); libraries vendored under /static/vendor (no CDN). */
"use strict";

const WINDOW = 12, N_SIMS = 200;
/* the served data's years: the reference data's until /api/health says (its `years`) */
let FIRST = 1816, LAST = 2024;
const BLOC_COLOURS = { nato: "#1f5fbf", warsaw_pact: "#c0392b" };
const PALETTE = ["#2e8b57", "#8e44ad", "#d35400", "#16a085", "#b7950b", "#7f8c8d",
  "#e84393", "#2c3e50", "#6d4c41", "#00838f"];
const KINDS = ["defense", "offense", "neutrality", "nonaggression", "consultation"];

const el = (id) => document.getElementById(id);
const state = { year: 1949, date: null, risk: null, region: "europe", seq: 0, panel: null, panelKey: "", snap: null, alliances: [], prov: null };
let cy = null;

function blocColour(alliance) {
  if (!alliance) return "#bbb";
  if (BLOC_COLOURS[alliance]) return BLOC_COLOURS[alliance];
  let h = 0;
  for (const ch of alliance) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/* A fixed position per COW code, so a state stays in place across years: states of
   the region on an inner circle in code order over the region's code ranges, outside
   allies on an outer ring by code. */
function position(ccode, inRegion, ranges) {
  let t;
  if (inRegion && ranges.length) {
    const total = ranges.reduce((s, r) => s + (r[1] - r[0] + 1), 0);
    let before = 0;
    t = 0;
    for (const [lo, hi] of ranges) {
      if (ccode >= lo && ccode <= hi) { t = (before + ccode - lo) / total; break; }
      before += hi - lo + 1;
    }
  } else {
    t = ccode / 1000;
  }
  const r = inRegion ? 250 : 330;
  const a = 2 * Math.PI * t - Math.PI / 2;
  return { x: r * Math.cos(a), y: r * Math.sin(a) };
}

async function getJSON(url, opts) {
  const res = await fetch(url, opts);
  const body = await res.json();
  if (!res.ok) throw new Error(`${body.parameter || ""}: ${body.message || res.status}`);
  return body;
}

/* the view's query: the day when one is chosen, else the year */
function viewQuery() {
  return new URLSearchParams(state.date ? { date: state.date, region: state.region }
    : { year: String(state.year), region: state.region });
}

function setURL() {
  history.replaceState(null, "", `/?${viewQuery()}`);
}

function table(id, rows, cols, fmt) {
  const t = el(id);
  t.replaceChildren();
  const head = t.createTHead().insertRow();
  for (const c of cols) { const th = document.createElement("th"); th.textContent = c; head.appendChild(th); }
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of cols) tr.insertCell().textContent = fmt ? fmt(c, r[c]) : show(r[c]);
  }
}

function show(v) {
  if (v === null || v === undefined) return "NA";
  if (Array.isArray(v)) return v.join(", ");
  if (typeof v === "number" && !Number.isInteger(v)) return v.toFixed(3);
  return String(v);
}

function drawNetwork(snap) {
  const names = new Map(snap.nodes.map((n) => [n.ccode, n.name]));
  const capMax = Math.max(...snap.nodes.map((n) => n.capability || 0), 1e-9);
  const elements = snap.nodes.map((n) => ({
    group: "nodes",
    data: {
      id: String(n.ccode), label: n.name, colour: blocColour(n.bloc_alliance),
      size: 14 + 46 * Math.sqrt((n.capability || 0) / capMax), inRegion: n.in_region ? 1 : 0,
    },
    position: position(n.ccode, n.in_region, snap.region_ranges),
  }));
  const pairs = new Map();
  for (const t of snap.ties) {
    const [a, b] = t.from < t.to ? [t.from, t.to] : [t.to, t.from];
    const key = `${a}-${b}`;
    const rank = Math.min(...t.obligations.map((o) => KINDS.indexOf(o)).filter((i) => i >= 0), 9);
    if (!pairs.has(key) || rank < pairs.get(key)) pairs.set(key, rank);
  }
  for (const [key, rank] of pairs) {
    const [a, b] = key.split("-");
    elements.push({ group: "edges", data: { id: `t${key}`, source: a, target: b, kind: rank === 0 ? "defense" : "other" } });
  }
  for (const [a, b] of snap.rivalries) {
    elements.push({ group: "edges", data: { id: `r${a}-${b}`, source: String(a), target: String(b), kind: "rivalry" } });
  }
  if (!cy) {
    cy = cytoscape({
      container: el("network"), autoungrabify: true, userZoomingEnabled: true,
      style: [
        { selector: "node", style: { "background-color": "data(colour)", width: "data(size)", height: "data(size)", label: "data(label)", "font-size": 9, "text-valign": "bottom", "text-margin-y": 2, color: "#333" } },
        { selector: "node[inRegion = 0]", style: { "background-opacity": 0.25, "border-width": 2, "border-color": "data(colour)" } },
        { selector: "edge", style: { width: 1.2, "line-color": "#8aa", "curve-style": "straight", opacity: 0.7 } },
        { selector: "edge[kind = 'other']", style: { "line-style": "dashed", "line-color": "#bbb" } },
        { selector: "edge[kind = 'rivalry']", style: { "line-style": "dotted", "line-color": "#c0392b", width: 1.5 } },
      ],
      layout: { name: "preset" },
    });
  }
  cy.batch(() => { cy.elements().remove(); cy.add(elements); });
  const box = el("network");
  const zoom = Math.min(box.clientWidth, box.clientHeight) / 740;
  cy.viewport({ zoom, pan: { x: box.clientWidth / 2, y: box.clientHeight / 2 } });
  box.dataset.nodes = String(snap.nodes.length);
  box.dataset.edges = String(pairs.size);
  box.dataset.year = String(snap.year);
  box.dataset.date = snap.date || "";
  box.dataset.alliances = JSON.stringify(Object.fromEntries(state.alliances.map((a) => [a.id, a.members.length])));
  const bc = {};
  for (const n of snap.nodes) if (n.bloc_alliance) bc[n.bloc_alliance] = (bc[n.bloc_alliance] || 0) + 1;
  box.dataset.blocs = JSON.stringify(bc);
  el("network-title").textContent = `${snap.region || "system"} ${snap.date || snap.year}`;
  const blocs = new Map();
  for (const n of snap.nodes) if (n.bloc_alliance) blocs.set(n.bloc_alliance, n.bloc_label);
  el("legend").replaceChildren(...[...blocs].map(([a, label]) => {
    const s = document.createElement("span");
    const i = document.createElement("i");
    i.style.background = blocColour(a);
    s.append(i, label);
    return s;
  }));
  return names;
}

function fillWhatIf(snap, alliances) {
  const st = el("wi-state"), st2 = el("wi-state2"), al = el("wi-alliance");
  const keepS = st.value, keepS2 = st2.value, keepA = al.value;
  st.replaceChildren(...snap.nodes.map((n) => new Option(n.name, String(n.ccode))));
  st2.replaceChildren(...snap.nodes.map((n) => new Option(n.name, String(n.ccode))));
  al.replaceChildren(...alliances.map((a) => new Option(a.name, a.id)));
  if ([...st.options].some((o) => o.value === keepS)) st.value = keepS;
  if ([...st2.options].some((o) => o.value === keepS2)) st2.value = keepS2;
  else if (st2.options.length > 1) st2.selectedIndex = 1;
  if ([...al.options].some((o) => o.value === keepA)) al.value = keepA;
  showWhatIfControls();
}

/* join/leave: a state and an alliance; create: two states; dissolve: an alliance */
function showWhatIfControls() {
  const type = el("wi-type").value;
  el("wi-state").hidden = type === "dissolve";
  el("wi-state2").hidden = type !== "create";
  el("wi-alliance").hidden = type === "create";
}

function whatIfEdit() {
  const type = el("wi-type").value;
  const a = Number(el("wi-state").value), b = Number(el("wi-state2").value);
  if (type === "dissolve") return { type, alliance: el("wi-alliance").value };
  if (type === "create") {
    if (a === b) throw new Error("a pact needs two different states");
    return { type, id: `whatif_${a}_${b}`, name: "what-if defence pact", members: [a, b], obligations: ["defense"] };
  }
  return { type, state: a, alliance: el("wi-alliance").value };
}

function drawChart() {
  const svg = el("chart");
  const rows = state.panel || [];
  const key = el("indicator").value;
  const pts = rows.filter((r) => r[key] !== null && r[key] !== undefined).map((r) => [r.year, Number(r[key])]);
  const W = 600, H = 220, L = 50, R = 10, T = 10, B = 25;
  const parts = [];
  if (rows.length) {
    const y0 = rows[0].year, y1 = rows[rows.length - 1].year;
    const vals = pts.map((p) => p[1]);
    let lo = Math.min(...vals, 0), hi = Math.max(...vals, 1e-9);
    if (hi === lo) hi = lo + 1;
    const sx = (y) => L + ((y - y0) / Math.max(y1 - y0, 1)) * (W - L - R);
    const sy = (v) => H - B - ((v - lo) / (hi - lo)) * (H - T - B);
    parts.push(`<line class="axis" x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}"/>`);
    parts.push(`<line class="axis" x1="${L}" y1="${T}" x2="${L}" y2="${H - B}"/>`);
    parts.push(`<text x="${L}" y="${H - 8}">${y0}</text><text x="${W - R - 24}" y="${H - 8}">${y1}</text>`);
    parts.push(`<text x="2" y="${T + 8}">${hi.toFixed(2)}</text><text x="2" y="${H - B}">${lo.toFixed(2)}</text>`);
    if (pts.length) parts.push(`<polyline class="line" points="${pts.map((p) => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(" ")}"/>`);
    const x = sx(state.year).toFixed(1);
    parts.push(`<line class="mark" id="year-mark" x1="${x}" y1="${T}" x2="${x}" y2="${H - B}"/>`);
    parts.push(`<text x="${Number(x) + 3}" y="${T + 10}">${state.year}</text>`);
  }
  svg.innerHTML = parts.join("");
  svg.dataset.year = String(state.year);
  svg.dataset.points = String(pts.length);
}

function drawMeasuresTable() {
  const row = (state.panel || []).find((r) => r.year === state.year);
  const rows = row ? Object.entries(row).filter(([k]) => k !== "region" && k !== "year").map(([k, v]) => ({ indicator: k, value: v })) : [];
  table("measures-table", rows, ["indicator", "value"]);
}

async function loadPanel() {
  const lo = Math.max(FIRST, state.year - WINDOW), hi = Math.min(LAST, state.year + WINDOW);
  const cur = state.panelKey.split(":");
  if (cur[0] === state.region && Number(cur[1]) <= Math.max(FIRST, state.year - 3) && Number(cur[2]) >= Math.min(LAST, state.year + 3)) {
    drawChart(); drawMeasuresTable(); return;
  }
  const key = `${state.region}:${lo}:${hi}`;
  state.panelKey = key;
  const q = new URLSearchParams({ region: state.region, years: `${lo}-${hi}`, n_sims: String(N_SIMS) });
  el("measures-csv").href = `/api/measures?${q}&format=csv`;
  const body = await getJSON(`/api/measures?${q}`);
  if (state.panelKey !== key) return;
  state.panel = body.rows;
  drawChart(); drawMeasuresTable();
  el("chart").dataset.ready = "1";
}

async function load() {
  const seq = ++state.seq;
  window.__dashboardReady = false;
  setURL();
  const q = viewQuery();
  el("status").textContent = "";
  try {
    const [snap, al, st, mp] = await Promise.all([
      getJSON(`/api/snapshot?${q}`), getJSON(`/api/alliances?${q}`), getJSON(`/api/states?${q}`),
      getJSON(`/api/map?${q}`),
    ]);
    if (seq !== state.seq) return;
    state.snap = snap;
    state.alliances = al.alliances;
    drawNetwork(snap);
    await AllianceMap.draw(el("map"), el("map-unlisted"), mp.states, state.region, snap.year, blocColour);
    if (seq !== state.seq) return;
    el("map-title").textContent = `${snap.region || "system"} ${snap.date || snap.year}`;
    el("map-csv").href = `/api/map?${q}&format=csv`;
    fillWhatIf(snap, al.alliances);
    const names = new Map(st.states.map((s) => [s.ccode, s.name]));
    table("states-table", st.states, ["ccode", "name", "in_region", "capability", "capability_kind"]);
    table("alliances-table", al.alliances, ["id", "name", "domain", "obligations", "members"],
      (c, v) => (c === "members" ? v.map((m) => names.get(m) || m).join(", ") : show(v)));
    el("states-csv").href = `/api/states?${q}&format=csv`;
    el("alliances-csv").href = `/api/alliances?${q}&format=csv`;
    window.__dashboardReady = true;
  } catch (err) {
    el("status").textContent = String(err.message || err);
    window.__dashboardReady = true;
  }
  loadPanel().catch((err) => { el("status").textContent = String(err.message || err); });
  if (state.risk && state.risk.available) loadRisk();
}

const pct = (v) => (v === null || v === undefined ? "NA" : `${(100 * v).toFixed(v > 0.99 ? 3 : 1)}%`);
const num = (v) => (v === null || v === undefined ? "NA" : v.toFixed(2));

/* The risk view: the region-year's P(>=1 onset) and expected onsets with their
   intervals, and the top-risk dyads (/api/risk). */
async function loadRisk() {
  const seq = state.seq;
  const box = el("risk-summary");
  const q = new URLSearchParams({ year: String(state.year), region: state.region });
  box.dataset.ready = "0";
  box.textContent = `computing the risk of ${state.region} ${state.year}...`;
  el("risk-csv").href = `/api/risk?${q}&format=csv`;
  el("risk-region-csv").href = `/api/risk?${q}&table=region&format=csv`;
  try {
    const r = await getJSON(`/api/risk?${q}&top=15`);
    if (seq !== state.seq) return;
    const ry = r.region_year;
    el("risk-title").textContent = `${r.region} ${r.year}`;
    box.replaceChildren();
    const add = (label, v, lo, hi, f, key) => {
      const p = document.createElement("p");
      p.className = "risk-figure";
      p.dataset.key = key;
      p.dataset.value = v === null || v === undefined ? "" : String(v);
      p.textContent = `${label}: ${f(v)} [${f(lo)}, ${f(hi)}]`;
      box.appendChild(p);
    };
    if (ry) {
      add("P(at least one MID onset)", ry.p_any, ry.p_any_lo, ry.p_any_hi, pct, "p_any");
      add("expected onsets", ry.expected, ry.expected_lo, ry.expected_hi, num, "expected");
    }
    const carried = r.dyads.length ? r.dyads[0].carried_forward : "";
    const p = document.createElement("p");
    p.textContent = `${r.dyads_total} dyads; carried forward: ${carried || "none"}`;
    box.appendChild(p);
    table("risk-table", r.dyads, ["name1", "name2", "p_onset", "p_lo", "p_hi"]);
    el("risk-card").textContent = `Model card: ${r.model.model}, trained ${r.model.training_span.join("-")} on ${r.sources.map((s) => `${s.source} ${s.version}`).join(", ")}; ${r.cite}.`;
    box.dataset.ready = "1";
    box.dataset.year = String(r.year);
  } catch (err) {
    if (seq === state.seq) box.textContent = String(err.message || err);
  }
}

async function runWhatIf() {
  const status = el("wi-status");
  const token = el("wi-token").value || sessionStorage.getItem("alliancelab-token") || "";
  const scenario = {
    scenario: { name: "dashboard-what-if" },
    base: { year: state.year, region: state.region },
    edits: [],
  };
  status.dataset.status = "running";
  status.textContent = "running...";
  el("wi-table").replaceChildren();
  try {
    scenario.edits.push(whatIfEdit());
    const job = await getJSON("/api/scenarios?n=200", {
      method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: JSON.stringify(scenario),
    });
    let j = job;
    while (j.status === "queued" || j.status === "running") {
      await new Promise((r) => setTimeout(r, 400));
      j = await getJSON(`/api/jobs/${job.id}`);
    }
    if (j.status !== "done") throw new Error(`${j.status}: ${j.error ? j.error.message : ""}`);
    /* the deltas' interval when the result carries delta_lo and delta_hi (a scenario
       run's 95% interval; a point delta, e.g. a deterministic measure, has none) */
    const first = j.result.table[0] || {};
    const withCI = "delta_lo" in first && "delta_hi" in first;
    const ci = (r) => (r.delta_lo === null || r.delta_lo === undefined ? "" : `[${show(r.delta_lo)}, ${show(r.delta_hi)}]`);
    const rows = j.result.table.map((r) => (withCI ? { ...r, interval: ci(r) } : r));
    const cols = ["name", "baseline", "scenario", "delta", ...(withCI ? ["interval"] : [])];
    table("wi-table", rows, cols);
    status.textContent = j.result.changes.map((c) => c.description).join("; ");
    status.dataset.status = "done";
    status.dataset.rows = String(rows.length);
  } catch (err) {
    status.textContent = String(err.message || err);
    status.dataset.status = "failed";
  }
}

function setYear(y) {
  state.year = Math.min(LAST, Math.max(FIRST, Number(y) || state.year));
  el("year").value = String(state.year);
  el("year-number").value = String(state.year);
}

/* the year controls' range: the served data's years (/api/health) */
function setRange(first, last) {
  FIRST = first; LAST = last;
  for (const id of ["year", "year-number"]) { el(id).min = String(first); el(id).max = String(last); }
  el("date").min = `${first}-01-01`; el("date").max = `${last}-12-31`;
  if (!state.date) setYear(state.year);
}

function init() {
  const params = new URLSearchParams(location.search);
  const hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get("token")) { sessionStorage.setItem("alliancelab-token", hash.get("token")); history.replaceState(null, "", location.pathname + location.search); }
  if (params.get("region")) state.region = params.get("region");
  const day = params.get("date");
  if (day && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(day)) { state.date = day; setYear(day.slice(0, 4)); el("date").value = day; }
  else setYear(params.get("year") || state.year);
  const reg = el("region");
  if (![...reg.options].some((o) => o.value === state.region)) reg.add(new Option(state.region, state.region));
  reg.value = state.region;
  let timer = null;
  const later = () => { clearTimeout(timer); timer = setTimeout(load, 150); };
  const toYear = () => { state.date = null; el("date").value = ""; };
  el("year").addEventListener("input", (e) => { toYear(); setYear(e.target.value); drawChart(); later(); });
  el("year-number").addEventListener("change", (e) => { toYear(); setYear(e.target.value); drawChart(); load(); });
  el("date").addEventListener("change", (e) => {
    const v = e.target.value;
    if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v)) return;
    state.date = v; setYear(v.slice(0, 4)); drawChart(); load();
  });
  el("date-clear").addEventListener("click", () => { toYear(); load(); });
  reg.addEventListener("change", (e) => { state.region = e.target.value; state.panelKey = ""; load(); });
  el("indicator").addEventListener("change", drawChart);
  el("wi-type").addEventListener("change", showWhatIfControls);
  el("wi-form").addEventListener("submit", (e) => { e.preventDefault(); runWhatIf(); });
  const health = getJSON("/api/health").then((h) => {
    state.prov = { provenance: h.provenance, cite: h.cite };
    state.risk = h.risk;
    if (h.years) setRange(h.years[0], h.years[1]);
    el("provenance").textContent = `${h.provenance} — ${h.cite}`;
    if (!h.risk.available) { el("risk-summary").textContent = h.risk.reason; el("risk-summary").dataset.ready = "unavailable"; }
  }).catch(() => {});
  const view = () => `${state.region}-${state.year}`;
  const prov = () => state.prov || { provenance: "alliancelab", cite: "" };
  const on = (id, make) => el(id).addEventListener("click", async (e) => {
    e.preventDefault();
    try { const [blob, name] = await make(); Downloads.save(blob, name); } catch (err) { el("status").textContent = String(err.message || err); }
  });
  on("network-png", async () => [await Downloads.networkPNG(cy, `alliance network ${view()}`, prov()), `network-${view()}.png`]);
  on("network-svg", async () => [Downloads.networkSVG(cy, `alliance network ${view()}`, prov()), `network-${view()}.svg`]);
  on("map-svg", async () => [Downloads.svgOf(el("map"), `map ${view()}`, prov()), `map-${view()}.svg`]);
  on("chart-svg", async () => [Downloads.svgOf(el("chart"), `${el("indicator").value} around ${view()}`, prov()), `indicator-${el("indicator").value}-${view()}.svg`]);
  health.then(load);
}

init();
