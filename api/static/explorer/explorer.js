// The band explorer: every figure comes from the public JSON API; this module only draws.
const SVG = "http://www.w3.org/2000/svg";
const LEFT = 4, RIGHT = 4, LABEL = 88, TOP = 12;
const $ = (id) => document.getElementById(id);
const controls = ["industry", "level", "period", "salary", "area"];

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  if (response.status === 404) return null;
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null));

function money(amount, currency, period) {
  const whole = Number.isInteger(amount) && period !== "hourly";
  return new Intl.NumberFormat("en-US", {
    style: "currency", currency, minimumFractionDigits: whole ? 0 : 2, maximumFractionDigits: whole ? 0 : 2,
  }).format(amount);
}

function state() {
  return Object.fromEntries(controls.map((name) => [name, $(name).value.trim()]));
}

async function fillChoices() {
  const [industries, areas] = await Promise.all([api("/v1/industries?limit=100"), api("/v1/areas?limit=100")]);
  for (const industry of industries.data) $("industry").add(new Option(industry.name, industry.slug));
  if (areas && areas.pagination.total > 0) {
    for (const area of areas.data.filter((a) => a.type !== "national")) $("area").add(new Option(area.name, area.code));
    $("area-control").hidden = false;
  }
}

// One row per role: its band (per the period, converted by the API), and what the controls add.
async function load({ industry, level, period: salaryPeriod, salary, area }) {
  const period = area ? "annual" : salaryPeriod; // BLS publishes annual wages: an area view is annual
  const [roles, bands, source] = await Promise.all([
    api(`/v1/roles?${query({ industry, level, limit: 100 })}`),
    api(`/v1/salary-bands?${query({ period, limit: 100, sort: "year" })}`),
    api("/v1/sources/1"),
  ]);
  const latest = new Map(bands.data.map((band) => [band.role.slug, band]));
  const rows = roles.data.map((role) => ({ role, band: latest.get(role.slug) || null }));
  await Promise.all(rows.filter((row) => row.band).map(async (row) => {
    const id = row.band.id;
    if (salary) row.position = await api(`/v1/salary-bands/${id}/position?${query({ salary, period: salaryPeriod })}`);
    if (area && row.role.occupation) {
      [row.localized, row.market] = await Promise.all([
        api(`/v1/salary-bands/${id}/localized?area=${area}`),
        api(`/v1/salary-bands/${id}/market-position?area=${area}`),
      ]);
    }
  }));
  return { rows, period, salaryPeriod, salary: salary ? Number(salary) : null, area, source };
}

const amountsOf = ({ band, converted, localized, market }) => {
  if (!band) return [];
  if (localized) return [localized.salary_min, localized.salary_max, band.salary_min, band.salary_max,
    market?.market.annual_pct10, market?.market.annual_pct90].filter((v) => v != null);
  const figures = band.converted || band;
  return [figures.salary_min, figures.salary_max];
};

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (text != null) node.textContent = text;
  return node;
}

function draw(view) {
  const svg = $("chart");
  svg.replaceChildren();
  // Drawn at the width it is shown at, so text stays legible on a phone.
  const WIDTH = Math.round(Math.min(980, Math.max(320, svg.parentElement.getBoundingClientRect().width || 900)));
  const narrow = WIDTH < 600, ROW = narrow ? 84 : 64;
  const height = TOP + ROW * Math.max(view.rows.length, 1) + 8;
  svg.setAttribute("viewBox", `0 0 ${WIDTH} ${height}`);
  // The salary is drawn in the chart's period: as typed, or as the API converted it to the band's.
  const marker = (row) => (view.period === view.salaryPeriod ? view.salary : row.position.salary_in_band_period);
  const values = view.rows.flatMap(amountsOf).concat(view.rows.filter((r) => r.position).map(marker));
  const low = values.length ? Math.min(...values) * 0.95 : 0, high = values.length ? Math.max(...values) * 1.02 : 1;
  const x = (v) => LEFT + LABEL + (WIDTH - LEFT - RIGHT - 2 * LABEL) * (v - low) / (high - low);
  view.rows.forEach((row, index) => {
    const y = TOP + ROW * index;
    const group = element("g", { "data-role": row.role.slug });
    group.append(element("text", { x: LEFT, y: y + 16, class: "title" }, row.role.title));
    if (!row.band) {
      group.append(element("text", { x: LEFT, y: y + 40, class: "none" }, "No published band"));
    } else {
      const currency = row.band.currency;
      if (row.market) {
        const m = row.market.market;
        if (m.annual_pct10 != null && m.annual_pct90 != null) {
          group.append(element("rect", { class: "market", x: x(m.annual_pct10), y: y + 24, width: x(m.annual_pct90) - x(m.annual_pct10), height: 26 }));
        }
        if (m.annual_pct25 != null && m.annual_pct75 != null) {
          group.append(element("rect", { class: "market-iqr", x: x(m.annual_pct25), y: y + 24, width: x(m.annual_pct75) - x(m.annual_pct25), height: 26 }));
        }
        if (m.annual_median != null) group.append(element("line", { class: "median", x1: x(m.annual_median), x2: x(m.annual_median), y1: y + 22, y2: y + 52 }));
      }
      const figures = row.localized || row.band.converted || row.band;
      const shown = { min: figures.salary_min, max: figures.salary_max, mid: row.localized ? row.localized.midpoint : figures.midpoint };
      const estimate = row.localized ? " estimate" : "";
      group.append(element("rect", { class: `band${estimate}`, x: x(shown.min), y: y + 30, width: Math.max(x(shown.max) - x(shown.min), 2), height: 14, rx: 4 }));
      group.append(element("line", { class: "midpoint", x1: x(shown.mid), x2: x(shown.mid), y1: y + 26, y2: y + 48 }));
      group.append(element("text", { class: "label-min", x: x(shown.min) - 6, y: y + 42, "text-anchor": "end" }, money(shown.min, currency, view.period)));
      group.append(element("text", { class: "label-max", x: x(shown.max) + 6, y: y + 42, "text-anchor": "start" }, money(shown.max, currency, view.period)));
      if (row.position) {
        const p = row.position;
        group.append(element("line", { class: "salary-marker", x1: x(marker(row)), x2: x(marker(row)), y1: y + 22, y2: y + 52 }));
        const where = narrow ? { x: LEFT, y: y + 70, "text-anchor": "start" } : { x: WIDTH - RIGHT, y: y + 16, "text-anchor": "end" };
        const words = narrow ? `${p.placement} · compa-ratio ${p.compa_ratio}` : `Your salary: ${p.placement} the band · compa-ratio ${p.compa_ratio}`;
        group.append(element("text", { class: "salary-label", ...where }, words));
      }
    }
    $("chart").append(group);
  });
  const banded = view.rows.filter((row) => row.band).length;
  $("chart-caption").textContent = `${banded} published band${banded === 1 ? "" : "s"} across ${view.rows.length} roles, per ` +
    `${{ annual: "year", monthly: "month", hourly: "hour" }[view.period]}. Bar: minimum to maximum; line: midpoint` +
    (view.area ? "; shaded: the area's market, 10th to 90th percentile (darker: 25th to 75th)." : ".");
  const sources = [`${view.source.title} (${view.source.publisher}): the bands`];
  if (view.area) sources.push("U.S. Bureau of Labor Statistics, OEWS (public domain): market wages; area bands are estimates, not published by the guide");
  $("source").textContent = `Source: ${sources.join("; ")}.`;
}

function table(view) {
  $("table").tBodies[0].replaceChildren(...view.rows.map((row) => {
    const tr = document.createElement("tr");
    const band = row.band && (row.band.converted || row.band);
    const cells = [
      row.role.title,
      band ? `${money(band.salary_min, row.band.currency, view.period)} – ${money(band.salary_max, row.band.currency, view.period)}` : "No published band",
      band ? money(band.midpoint, row.band.currency, view.period) : "",
      row.position ? `${row.position.placement}; compa-ratio ${row.position.compa_ratio}; penetration ${row.position.range_penetration}` : "",
      row.localized ? `${money(row.localized.salary_min, "USD", "annual")} – ${money(row.localized.salary_max, "USD", "annual")}` : "",
      row.market ? `${money(row.market.market.annual_pct10 ?? 0, "USD", "annual")} – ${money(row.market.market.annual_pct90 ?? 0, "USD", "annual")}` : "",
    ];
    cells.forEach((text, i) => tr.append(Object.assign(document.createElement(i ? "td" : "th"), { textContent: text })));
    tr.firstChild.setAttribute("scope", "row");
    return tr;
  }));
}

let pending = 0, loading = false, lastView = null;
async function refresh() {
  const ticket = ++pending;
  loading = true;
  $("chart").dataset.ready = "false";
  $("period").disabled = Boolean($("area").value);
  $("status").textContent = "Loading…";
  try {
    const view = await load(state());
    if (ticket !== pending) return; // a newer change is on its way
    draw(view);
    table(view);
    lastView = view;
    loading = false;
    $("chart").dataset.ready = "true"; // only a finished load marks the chart ready (tests wait on it)
    $("status").textContent = `Showing ${view.rows.length} roles.`;
  } catch (error) {
    loading = false;
    $("status").textContent = `Could not load the data: ${error.message}`;
  }
}

let typing;
await fillChoices();
for (const name of controls) {
  $(name).addEventListener("change", refresh);
}
$("salary").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(refresh, 300); });
$("controls").addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
let resizing;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => { if (lastView && !loading) draw(lastView); }, 150);
});
await refresh();


// The roster drop: the file goes to POST /v1/roster as it is; the answer is drawn as two tables.
const SHOWN_ROWS = 1000;
const ROSTER_TYPES = { csv: "text/csv", json: "application/json", ndjson: "application/x-ndjson" };

function rosterRow(tbody, cells) {
  const tr = document.createElement("tr");
  for (const cell of cells) {
    const td = document.createElement("td");
    td.textContent = cell == null ? "" : String(cell);  // text, never markup: references are the client's
    tr.append(td);
  }
  tbody.append(tr);
}

async function placeRoster(file) {
  const status = $("roster-status");
  const kind = file.name.split(".").pop().toLowerCase();
  const type = ROSTER_TYPES[kind] || "text/csv";
  status.textContent = `Placing ${file.name}…`;
  const response = await fetch("/v1/roster?year=2026", { method: "POST", body: file,
    headers: { "Content-Type": type, Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    status.textContent = `The roster was refused: ${body.detail}`;
    return;
  }
  const summary = $("roster-summary").querySelector("tbody"), rows = $("roster-table").querySelector("tbody");
  summary.replaceChildren();
  rows.replaceChildren();
  for (const role of body.summary.roles) {
    rosterRow(summary, [role.role, role.count, role.below_minimum, role.above_maximum, role.mean_compa_ratio,
                        role.median_compa_ratio]);
  }
  for (const row of body.rows.slice(0, SHOWN_ROWS)) {
    const band = row.band_id == null ? "" : `${row.salary_min} – ${row.salary_max}`;
    rosterRow(rows, [row.row, row.reference, row.role, row.salary, band, row.compa_ratio, row.placement, row.error]);
  }
  $("roster-summary").hidden = $("roster-table").hidden = false;
  status.textContent = `${body.summary.placed} placed, ${body.summary.errors} not placed.`;
}

$("roster-file").addEventListener("change", (event) => {
  if (event.target.files[0]) placeRoster(event.target.files[0]);
});
$("roster-drop").addEventListener("dragover", (event) => event.preventDefault());
$("roster-drop").addEventListener("drop", (event) => {
  event.preventDefault();
  if (event.dataTransfer.files[0]) placeRoster(event.dataTransfer.files[0]);
});
