/* alliancelab dashboard map: world-atlas 2.0.2 countries-110m TopoJSON (ISC, vendored),
   decoded here and drawn as SVG in an equirectangular projection (x scaled by the cosine
   of the view's middle latitude). States come from /api/map: a polygon (ISO 3166-1
   numeric id through the dated COW-to-ISO crosswalk), a point at the capital, or only
   listed; every state not drawn as a polygon is named in #map-unlisted. No library. */
"use strict";

const AllianceMap = (() => {
  /* [lon0, lon1, lat0, lat1] of each region's fixed view (the same in every year) */
  const VIEWS = {
    europe: [-25, 60, 33, 72], americas: [-170, -30, -57, 75], africa: [-20, 55, -36, 38],
    middle_east: [22, 65, 10, 43], asia: [25, 180, -48, 60], oceania: [110, 180, -50, 2],
  };
  const W = 600;
  let topo = null, rings = null;

  async function load() {
    if (topo) return;
    const res = await fetch("/static/vendor/world-atlas/countries-110m.json");
    topo = await res.json();
    const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
    const arcs = topo.arcs.map((arc) => {
      let x = 0, y = 0;
      return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
    });
    const ring = (ids) => {
      const pts = [];
      for (const i of ids) {
        const a = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
        pts.push(...(pts.length ? a.slice(1) : a));
      }
      /* a ring cut at the antimeridian (Russia's Chukotka, Fiji): keep it on one side */
      if (pts.some((q, k) => k && Math.abs(q[0] - pts[k - 1][0]) > 180)) {
        return pts.map(([x, y]) => [x < 0 ? x + 360 : x, y]);
      }
      return pts;
    };
    rings = topo.objects.countries.geometries.map((g) => {
      const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      return { id: g.id === undefined ? null : String(g.id), name: g.properties.name, rings: polys.flatMap((p) => p.map(ring)) };
    });
  }

  function projection(region) {
    const [l0, l1, b0, b1] = VIEWS[region] || [-180, 180, -60, 85];
    const k = Math.cos(((b0 + b1) / 2) * Math.PI / 180);
    const s = W / ((l1 - l0) * k);
    const H = Math.round((b1 - b0) * s);
    return { H, p: ([lon, lat]) => [((lon - l0) * k * s).toFixed(1), ((b1 - lat) * s).toFixed(1)] };
  }

  function esc(t) { return String(t).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`); }

  /* rows: /api/map states; colour(alliance id) -> fill. Returns {drawn, listed}. */
  async function draw(svg, list, rows, region, year, colour) {
    await load();
    const { H, p } = projection(region);
    const byIso = new Map(rows.filter((r) => r.drawn === "polygon").map((r) => [r.iso_numeric, r]));
    const parts = [`<title>alliancelab map ${esc(region)} ${year}</title>`];
    for (const g of rings) {
      const r = g.id ? byIso.get(g.id) : undefined;
      const d = g.rings.map((pts) => `M${pts.map(p).join("L")}Z`).join("");
      const fill = r ? colour(r.bloc_alliance) : "#eee";
      const cls = r ? (r.in_region ? "state" : "state outside") : "other";
      const tip = r ? `${r.name} (${r.ccode})` : g.name;
      parts.push(`<path class="${cls}" d="${d}" fill="${fill}"${r ? ` data-ccode="${r.ccode}"` : ""}><title>${esc(tip)}</title></path>`);
    }
    const points = rows.filter((r) => r.drawn === "point");
    for (const r of points) {
      const [x, y] = p([r.lon, r.lat]);
      parts.push(`<circle class="point" cx="${x}" cy="${y}" r="4" fill="${colour(r.bloc_alliance)}" data-ccode="${r.ccode}"><title>${esc(r.name)} (${r.ccode}), at its capital: no polygon on the map</title></circle>`);
    }
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    svg.innerHTML = parts.join("");
    const notPoly = rows.filter((r) => r.drawn !== "polygon");
    list.replaceChildren(...notPoly.map((r) => {
      const li = document.createElement("li");
      li.dataset.ccode = String(r.ccode);
      li.dataset.drawn = r.drawn;
      li.textContent = `${r.name} (${r.ccode})${r.drawn === "point" ? ": point at the capital" : ": not drawn"}`;
      return li;
    }));
    const drawn = rows.filter((r) => r.drawn === "polygon").length + points.length;
    svg.dataset.drawn = String(drawn);
    svg.dataset.listed = String(notPoly.length);
    svg.dataset.year = String(year);
    return { drawn, listed: notPoly.length };
  }

  return { draw };
})();
