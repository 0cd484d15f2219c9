const $ = (id) => document.getElementById(id);

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
  $("roster-summary-region").hidden = $("roster-table-region").hidden = false;
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
