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
