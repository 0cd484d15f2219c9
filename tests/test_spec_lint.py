"""The finishing step of the spec (api/spec.py): what partners' linters look for, and true."""

from api.spec_bounds import pattern_length
from tests.test_openapi import generated_spec


def test_public_operations_say_so_and_every_operation_documents_500():
    spec = generated_spec()
    assert spec["servers"] == [{"url": "/", "description": spec["servers"][0]["description"], "x-internal": False}]
    assert spec["info"]["contact"]["name"]
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert "security" in operation, f"{method} {path}"
            assert "500" in operation["responses"], f"{method} {path}"
            assert any(code.startswith("4") for code in operation["responses"]), f"{method} {path}"
            if path.startswith("/v1/"):
                assert "429" in operation["responses"], f"{method} {path}"
    assert spec["paths"]["/v1/roles"]["get"]["security"] == []
    assert "401" in spec["paths"]["/v1/changes"]["get"]["responses"]


def test_a_pattern_sets_the_longest_string_it_allows():
    assert pattern_length(r"^[A-Za-z]{3}$") == 3
    assert pattern_length(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$") == 10
    assert pattern_length(r"^[a-z0-9]+(?:-[a-z0-9]+)*$") is None
    spec = generated_spec()
    currency = next(p for p in spec["paths"]["/v1/salary-bands"]["get"]["parameters"] if p["name"] == "currency")
    assert currency["schema"]["maxLength"] == 3


def test_integers_carry_a_format():
    spec = generated_spec()
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer" or (isinstance(node.get("type"), list) and "integer" in node["type"]):
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert found and all(node.get("format") in ("int32", "int64") for node in found)


def test_the_caps_the_owasp_ruleset_asks_for_are_the_servers_constants():
    from api.domain.roster import MAX_JSON_ROWS, MAX_REFERENCE
    from api.errors import DETAIL_LENGTH, FIELD_LENGTH, MESSAGE_LENGTH
    from api.schemas.localized_pay import NOTE_LENGTH
    from api.schemas.pay import LADDER_STEPS, MAX_COMPARED, POSTING_TEXT_LENGTH
    from api.spec_bounds import LONG_TEXT
    from api.store.queries import EMBEDDED

    schemas = generated_spec()["components"]["schemas"]

    def bound(schema, name, key):
        return schemas[schema]["properties"][name][key]

    embedded = [("IndustryDetail", "roles"), ("RoleDetail", "industries"), ("RoleDetail", "skills")]
    embedded += [("SkillDetail", "roles"), ("SourceDetail", "notes")]
    assert {bound(schema, name, "maxItems") for schema, name in embedded} == {EMBEDDED}
    assert bound("Comparison", "data", "maxItems") == MAX_COMPARED
    assert bound("Ladder", "data", "maxItems") == LADDER_STEPS
    assert bound("RosterResult", "rows", "maxItems") == MAX_JSON_ROWS
    lengths = {
        ("Problem", "detail"): DETAIL_LENGTH,
        ("FieldError", "field"): FIELD_LENGTH,
        ("FieldError", "message"): MESSAGE_LENGTH,
        ("PlacedRow", "reference"): MAX_REFERENCE,
        ("PlacedRow", "error"): MESSAGE_LENGTH,
        ("Ladder", "provenance"): LONG_TEXT,
        ("Posting", "provenance"): LONG_TEXT,
        ("Posting", "text"): POSTING_TEXT_LENGTH,
        ("RoleMarketPay", "note"): NOTE_LENGTH,
    }
    assert {key: bound(*key, "maxLength") for key in lengths} == lengths
    conflict = bound("RowConflict", "message", "maxLength")
    assert len("Band 2147483647 changed in version 2147483647, after version 2147483647") < conflict < 200
