// The band chart: one row per role on a labelled scale; text is laid out by measuring it, so nothing
// is drawn over anything else at any width.
const SVG = "http://www.w3.org/2000/svg";
const SIDE = 4, AXIS = 30, LINE = 20, BAR = 16, LANE = 10, GAP = 4, ROW_GAP = 14, SPACE = 5;

export function money(amount, currency, period) {
  const whole = Number.isInteger(amount) && period !== "hourly";
  return new Intl.NumberFormat("en-US", {
    style: "currency", currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2,
  }).format(amount);
}

/** A figure the source does not publish is said so, never drawn or printed as a number. */
export const moneyOrNot = (amount, currency, period) => (amount == null ? "not published" : money(amount, currency, period));

function tickText(amount, currency) {
  const compact = amount >= 10000;
  return new Intl.NumberFormat("en-US", { style: "currency", currency, notation: compact ? "compact" : "standard",
    maximumFractionDigits: compact ? 1 : 2, minimumFractionDigits: 0 }).format(amount);
}

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text != null) node.textContent = text;
  return node;
}

function niceStep(raw) {
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

/** A scale of round numbers over the figures; the salary widens it only when it is near them. */
export function scale(figures, salary, left, right) {
  let low = Math.min(...figures), high = Math.max(...figures);
  const span = high - low || high || 1;
  if (salary != null && salary >= low - span / 2 && salary <= high + span / 2) {
    low = Math.min(low, salary);
    high = Math.max(high, salary);
  }
  const step = niceStep((high - low || span) / Math.max(2, Math.min(8, Math.floor((right - left) / 75))));
  low = Math.max(0, Math.floor(low / step) * step);
  high = Math.ceil(high / step) * step;
  if (high === low) high += step;
  const ticks = [];
  for (let tick = low; tick <= high + step / 2; tick += step) ticks.push(Number(tick.toPrecision(12)));
  const x = (v) => left + (right - left) * (v - low) / (high - low);
  return { low, high, ticks, x };
}

/** Lays out text pieces left to right from (x, y), measured; a chunk that does not fit starts a new line.
    Returns the y of the last line. */
function flow(group, chunks, x0, y, right) {
  let x = x0;
  for (const chunk of chunks) {
    const nodes = chunk.map(([text, cls]) => element("text", { x: 0, y, class: cls || "" }, text));
    nodes.forEach((node) => group.append(node));
    const widths = nodes.map((node) => node.getComputedTextLength());
    const width = widths.reduce((a, b) => a + b, 0) + SPACE * (nodes.length - 1);
    if (x > x0 && x + width > right) {
      x = x0;
      y += LINE;
      if (nodes[0].textContent.startsWith("· ")) nodes[0].textContent = nodes[0].textContent.slice(2); // a line starts bare
      widths[0] = nodes[0].getComputedTextLength();
    }
    nodes.forEach((node, i) => { node.setAttribute("x", x); node.setAttribute("y", y); x += widths[i] + SPACE; });
    x += SPACE;
  }
  return y;
}

// Gridlines run behind each row's bars only, never through its text.
function axis(svg, s, currency, strips) {
  const group = element("g", { class: "axis", "aria-hidden": "true" });
  group.append(element("line", { class: "axis-line", x1: s.x(s.low), x2: s.x(s.high), y1: AXIS - 6, y2: AXIS - 6 }));
  for (const tick of s.ticks) {
    for (const [top, bottom] of strips) {
      group.append(element("line", { class: "grid", x1: s.x(tick), x2: s.x(tick), y1: top - 4, y2: bottom + 4 }));
    }
    group.append(element("line", { class: "tick", x1: s.x(tick), x2: s.x(tick), y1: AXIS - 10, y2: AXIS - 6 }));
    const anchor = tick === s.low ? "start" : tick === s.high ? "end" : "middle";
    group.append(element("text", { class: "tick-label", x: s.x(tick), y: AXIS - 14, "text-anchor": anchor }, tickText(tick, currency)));
  }
  svg.prepend(group);
}

function market(group, m, s, y) {
  const lane = { y, height: LANE };
  if (m.pct10 != null && m.pct90 != null) {
    group.append(element("rect", { class: "market", x: s.x(m.pct10), width: s.x(m.pct90) - s.x(m.pct10), ...lane }));
  }
  const iqr = m.pct25 != null && m.pct75 != null;
  if (iqr) group.append(element("rect", { class: "market-iqr", x: s.x(m.pct25), width: s.x(m.pct75) - s.x(m.pct25), ...lane }));
  if (m.median != null) {
    group.append(element("line", { class: `median${iqr ? "" : " bare"}`, x1: s.x(m.median), x2: s.x(m.median), y1: y, y2: y + LANE }));
  }
}

function salaryMarker(group, value, s, top, bottom) {
  if (value < s.low || value > s.high) {
    const [edge, out] = value < s.low ? [s.x(s.low), -1] : [s.x(s.high), 1];
    const mid = (top + bottom) / 2, tip = edge + out * 2, back = edge - out * 10;
    group.append(element("path", { class: "salary-marker off-scale", d: `M${tip},${mid} L${back},${mid - 8} L${back},${mid + 8} Z` }));
    return;
  }
  const at = s.x(value);
  group.append(element("line", { class: "salary-halo", x1: at, x2: at, y1: top - 2, y2: bottom + 2 }));
  group.append(element("line", { class: "salary-marker", x1: at, x2: at, y1: top - 2, y2: bottom + 2 }));
  group.append(element("path", { class: "salary-pointer", d: `M${at - 5},${top - 9} L${at + 5},${top - 9} L${at},${top - 2} Z` }));
}

function salaryWords(view, row, value, s) {
  const p = row.position;
  if (p.error) return `Your salary: ${p.error}`;
  const off = value < s.low ? "off the scale, left · " : value > s.high ? "off the scale, right · " : "";
  return `Your ${money(value, row.currency, view.period)}: ${off}${p.placement} the band · compa-ratio ${p.compa_ratio}`;
}

/** The salary's words: at the right of the title line when they fit there, else on lines of their own. */
function salaryLabel(group, title, words, y, width) {
  const label = element("text", { x: width - SIDE, y, class: "salary-label", "text-anchor": "end" }, words);
  group.append(label);
  if (title.getComputedTextLength() + label.getComputedTextLength() + 16 <= width - 2 * SIDE) return y;
  label.remove();
  const parts = words.split(" · ").map((part, i) => [[i ? `· ${part}` : part, "salary-label"]]);
  return flow(group, parts, SIDE, y + LINE, width - SIDE);
}

function valueChunks(view, row) {
  const { currency } = row, period = view.period, f = row.figures;
  const chunks = [[[money(f.min, currency, period), "label-min"], ["–", "dash"], [money(f.max, currency, period), "label-max"]],
    [[`· midpoint ${money(f.mid, currency, period)}`, "label-mid"]]];
  if (row.estimate) chunks.push([["· area estimate", "label-estimate"]]);
  if (row.market) {
    const m = row.market;
    chunks.push([[`· market median ${moneyOrNot(m.median, currency, period)}`, "label-median"]]);
    chunks.push([[`· 10th–90th ${moneyOrNot(m.pct10, currency, period)} – ${moneyOrNot(m.pct90, currency, period)}`, "label-market"]]);
  }
  return chunks;
}

/** Draws `view` into `svg` at the width it is shown at; returns the scale (tests and the caption read it). */
export function draw(svg, view) {
  svg.replaceChildren();
  const width = Math.round(Math.min(980, Math.max(300, svg.parentElement.getBoundingClientRect().width || 900)));
  svg.setAttribute("viewBox", `0 0 ${width} 400`);
  const right = width - SIDE - 6, left = SIDE + 6;
  const marker = (row) => (view.period === view.salaryPeriod ? view.salary : row.position.salary_in_band_period);
  const figures = view.rows.filter((row) => row.figures).flatMap((row) => [row.figures.min, row.figures.max,
    row.market?.pct10, row.market?.pct90, row.market?.median].filter((v) => v != null));
  const placed = view.rows.filter((row) => row.position && !row.position.error);
  const salary = placed.length ? marker(placed[0]) : null;
  const s = scale(figures.length ? figures : [0, 1], salary, left, right);
  let y = AXIS + LINE;
  const strips = [];
  for (const row of view.rows) {
    const group = element("g", { "data-role": row.role.slug });
    svg.append(group);
    if (!row.figures) {
      y = flow(group, [[[row.role.title, "title"]], [["No published band", "none"]]], SIDE, y, width - SIDE) + LINE + ROW_GAP / 2;
      continue;
    }
    const title = element("text", { x: SIDE, y, class: "title" }, row.role.title);
    group.append(title);
    if (row.position) y = salaryLabel(group, title, salaryWords(view, row, row.position.error ? 0 : marker(row), s), y, width);
    const top = y + 12;
    const f = row.figures;
    group.append(element("rect", { class: `band${row.estimate ? " estimate" : ""}`, x: s.x(f.min), y: top,
      width: Math.max(s.x(f.max) - s.x(f.min), 2), height: BAR, rx: 3 }));
    group.append(element("line", { class: "midpoint", x1: s.x(f.mid), x2: s.x(f.mid), y1: top + 2, y2: top + BAR - 2 }));
    let bottom = top + BAR;
    if (row.market) {
      market(group, row.market, s, bottom + GAP);
      bottom += GAP + LANE;
    }
    if (row.position && !row.position.error) salaryMarker(group, marker(row), s, top, bottom);
    strips.push([top, bottom]);
    y = flow(group, valueChunks(view, row), SIDE, bottom + 18, width - SIDE) + LINE + ROW_GAP;
  }
  const height = Math.ceil(y - LINE + 4);
  axis(svg, s, view.rows.find((row) => row.currency)?.currency || "USD", strips);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  return s;
}

const SWATCHES = {
  band: '<rect class="band" x="1" y="3" width="30" height="12" rx="3"/>',
  estimate: '<rect class="band estimate" x="1" y="3" width="30" height="12" rx="3"/>',
  midpoint: '<rect class="band" x="1" y="3" width="30" height="12" rx="3"/><line class="midpoint" x1="16" x2="16" y1="5" y2="13"/>',
  market: '<rect class="market" x="1" y="4" width="30" height="10"/>',
  iqr: '<rect class="market-iqr" x="1" y="4" width="30" height="10"/><line class="median" x1="16" x2="16" y1="4" y2="14"/>',
  salary: '<line class="salary-marker" x1="16" x2="16" y1="3" y2="17"/><path class="salary-pointer" d="M11,0 L21,0 L16,5 Z"/>',
  offScale: '<path class="salary-marker off-scale" d="M30,9 L18,1 L18,17 Z"/>',
};

/** The legend, as text beside a small picture of each mark the chart shows now. */
export function legend(list, view, offScale) {
  const area = view.rows.some((row) => row.estimate), market = view.rows.some((row) => row.market);
  const salary = view.rows.some((row) => row.position && !row.position.error);
  const national = view.rows.some((row) => row.figures && !row.estimate);
  const items = [
    ["band", "The guide's national band, minimum to maximum", national],
    ["estimate", `Estimate for ${view.areaName}: the national band scaled by the area's market (not published by the guide)`, area],
    ["midpoint", "White tick: the band's midpoint", true],
    ["market", "Grey: the area's market pay, 10th to 90th percentile", market],
    ["iqr", "Dark grey: 25th to 75th percentile; white tick: the market median", market],
    ["salary", "Your salary", salary],
    ["offScale", "Arrow at the edge: your salary is off the scale (its value is written on the row)", offScale],
  ];
  list.replaceChildren(...items.filter(([, , shown]) => shown).map(([kind, words]) => {
    const item = document.createElement("li");
    const marks = kind === "midpoint" && !national ? SWATCHES.midpoint.replace('"band"', '"band estimate"') : SWATCHES[kind];
    item.innerHTML = `<svg class="swatch" viewBox="0 0 32 18" width="32" height="18" aria-hidden="true">${marks}</svg>`;
    item.append(words);
    return item;
  }));
}
