// The band explorer: every figure comes from the public JSON API (data.js); chart.js draws it.
import { industriesNarrow, positions, query, read, readAll, readOrNone } from "./data.js";
import { draw, legend, money, moneyOrNot } from "./chart.js";
import "./roster.js";

const $ = (id) => document.getElementById(id);
const controls = ["industry", "level", "period", "salary", "area"];
const UNITS = { annual: "year", monthly: "month", hourly: "hour" };
// A salary this many times the midpoint, or this fraction of it, was most likely typed per another period.
const IMPLAUSIBLE = 3;
const WAIT = { change: 150, typing: 400 };

function state() {
  return Object.fromEntries(controls.map((name) => [name, $(name).value.trim()]));
}

async function fillChoices() {
  const [industries, areas] = await Promise.all([readAll("/v1/industries?limit=100"), readAll("/v1/areas?limit=100")]);
  $("industry").length = $("area").length = 1; // a retry fills them anew
  for (const industry of industries) $("industry").add(new Option(industry.name, industry.slug));
  if (!(await industriesNarrow(industries))) {
    $("industry-control").hidden = true;
    $("industry-note").hidden = false;
    $("industry-note").textContent = `No industry filter: the guide lists every role in all ${industries.length} of its ` +
      `industries (${industries.map((i) => i.name).join(", ")}), so choosing one would not narrow the chart.`;
  }
  const local = areas.filter((area) => area.type !== "national");
  for (const area of local) $("area").add(new Option(area.name, area.code));
  $("area-control").hidden = local.length === 0;
}

// One row per role: its band (per the period, converted by the API), and what the area and salary add.
async function load({ industry, level, period: salaryPeriod, salary, area }) {
  const period = area ? "annual" : salaryPeriod; // BLS publishes annual wages: an area view is annual
  const [roles, bands, wages] = await Promise.all([
    readAll(`/v1/roles?${query({ industry, level, limit: 100 })}`),
    readAll(`/v1/salary-bands?${query({ period, limit: 100, sort: "year" })}`),
    area ? readAll(`/v1/market-wages?${query({ area, limit: 100 })}`) : [],
  ]);
  const latest = new Map(bands.map((band) => [band.role.slug, band]));
  const market = new Map(wages.map((wage) => [wage.occupation.code, wage]));
  const rows = roles.map((role) => ({ role, band: latest.get(role.slug) || null }));
  await Promise.all(rows.filter((row) => row.band && area && row.role.occupation).map(async (row) => {
    row.localized = await readOrNone(`/v1/salary-bands/${row.band.id}/localized?${query({ area })}`);
  }));
  // The salary is placed in the band the chart draws: the area's estimate when there is one.
  const banded = rows.filter((row) => row.band);
  const placed = salary ? await positions(banded.map((row) => ({ band: row.band, area: row.localized ? area : null })),
    salary, salaryPeriod) : new Map();
  return {
    period, salaryPeriod, salary: salary ? Number(salary) : null, area,
    areaName: area ? $("area").selectedOptions[0].text : null,
    rows: rows.map(({ role, band, localized }) => {
      if (!band) return { role, figures: null };
      const f = localized || band.converted || band;
      const wage = localized && market.get(role.occupation.code);
      return {
        role, band, localized, currency: band.currency, estimate: Boolean(localized),
        figures: { min: f.salary_min, max: f.salary_max, mid: f.midpoint },
        market: wage ? { pct10: wage.annual_pct10, pct25: wage.annual_pct25, median: wage.annual_median,
          pct75: wage.annual_pct75, pct90: wage.annual_pct90 } : null,
        position: placed.get(band.id) || null,
      };
    }),
  };
}

function table(view) {
  $("table").tBodies[0].replaceChildren(...view.rows.map((row) => {
    const tr = document.createElement("tr");
    const band = row.band && (row.band.converted || row.band), p = row.position, m = row.market;
    const cells = [
      row.role.title,
      band ? `${money(band.salary_min, row.currency, view.period)} – ${money(band.salary_max, row.currency, view.period)}` : "No published band",
      band ? money(band.midpoint, row.currency, view.period) : "",
      !p ? "" : p.error || `${p.placement}; compa-ratio ${p.compa_ratio}; penetration ${p.range_penetration}`,
      row.localized ? `${money(row.localized.salary_min, row.currency, "annual")} – ${money(row.localized.salary_max, row.currency, "annual")}` : "",
      m ? `${moneyOrNot(m.pct10, row.currency, "annual")} – ${moneyOrNot(m.pct90, row.currency, "annual")}; ` +
        `median ${moneyOrNot(m.median, row.currency, "annual")}` : "",
    ];
    cells.forEach((text, i) => tr.append(Object.assign(document.createElement(i ? "td" : "th"), { textContent: text })));
    tr.firstChild.setAttribute("scope", "row");
    return tr;
  }));
}

function caption(view, s) {
  const banded = view.rows.filter((row) => row.figures).length, unit = UNITS[view.period];
  const where = view.area ? `, adjusted to ${view.areaName} (estimates)` : "";
  $("chart-caption").textContent = `${banded} published band${banded === 1 ? "" : "s"} across ${view.rows.length} roles, ` +
    `per ${unit}${where}. The scale runs from ${money(s.low, "USD", view.period)} to ${money(s.high, "USD", view.period)}` +
    `${s.low > 0 ? ", not from zero" : ""}. The table below lists the same figures.`;
}

/** What a screen reader hears once the chart is drawn: the roles, and where the salary falls. */
function announce(view) {
  const banded = view.rows.filter((row) => row.figures);
  let words = `Showing ${view.rows.length} roles, ${banded.length} with a published band, per ${UNITS[view.period]}` +
    (view.area ? `, adjusted to ${view.areaName}.` : ".");
  const placed = banded.filter((row) => row.position && !row.position.error);
  if (placed.length) {
    const salary = money(view.salary, placed[0].currency, view.salaryPeriod);
    words += ` Your ${salary} a ${UNITS[view.salaryPeriod]}: ` + placed.map((row) =>
      `${row.position.placement} the ${row.role.title} band, compa-ratio ${row.position.compa_ratio}`).join("; ") + ".";
  }
  const refused = banded.find((row) => row.position?.error);
  if (refused) words += ` The salary was not placed: ${refused.position.error}`;
  return words;
}

function hint(view) {
  const odd = view.rows.find((row) => row.position?.compa_ratio != null &&
    (row.position.compa_ratio > IMPLAUSIBLE || row.position.compa_ratio < 1 / IMPLAUSIBLE));
  $("salary-hint").hidden = !odd;
  if (odd) {
    $("salary-hint").textContent = `${money(view.salary, odd.currency, view.salaryPeriod)} per ${UNITS[view.salaryPeriod]} ` +
      `is ${odd.position.compa_ratio} times the ${odd.role.title} midpoint: is the period right?`;
  }
}

async function cite(view) {
  const sources = new Map(view.rows.filter((row) => row.band).map((row) => [row.band.source.id, row.band.source.title]));
  const named = await Promise.all([...sources].map(async ([id, title]) => {
    try {
      const source = await read(`/v1/sources/${id}`);
      return `${source.title} (${source.publisher}): the bands`;
    } catch {
      return `${title}: the bands (its full citation could not be loaded)`;
    }
  }));
  if (view.area) named.push("U.S. Bureau of Labor Statistics, OEWS (public domain): market wages; area bands are estimates, not published by the guide");
  $("source").textContent = named.length ? `Source: ${named.join("; ")}.` : "";
}

function render(view) {
  $("chart").hidden = false;
  const s = draw($("chart"), view);
  legend($("legend"), view, Boolean($("chart").querySelector(".off-scale")));
  caption(view, s);
  table(view);
  hint(view);
}

function showError(error) {
  $("error-text").textContent = `Could not load the chart: ${error.message}`;
  $("error").hidden = false;
  $("status").textContent = ""; // the alert says it
  if (!lastView) {
    $("chart").hidden = true; // an empty picture would only leave a gap
    $("chart-caption").textContent = "The chart could not be drawn; the message above says why.";
  }
}

let timer, ticket = 0, shownKey = null, lastView = null;
async function refresh() {
  clearTimeout(timer);
  const wanted = state(), key = JSON.stringify(wanted);
  $("period").disabled = Boolean(wanted.area);
  if (key === shownKey) return; // a blur after typing, or a control set back: nothing to ask
  const mine = ++ticket;
  $("chart").dataset.ready = "false";
  try {
    const view = await load(wanted);
    if (mine !== ticket) return; // a newer change is on its way
    $("error").hidden = true;
    render(view);
    lastView = view;
    shownKey = key;
    $("status").textContent = [announce(view), $("salary-hint").hidden ? "" : $("salary-hint").textContent].join(" ").trim();
    $("chart").dataset.ready = "true"; // only a finished load marks the chart ready (tests wait on it)
    await cite(view);
  } catch (error) {
    if (mine === ticket) showError(error); // what is drawn stays drawn
  }
}

const later = (wait) => { clearTimeout(timer); timer = setTimeout(refresh, wait); };
for (const name of controls) $(name).addEventListener("change", () => later(WAIT.change));
$("salary").addEventListener("input", () => later(WAIT.typing));
$("controls").addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
$("retry").addEventListener("click", () => { shownKey = null; start(); });
let resizing;
window.addEventListener("resize", () => {
  clearTimeout(resizing);
  resizing = setTimeout(() => { if (lastView) render(lastView); }, 150);
});

let filled = false;
async function start() {
  try {
    if (!filled) await fillChoices();
    filled = true;
  } catch (error) {
    showError(error);
    return;
  }
  await refresh();
}
await start();
