// What the explorer asks the public API, and what it keeps: every figure on the page comes from here.

// Reads are kept until an answer shows another dataset version (every write bumps it): a change of
// salary or area asks again only for what depends on it.
const kept = new Map();
let datasetVersion = null;

export class ApiError extends Error {
  constructor(path, status, detail) {
    super(detail || `${path} answered ${status}`);
    this.path = path;
    this.status = status;
  }
}

function noteVersion(response) {
  const version = response.headers.get("X-Dataset-Version");
  if (version == null) return;
  if (datasetVersion !== null && version !== datasetVersion) kept.clear();
  datasetVersion = version;
}

async function problem(path, response) {
  let detail = null;
  try { detail = (await response.json()).detail; } catch { /* a body that is not a problem: the status says it */ }
  return new ApiError(path, response.status, detail);
}

async function send(path, init = {}) {
  const response = await fetch(path, { ...init, headers: { Accept: "application/json", ...init.headers } });
  noteVersion(response);
  if (!response.ok) throw await problem(path, response);
  return response.json();
}

/** A GET, answered from what is kept when this dataset version already answered it. */
export function read(path) {
  if (!kept.has(path)) {
    const answer = send(path);
    kept.set(path, answer);
    answer.catch(() => kept.delete(path)); // a failure is asked again next time
  }
  return kept.get(path);
}

/** A GET whose 404 means "none" (a role without market data), not a failure. */
export async function readOrNone(path) {
  try {
    return await read(path);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export const query = (params) => new URLSearchParams(Object.entries(params).filter(([, v]) => v !== "" && v != null));

/** Every item of a paged list, following `pagination.next`. */
export async function readAll(path) {
  const items = [];
  for (let next = path; next; ) {
    const page = await read(next);
    items.push(...page.data);
    next = page.pagination.next;
  }
  return items;
}

/** Whether choosing an industry can narrow the roles: some industry lists fewer roles than all of them. */
export async function industriesNarrow(industries) {
  // The same first pages the chart reads when an industry is chosen, so they are asked for once.
  const all = (await read(`/v1/roles?${query({ limit: 100 })}`)).pagination.total;
  const totals = await Promise.all(industries.map(
    (industry) => read(`/v1/roles?${query({ industry: industry.slug, limit: 100 })}`).then((page) => page.pagination.total)));
  return totals.some((total) => total < all);
}

// The roster answers every band's position in one call, but costs like an import (a small per-minute
// budget); once refused (429) the explorer asks band by band from the read budget until the window resets.
let rosterRefusedUntil = 0;

async function positionsByRoster(items, salary, period) {
  const rows = items.map(({ band, area }) => ({ reference: String(band.id), role: band.role.slug, year: band.year, salary,
    period, ...(area ? { area } : {}) }));
  const answer = await send("/v1/roster", { method: "POST", body: JSON.stringify(rows),
    headers: { "Content-Type": "application/json" } });
  return answer.rows.map((row) => ({ ...row, band_id: Number(row.reference) }));
}

async function positionsByBand(items, salary, period) {
  return Promise.all(items.map(async ({ band, area }) => {
    try {
      const position = await send(`/v1/salary-bands/${band.id}/position?${query({ salary, period, area })}`);
      return { ...position, band_id: band.id, error: null };
    } catch (error) {
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) return { band_id: band.id, error: error.message };
      throw error;
    }
  }));
}

async function placeAll(items, salary, period) {
  let rows;
  if (Date.now() >= rosterRefusedUntil) {
    try {
      rows = await positionsByRoster(items, salary, period);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 429)) throw error;
      rosterRefusedUntil = Date.now() + 60_000;
    }
  }
  rows ??= await positionsByBand(items, salary, period);
  return new Map(rows.map((row) => [row.band_id, row]));
}

/** Each band's position of `salary` (paid per `period`), by band id: items are {band, area}, the area
    when the band is drawn adjusted to it. Kept, like reads, for this dataset version. */
export function positions(items, salary, period) {
  const key = `positions ${JSON.stringify([items.map(({ band, area }) => [band.id, area]), salary, period])}`;
  if (!kept.has(key)) {
    const answer = placeAll(items, salary, period);
    kept.set(key, answer);
    answer.catch(() => kept.delete(key));
  }
  return kept.get(key);
}
