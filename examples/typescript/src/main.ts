// A typed client of the salary-bands API: list roles, read a band, ask where a salary sits in it.
//
//   API_BASE_URL=http://127.0.0.1:8000 node dist/main.js [salary]
//
// Every path, parameter and response type comes from src/schema.d.ts, which openapi-typescript
// generates from the committed openapi.yaml (README.md here): a spec change that breaks this
// program fails `tsc --strict`.
import createClient from "openapi-fetch";
import type { paths } from "./schema.js";

// The lists also answer CSV, NDJSON and xlsx; this client reads JSON (and problem+json errors).
type Json = "application/json" | "application/problem+json";

const client = createClient<paths, Json>({
  baseUrl: process.env.API_BASE_URL ?? "http://127.0.0.1:8000",
  headers: { Accept: "application/json" },
});
const salary = process.argv[2] ?? "45000";

// Every call either returns data or an RFC 9457 problem; a problem ends the program, non-zero.
function ok<T>(result: { data?: T; error?: { status: number; detail: string }; response: Response }): T {
  if (result.data === undefined) {
    const problem = result.error;
    console.error(`${result.response.url}: ${problem ? `${problem.status} ${problem.detail}` : result.response.status}`);
    process.exit(1);
  }
  return result.data;
}

const roles = ok(await client.GET("/v1/roles", { params: { query: { limit: 10 } } }));
console.log(`roles: ${roles.pagination.total} (${roles.data.map((role) => role.slug).join(", ")})`);

const bands = ok(await client.GET("/v1/salary-bands", { params: { query: { limit: 1 } } }));
const first = bands.data[0];
if (!first) {
  console.error("no salary band published");
  process.exit(1);
}

const band = ok(await client.GET("/v1/salary-bands/{band_id}", { params: { path: { band_id: first.id } } }));
console.log(`band ${band.id}: ${band.role.title}, ${band.currency} ${band.salary_min}-${band.salary_max} ${band.period}`);

const position = ok(await client.GET("/v1/salary-bands/{band_id}/position", {
  params: { path: { band_id: band.id }, query: { salary } },
}));
console.log(`salary ${position.salary}: ${position.placement}, compa-ratio ${position.compa_ratio}, ` +
  `range penetration ${position.range_penetration ?? "n/a"}`);
