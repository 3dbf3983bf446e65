#!/usr/bin/env node
// Builds assets/map/countries.json (Eurasia country outlines) from Natural Earth
// admin-0 countries as redistributed by the world-atlas npm package.
// Usage (from a directory where `npm install world-atlas@2 topojson-client` was run):
//   node make_countries.js [--res 50m|110m] [--tol 0.05] [--out countries.json]
// Set NODE_PATH to that directory's node_modules if running the script from elsewhere.
"use strict";
const fs = require("fs");
const path = require("path");
const { feature } = require("topojson-client");

// ---- parameters -----------------------------------------------------------
const args = process.argv.slice(2);
function arg(name, def) { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; }
const RES = arg("--res", "50m");
const TOL = parseFloat(arg("--tol", "0.05"));          // Douglas-Peucker tolerance, degrees
const OUT = arg("--out", path.join(__dirname, "countries.json"));
const BOX = { w: -25, e: 180, s: -12, n: 82 };        // keep countries intersecting this box
const WEST_CUT = -25;                                  // drop parts lying entirely west of this
const MIN_AREA = 0.05;                                 // square degrees; smaller islands dropped
const MIN_AREA_LAND = 0.01;                            // same for parts with a land border (Gaza, Sokh...)
const MIN_PTS = 4;                                     // min distinct vertices per ring
const DECIMALS = 2;

// ISO 3166-1 numeric -> alpha-3, generated from pycountry 26.2.16:
//   python3 -c "import pycountry; print({c.numeric: c.alpha_3 for c in pycountry.countries})"
const ISO = {
"004":"AFG","008":"ALB","010":"ATA","012":"DZA","016":"ASM","020":"AND","024":"AGO","028":"ATG",
"031":"AZE","032":"ARG","036":"AUS","040":"AUT","044":"BHS","048":"BHR","050":"BGD","051":"ARM",
"052":"BRB","056":"BEL","060":"BMU","064":"BTN","068":"BOL","070":"BIH","072":"BWA","074":"BVT",
"076":"BRA","084":"BLZ","086":"IOT","090":"SLB","092":"VGB","096":"BRN","100":"BGR","104":"MMR",
"108":"BDI","112":"BLR","116":"KHM","120":"CMR","124":"CAN","132":"CPV","136":"CYM","140":"CAF",
"144":"LKA","148":"TCD","152":"CHL","156":"CHN","158":"TWN","162":"CXR","166":"CCK","170":"COL",
"174":"COM","175":"MYT","178":"COG","180":"COD","184":"COK","188":"CRI","191":"HRV","192":"CUB",
"196":"CYP","203":"CZE","204":"BEN","208":"DNK","212":"DMA","214":"DOM","218":"ECU","222":"SLV",
"226":"GNQ","231":"ETH","232":"ERI","233":"EST","234":"FRO","238":"FLK","239":"SGS","242":"FJI",
"246":"FIN","248":"ALA","250":"FRA","254":"GUF","258":"PYF","260":"ATF","262":"DJI","266":"GAB",
"268":"GEO","270":"GMB","275":"PSE","276":"DEU","288":"GHA","292":"GIB","296":"KIR","300":"GRC",
"304":"GRL","308":"GRD","312":"GLP","316":"GUM","320":"GTM","324":"GIN","328":"GUY","332":"HTI",
"334":"HMD","336":"VAT","340":"HND","344":"HKG","348":"HUN","352":"ISL","356":"IND","360":"IDN",
"364":"IRN","368":"IRQ","372":"IRL","376":"ISR","380":"ITA","384":"CIV","388":"JAM","392":"JPN",
"398":"KAZ","400":"JOR","404":"KEN","408":"PRK","410":"KOR","414":"KWT","417":"KGZ","418":"LAO",
"422":"LBN","426":"LSO","428":"LVA","430":"LBR","434":"LBY","438":"LIE","440":"LTU","442":"LUX",
"446":"MAC","450":"MDG","454":"MWI","458":"MYS","462":"MDV","466":"MLI","470":"MLT","474":"MTQ",
"478":"MRT","480":"MUS","484":"MEX","492":"MCO","496":"MNG","498":"MDA","499":"MNE","500":"MSR",
"504":"MAR","508":"MOZ","512":"OMN","516":"NAM","520":"NRU","524":"NPL","528":"NLD","531":"CUW",
"533":"ABW","534":"SXM","535":"BES","540":"NCL","548":"VUT","554":"NZL","558":"NIC","562":"NER",
"566":"NGA","570":"NIU","574":"NFK","578":"NOR","580":"MNP","581":"UMI","583":"FSM","584":"MHL",
"585":"PLW","586":"PAK","591":"PAN","598":"PNG","600":"PRY","604":"PER","608":"PHL","612":"PCN",
"616":"POL","620":"PRT","624":"GNB","626":"TLS","630":"PRI","634":"QAT","638":"REU","642":"ROU",
"643":"RUS","646":"RWA","652":"BLM","654":"SHN","659":"KNA","660":"AIA","662":"LCA","663":"MAF",
"666":"SPM","670":"VCT","674":"SMR","678":"STP","682":"SAU","686":"SEN","688":"SRB","690":"SYC",
"694":"SLE","702":"SGP","703":"SVK","704":"VNM","705":"SVN","706":"SOM","710":"ZAF","716":"ZWE",
"724":"ESP","728":"SSD","729":"SDN","732":"ESH","740":"SUR","744":"SJM","748":"SWZ","752":"SWE",
"756":"CHE","760":"SYR","762":"TJK","764":"THA","768":"TGO","772":"TKL","776":"TON","780":"TTO",
"784":"ARE","788":"TUN","792":"TUR","795":"TKM","796":"TCA","798":"TUV","800":"UGA","804":"UKR",
"807":"MKD","818":"EGY","826":"GBR","831":"GGY","832":"JEY","833":"IMN","834":"TZA","840":"USA",
"850":"VIR","854":"BFA","858":"URY","860":"UZB","862":"VEN","876":"WLF","882":"WSM","887":"YEM",
"894":"ZMB"
};
// Natural Earth features without an ISO numeric id in world-atlas (id undefined).
// Kosovo gets the user-assigned code XKX (used by EU/IMF/World Bank); the others have none.
const NO_ID_ISO3 = { "Kosovo": "XKX" };

// ---- load -----------------------------------------------------------------
const pkgDir = path.dirname(require.resolve("world-atlas/package.json"));
const atlasVersion = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8")).version;
const topo = JSON.parse(fs.readFileSync(path.join(pkgDir, `countries-${RES}.json`), "utf8"));

// Decode quantized, delta-encoded arcs to absolute lon/lat.
function decodeArcs(t) {
  const [sx, sy] = t.transform ? t.transform.scale : [1, 1];
  const [tx, ty] = t.transform ? t.transform.translate : [0, 0];
  return t.arcs.map(arc => {
    let x = 0, y = 0;
    return arc.map(p => {
      if (t.transform) { x += p[0]; y += p[1]; return [x * sx + tx, y * sy + ty]; }
      return [p[0], p[1]];
    });
  });
}
// Antimeridian: world-atlas does not cut every polygon at 180 deg. Russia's mainland
// ring runs 179.9 -> -180 -> ... Chukotka (-169) ... -> -180 -> 179.8 (Wrangel Island
// likewise), and vertices on the line are quantized to either +180 or -180.
// Fix: make every line continuous in longitude (unwrap by +-360), simplify the
// continuous arcs, then cut each polygon at +180 into an eastern part (kept) and a
// western part shifted back by -360 (which the "entirely west of -25" rule drops).
function unwrap(line) {
  const out = [];
  let off = 0;
  for (let i = 0; i < line.length; i++) {
    if (i) {
      const d = line[i][0] - line[i - 1][0];
      if (d > 180) off -= 360; else if (d < -180) off += 360;
    }
    out.push([line[i][0] + off, line[i][1]]);
  }
  return out;
}
const rawArcs = decodeArcs(topo).map(unwrap);

// ---- Douglas-Peucker ------------------------------------------------------
function segDist2(p, a, b) {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const L = dx * dx + dy * dy;
  let t = L > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / L : 0;
  t = Math.max(0, Math.min(1, t));
  const ex = a[0] + t * dx - p[0], ey = a[1] + t * dy - p[1];
  return ex * ex + ey * ey;
}
function dpOpen(pts, tol) {              // polyline, endpoints kept
  if (pts.length <= 2) return pts.slice();
  const keep = new Uint8Array(pts.length); keep[0] = keep[pts.length - 1] = 1;
  const tol2 = tol * tol, stack = [[0, pts.length - 1]];
  while (stack.length) {
    const [i, j] = stack.pop();
    let best = -1, bd = tol2;
    for (let k = i + 1; k < j; k++) { const d = segDist2(pts[k], pts[i], pts[j]); if (d > bd) { bd = d; best = k; } }
    if (best >= 0) { keep[best] = 1; stack.push([i, best], [best, j]); }
  }
  return pts.filter((_, k) => keep[k]);
}
function dp(pts, tol) {                  // handles closed polylines (first == last)
  const n = pts.length;
  if (n > 3 && pts[0][0] === pts[n - 1][0] && pts[0][1] === pts[n - 1][1]) {
    let far = 1, fd = -1;                // split at the vertex farthest from the start
    for (let k = 1; k < n - 1; k++) {
      const d = (pts[k][0] - pts[0][0]) ** 2 + (pts[k][1] - pts[0][1]) ** 2;
      if (d > fd) { fd = d; far = k; }
    }
    const a = dpOpen(pts.slice(0, far + 1), tol), b = dpOpen(pts.slice(far), tol);
    return a.concat(b.slice(1));
  }
  return dpOpen(pts, tol);
}

// Simplify the shared arcs (not the rings) so neighbouring countries keep
// exactly the same border line: no slivers or gaps between them.
const simpTopo = Object.assign({}, topo, { transform: undefined, arcs: rawArcs.map(a => dp(a, TOL)) });
delete simpTopo.transform;
const rawTopo = Object.assign({}, topo, { arcs: rawArcs });
delete rawTopo.transform;

const rawFeat = feature(rawTopo, topo.objects.countries).features;
const simpFeat = feature(simpTopo, topo.objects.countries).features;

// ---- geometry helpers -----------------------------------------------------
// Sutherland-Hodgman clip of a ring against the half-plane sgn*(lon - 180) <= 0.
function clipAt180(r, sgn) {
  const out = [], inside = p => sgn * (p[0] - 180) <= 0;
  const n = r.length;
  for (let i = 0; i < n; i++) {
    const a = r[i], b = r[(i + 1) % n];
    const ia = inside(a), ib = inside(b);
    if (ia) out.push(a);
    if (ia !== ib) { const t = (180 - a[0]) / (b[0] - a[0]); out.push([180, a[1] + t * (b[1] - a[1])]); }
  }
  return out.length >= 3 ? out : null;
}
// Each input polygon -> exactly two slots [east part, wrapped west part] (null if
// empty), so raw and simplified geometries stay index-aligned.
function splitPolygon(p) {
  let rings = p.map(unwrap);
  // shift so that the outer ring starts within [-180, 180)
  const s0 = rings[0][0][0], shift = -360 * Math.floor((s0 + 180) / 360);
  rings = rings.map(r => r.map(q => [q[0] + shift, q[1]]));
  // bring holes next to their outer ring
  rings = rings.map((r, i) => {
    if (!i) return r;
    const d = Math.round((r[0][0] - rings[0][0][0]) / 360) * 360;
    return d ? r.map(q => [q[0] - d, q[1]]) : r;
  });
  let w = Infinity, e = -Infinity;
  for (const q of rings[0]) { w = Math.min(w, q[0]); e = Math.max(e, q[0]); }
  if (w < -180) { rings = rings.map(r => r.map(q => [q[0] + 360, q[1]])); w += 360; e += 360; }
  if (e <= 180) return [rings, null];
  const part = sgn => {
    const outer = clipAt180(rings[0], sgn);
    if (!outer) return null;
    const holes = rings.slice(1).map(h => clipAt180(h, sgn)).filter(Boolean);
    const res = [outer, ...holes];
    return sgn > 0 ? res : res.map(r => r.map(q => [q[0] - 360, q[1]]));
  };
  return [part(1), part(-1)];
}
const polysOf = g => (!g ? [] : g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [])
  .flatMap(splitPolygon);
function signedArea(r) {
  let s = 0;
  for (let i = 0, n = r.length; i < n; i++) { const a = r[i], b = r[(i + 1) % n]; s += a[0] * b[1] - b[0] * a[1]; }
  return s / 2;
}
function bbox(r) {
  let w = Infinity, e = -Infinity, s = Infinity, n = -Infinity;
  for (const [x, y] of r) { w = Math.min(w, x); e = Math.max(e, x); s = Math.min(s, y); n = Math.max(n, y); }
  return { w, e, s, n };
}
function inBox(p) { return p[0] >= BOX.w && p[0] <= BOX.e && p[1] >= BOX.s && p[1] <= BOX.n; }
function pointInRing(p, r) {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const a = r[i], b = r[j];
    if ((a[1] > p[1]) !== (b[1] > p[1]) && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside;
}
function segsCross(p1, p2, p3, p4) {
  const o = (a, b, c) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  return o(p1, p2, p3) !== o(p1, p2, p4) && o(p3, p4, p1) !== o(p3, p4, p2);
}
const BOXC = [[BOX.w, BOX.s], [BOX.e, BOX.s], [BOX.e, BOX.n], [BOX.w, BOX.n]];
function polyIntersectsBox(outer) {   // outer ring vs rectangle
  const b = bbox(outer);
  if (b.e < BOX.w || b.w > BOX.e || b.n < BOX.s || b.s > BOX.n) return false;
  if (outer.some(inBox)) return true;
  if (BOXC.some(c => pointInRing(c, outer))) return true;
  for (let i = 0; i < outer.length; i++) {
    const a = outer[i], c = outer[(i + 1) % outer.length];
    for (let k = 0; k < 4; k++) if (segsCross(a, c, BOXC[k], BOXC[(k + 1) % 4])) return true;
  }
  return false;
}
const F = 10 ** DECIMALS;
const rnd = v => Math.round(v * F) / F;
function cleanRing(r, outer) {        // round, dedupe, open, orient; null if collapsed
  const out = [];
  for (const p of r) {
    const q = [rnd(p[0]), rnd(p[1])];
    const l = out[out.length - 1];
    if (!l || l[0] !== q[0] || l[1] !== q[1]) out.push(q);
  }
  while (out.length > 1 && out[0][0] === out[out.length - 1][0] && out[0][1] === out[out.length - 1][1]) out.pop();
  if (out.length < MIN_PTS) return null;
  const a = signedArea(out);
  if (a === 0) return null;
  if ((outer && a < 0) || (!outer && a > 0)) out.reverse();   // outer CCW, holes CW (RFC 7946)
  return out;
}
function cleanPoly(rings) {
  const outer = cleanRing(rings[0], true);
  if (!outer) return null;
  const poly = [outer];
  for (const h of rings.slice(1)) { const c = cleanRing(h, false); if (c) poly.push(c); }
  return poly;
}

// Which polygons have a land border with another country (some arc of their outer
// ring is used by another geometry)? Those are exclaves/enclaves, not islands.
const geoms = topo.objects.countries.geometries;
const arcPolys = g => (g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : []);
const arcUsers = new Map();
geoms.forEach((g, gi) => arcPolys(g).forEach(p => p.forEach(r => r.forEach(a => {
  const i = a < 0 ? ~a : a;
  if (!arcUsers.has(i)) arcUsers.set(i, new Set());
  arcUsers.get(i).add(gi);
}))));
const landBorder = geoms.map(g => arcPolys(g).map(p => p[0].some(a => arcUsers.get(a < 0 ? ~a : a).size > 1)));

// ---- main -----------------------------------------------------------------
const countries = [], notes = [];
for (let i = 0; i < rawFeat.length; i++) {
  const rf = rawFeat[i], sf = simpFeat[i];
  const name = rf.properties.name;
  const rawPolys = polysOf(rf.geometry), simpPolys = polysOf(sf.geometry);
  // candidate parts: not entirely west of WEST_CUT (antimeridian leftovers, e.g. Chukotka at -180..-169)
  const cand = [];
  rawPolys.forEach((p, k) => {
    if (!p || !simpPolys[k]) return;
    const b = bbox(p[0]);
    if (b.e < WEST_CUT) { return; }
    const land = landBorder[i][k >> 1];                   // two slots per source polygon
    cand.push({ k, area: Math.abs(signedArea(p[0])), land, hits: polyIntersectsBox(p[0]) });
  });
  if (!cand.some(c => c.hits)) continue;
  const westDropped = rawPolys.filter(Boolean).length - cand.length;
  if (westDropped) notes.push(`${name}: dropped ${westDropped} part(s) entirely west of ${WEST_CUT}`);
  const largest = cand.reduce((a, c) => (c.area > a.area ? c : a));
  const polygons = [];
  for (const c of cand) {
    if (c.area < (c.land ? MIN_AREA_LAND : MIN_AREA) && c !== largest) continue;
    // Holes are enclaves of other countries (San Marino, Sokh...). An enclave has a land
    // border, so it is kept iff its area >= MIN_AREA_LAND (or it is its country's only
    // part); drop holes below that area so no gap appears where the enclave was dropped.
    // Enclaved micro-states (San Marino, Vatican) then overlap Italy: draw them after it.
    const keepHole = rawPolys[c.k].slice(1).map(h => Math.abs(signedArea(h)) >= MIN_AREA_LAND);
    const poly = cleanPoly(simpPolys[c.k].filter((r, ri) => ri === 0 || keepHole[ri - 1]));
    if (poly) polygons.push(poly);
  }
  if (!polygons.length) {
    // Every kept part collapsed (micro-states): re-simplify the largest part on its own
    // with a progressively smaller tolerance so the country keeps a visible shape.
    for (let t = TOL / 2; t >= TOL / 64 && !polygons.length; t /= 2) {
      const poly = cleanPoly(rawPolys[largest.k].map(r => dp(r, t)));
      if (poly) { polygons.push(poly); notes.push(`${name}: collapsed at tol ${TOL}, kept largest part at tol ${t}`); }
    }
    if (!polygons.length) {
      const poly = cleanPoly(rawPolys[largest.k]);
      if (poly) { polygons.push(poly); notes.push(`${name}: collapsed, kept largest part unsimplified`); }
      else notes.push(`${name}: too small to represent at ${DECIMALS} decimals, polygons empty`);
    }
  }
  polygons.sort((a, b) => Math.abs(signedArea(b[0])) - Math.abs(signedArea(a[0])));  // largest part first
  const idn = rf.id || "";
  const iso3 = idn ? (ISO[idn] || "") : (NO_ID_ISO3[name] || "");
  if (!iso3) notes.push(`${name}: no ISO 3166-1 alpha-3 (iso_n3="${idn}")`);
  countries.push({ iso3, iso_n3: idn, name, polygons });
}
countries.sort((a, b) => a.name.localeCompare(b.name, "en"));

// ---- checks ---------------------------------------------------------------
let points = 0, rings = 0, polys = 0, holes = 0;
for (const c of countries) for (const p of c.polygons) {
  polys++;
  p.forEach((r, ri) => {
    rings++; if (ri) holes++; points += r.length;
    for (let j = 0; j < r.length; j++) {
      const a = r[j], b = r[(j + 1) % r.length];
      if (Math.abs(a[0] - b[0]) > 180) throw new Error(`${c.name}: longitude jump > 180 between consecutive points`);
    }
  });
}

const out = {
  source: `Natural Earth 1:${RES} admin-0 countries via world-atlas@${atlasVersion}`,
  countries,
};
const json = JSON.stringify(out);
fs.writeFileSync(OUT, json);
for (const n of notes) console.error("note: " + n);
console.error(`wrote ${OUT}: ${json.length} bytes, ${countries.length} countries, ${polys} polygons, ${rings} rings (${holes} holes), ${points} points, tol ${TOL}`);
