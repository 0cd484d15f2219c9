// The OWASP API Security ruleset as partners run it (`make lint`). Each exception below says in one line
// why the rule does not apply where it is turned off; docs/lint.md lists them with the counts.
import owasp from "@stoplight/spectral-owasp-ruleset";

// Override targets are JSON pointers into the spec (URI fragments: `{` is `%7B`).
const pointer = (path) => `openapi.yaml#/paths/${encodeURIComponent(path.replaceAll("/", "~1"))}`;
const operation = (path, method) => `${pointer(path)}/${method}`;
// Properties of component schemas: `props("Role", "title", "summary")`.
const props = (schema, ...names) => names.map((name) => `openapi.yaml#/components/schemas/${schema}/properties/${name}`);

const probes = ["/", "/healthz", "/readyz"];
const numericIds = [
  "/v1/salary-bands/{band_id}", "/v1/salary-bands/{band_id}/localized", "/v1/salary-bands/{band_id}/market-position",
  "/v1/salary-bands/{band_id}/places", "/v1/salary-bands/{band_id}/position", "/v1/salary-bands/{band_id}/posting",
  "/v1/sources/{source_id}", "/v1/sources/{source_id}/notes",
];
// The reads anyone may make (`security: []`): the published guide, the market data, what is computed from them.
const publicReads = [
  ...probes, "/v1/areas", "/v1/areas/{code}", "/v1/career-ladder", "/v1/industries", "/v1/industries/{slug}",
  "/v1/market-wages", "/v1/roles", "/v1/roles/{slug}", "/v1/roles/{slug}/market-pay", "/v1/salary-bands",
  "/v1/salary-bands/chart.svg", "/v1/salary-bands/compare", "/v1/salary-bands/position",
  ...numericIds.filter((path) => path.startsWith("/v1/salary-bands/")), "/v1/skills", "/v1/skills/{slug}",
  "/v1/sources", "/v1/sources/{source_id}", "/v1/sources/{source_id}/notes",
].map((path) => operation(path, "get"));
const roster = operation("/v1/roster", "post");
// Path segments that name a row: anything else finds nothing (404); the route bounds their length.
const pathKeys = [
  "/v1/areas/{code}", "/v1/industries/{slug}", "/v1/roles/{slug}", "/v1/roles/{slug}/industries/{industry}",
  "/v1/roles/{slug}/market-pay", "/v1/roles/{slug}/skills/{skill}", "/v1/skills/{slug}",
].map((path) => `${pointer(path)}/parameters`);
const csvBodies = ["/v1/roster", "/v1/salary-bands/import"].map((path) => `${operation(path, "post")}/requestBody`);
// Output prose: written through `text_field` (control characters refused, length capped) or taken from the
// guide and BLS, shown to people; no pattern describes a sentence.
const prose = [
  ...props("Industry", "name", "provenance"), ...props("IndustryDetail", "name", "provenance"),
  ...props("IndustryRef", "name"), ...props("Role", "title", "summary", "provenance", "responsibilities"),
  ...props("RoleDetail", "title", "summary", "provenance", "responsibilities"), ...props("RoleRef", "title"),
  ...props("RoleSkill", "name"), ...props("Skill", "name", "description", "provenance", "pay_driver_provenance"),
  ...props("SkillDetail", "name", "description", "provenance", "pay_driver_provenance"),
  ...props("Source", "title", "publisher", "provenance", "licence", "document", "salary_basis", "geography_scope"),
  ...props("SourceDetail", "title", "publisher", "provenance", "licence", "document", "salary_basis", "geography_scope"),
  ...props("SourceRef", "title"), ...props("SourceNote", "label", "provenance"),
  ...props("SalaryBand", "provenance"), ...props("ConvertedSalaryBand", "provenance"),
  ...props("Occupation", "title", "system", "attribution"), ...props("Area", "name"),
  ...props("Ladder", "provenance"), ...props("Posting", "text", "provenance"), ...props("Conversion", "rule"),
  ...props("RoleMarketPay", "note"), ...props("Change", "actor", "resource_key"),
];
// Messages the server writes about a request (problem details, a roster row's or an import row's error).
const messages = [
  ...props("Problem", "detail", "title", "instance"), ...props("FieldError", "field", "message"),
  ...props("PlacedRow", "error"), ...props("RowConflict", "message"),
];
// Values read back as stored: codes from BLS OEWS files, the migration id, a roster's own reference and area.
const storedCodes = [
  ...props("Area", "code", "usps"), ...props("Occupation", "code"), ...props("Ready", "migration"),
  ...props("Change", "resource"), ...props("PlacedRow", "reference", "area"),
];
// Paths on this service (`url_for`, SCRIPT_NAME first), and a source's URL as its write accepted it (read back).
const links = [
  ...props("Index", "docs", "explorer", "openapi", "openapi_yaml", "resources"),
  ...props("Source", "url"), ...props("SourceDetail", "url"),
];

export default {
  extends: [owasp],
  overrides: [
    {
      // The probes outside /v1 are not rate limited (api/edge/ratelimit.py counts /v1 only): the headers would be false.
      files: probes.map(pointer),
      rules: {
        "owasp:api4:2023-rate-limit": "off",
        "owasp:api4:2023-rate-limit-responses-429": "off",
      },
    },
    {
      // Bands and sources are published data anyone may list; a sequential id reveals nothing a list does not,
      // and writes need a `write` key whatever the id.
      files: numericIds.map(pointer),
      rules: { "owasp:api1:2023-no-numeric-ids": "off" },
    },
    {
      // Public reads take no credentials (`security: []`), so they can never answer 401, and what they return is
      // the published guide and public BLS data: there is nothing to restrict.
      files: publicReads,
      rules: {
        "owasp:api8:2023-define-error-responses-401": "off",
        "owasp:api2:2023-read-restricted": "off",
      },
    },
    {
      // POST /v1/roster places a roster in the public bands and stores nothing: a read whose input is too large
      // for a query string, so it is public like the reads and cannot answer 401.
      files: [roster],
      rules: {
        "owasp:api2:2023-write-restricted": "off",
        "owasp:api8:2023-define-error-responses-401": "off",
      },
    },
    {
      // A slug or area code in the path that is not one finds no row (404); the route already bounds its length.
      files: pathKeys,
      rules: { "owasp:api4:2023-string-restricted": "off" },
    },
    {
      // CSV bodies are files (RFC 4180), bounded by the body cap; each cell is checked as it is read.
      files: csvBodies,
      rules: { "owasp:api4:2023-string-restricted": "off" },
    },
    {
      // Output prose (titles, names, descriptions, provenance, notes): free text for people, length-capped, no format.
      files: prose,
      rules: { "owasp:api4:2023-string-restricted": "off" },
    },
    {
      // Messages the server writes for people about a request: sentences, no format.
      files: messages,
      rules: { "owasp:api4:2023-string-restricted": "off" },
    },
    {
      // Stored codes read back as their source wrote them (BLS files, alembic, the roster's own columns): output only.
      files: storedCodes,
      rules: { "owasp:api4:2023-string-restricted": "off" },
    },
    {
      // Links on this service and a source's URL: a URL's grammar is not a pattern worth the name; length-capped.
      files: links,
      rules: { "owasp:api4:2023-string-restricted": "off" },
    },
  ],
};
