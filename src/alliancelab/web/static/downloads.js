/* alliancelab dashboard downloads: the network as PNG (cytoscape's png export, with the
   data version and citation in PNG tEXt chunks) and SVG (written from the drawn
   elements), the indicator chart and the map as standalone SVG; every SVG carries the
   same text in its <title>, <desc> and <metadata>. */
"use strict";

const Downloads = (() => {
  const esc = (t) => String(t).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

  function save(blob, name) {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  }

  function header(title, prov) {
    return `<title>${esc(title)}</title><desc>${esc(prov.provenance)}. ${esc(prov.cite)}</desc>` +
      `<metadata><alliancelab xmlns="https://alliancelab.invalid/provenance" provenance="${esc(prov.provenance)}" cite="${esc(prov.cite)}"/></metadata>`;
  }

  /* a standalone SVG of an inline one, with the page's computed styles inlined */
  function svgOf(svg, title, prov) {
    const copy = svg.cloneNode(true);
    const src = svg.querySelectorAll("*"), dst = copy.querySelectorAll("*");
    const keep = ["fill", "stroke", "stroke-width", "stroke-dasharray", "fill-opacity", "font-size", "font-family"];
    src.forEach((n, k) => {
      const cs = getComputedStyle(n);
      dst[k].setAttribute("style", keep.map((p) => `${p}:${cs.getPropertyValue(p)}`).join(";"));
    });
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    copy.querySelectorAll(":scope > title").forEach((t) => t.remove());
    copy.insertAdjacentHTML("afterbegin", header(title, prov));
    return new Blob([new XMLSerializer().serializeToString(copy)], { type: "image/svg+xml" });
  }

  function networkSVG(cy, title, prov) {
    const bb = cy.elements().boundingBox();
    const pad = 20, parts = [];
    for (const e of cy.edges()) {
      const s = e.source().position(), t = e.target().position(), kind = e.data("kind");
      const dash = kind === "other" ? ' stroke-dasharray="6 4"' : kind === "rivalry" ? ' stroke-dasharray="2 3"' : "";
      const colour = kind === "rivalry" ? "#c0392b" : kind === "other" ? "#bbb" : "#8aa";
      parts.push(`<line x1="${s.x.toFixed(1)}" y1="${s.y.toFixed(1)}" x2="${t.x.toFixed(1)}" y2="${t.y.toFixed(1)}" stroke="${colour}" stroke-width="1.2"${dash}/>`);
    }
    for (const n of cy.nodes()) {
      const p = n.position(), r = n.data("size") / 2, c = n.data("colour");
      const fill = n.data("inRegion") ? `fill="${c}"` : `fill="${c}" fill-opacity="0.25" stroke="${c}" stroke-width="2"`;
      parts.push(`<circle cx="${p.x.toFixed(1)}" cy="${p.y.toFixed(1)}" r="${r.toFixed(1)}" ${fill}><title>${esc(n.data("label"))}</title></circle>`);
      parts.push(`<text x="${p.x.toFixed(1)}" y="${(p.y + r + 10).toFixed(1)}" font-size="9" text-anchor="middle" fill="#333">${esc(n.data("label"))}</text>`);
    }
    const vb = `${(bb.x1 - pad).toFixed(0)} ${(bb.y1 - pad).toFixed(0)} ${(bb.w + 2 * pad).toFixed(0)} ${(bb.h + 2 * pad + 14).toFixed(0)}`;
    const foot = `<text x="${(bb.x1 - pad + 4).toFixed(0)}" y="${(bb.y2 + pad + 10).toFixed(0)}" font-size="8" fill="#555">${esc(prov.provenance)}</text>`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${vb}" font-family="sans-serif">${header(title, prov)}<rect x="${(bb.x1 - pad).toFixed(0)}" y="${(bb.y1 - pad).toFixed(0)}" width="${(bb.w + 2 * pad).toFixed(0)}" height="${(bb.h + 2 * pad + 14).toFixed(0)}" fill="#fff"/>${parts.join("")}${foot}</svg>`;
    return new Blob([svg], { type: "image/svg+xml" });
  }

  /* PNG tEXt chunks (keyword NUL text, Latin-1) inserted after IHDR, CRC-32 per chunk */
  const CRC = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  function chunk(type, data) {
    const out = new Uint8Array(12 + data.length);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, data.length);
    for (let k = 0; k < 4; k++) out[4 + k] = type.charCodeAt(k);
    out.set(data, 8);
    let c = 0xffffffff;
    for (let k = 4; k < 8 + data.length; k++) c = CRC[(c ^ out[k]) & 0xff] ^ (c >>> 8);
    dv.setUint32(8 + data.length, (c ^ 0xffffffff) >>> 0);
    return out;
  }
  const latin1 = (s) => Uint8Array.from(s, (ch) => (ch.charCodeAt(0) < 256 ? ch.charCodeAt(0) : 63));

  async function networkPNG(cy, title, prov) {
    const png = new Uint8Array(await cy.png({ output: "blob", full: true, bg: "#ffffff", scale: 2 }).arrayBuffer());
    const texts = [["Title", title], ["Source", prov.provenance], ["Comment", prov.cite]]
      .map(([k, v]) => chunk("tEXt", latin1(`${k}\0${v}`)));
    const cut = 8 + 25; // signature + IHDR chunk (13 data bytes + 12)
    return new Blob([png.slice(0, cut), ...texts, png.slice(cut)], { type: "image/png" });
  }

  return { save, svgOf, networkSVG, networkPNG };
})();
