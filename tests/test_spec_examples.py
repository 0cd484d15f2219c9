"""Every example in the spec is real: it equals what the API serves for that record."""

import pytest

from tests.helpers import get_ok
from tests.test_openapi import generated_spec

# Each documented schema and the real record its examples are drawn from.
EXAMPLE_RECORDS = {
    "Role": "/v1/roles/customer-service-specialist",
    "RoleDetail": "/v1/roles/customer-service-specialist",
    "SalaryBand": "/v1/salary-bands/1",
    "Industry": "/v1/industries/healthcare",
    "Skill": "/v1/skills/empathy-and-emotional-intelligence",
    "Source": "/v1/sources/1",
    "SourceNote": "/v1/sources/1/notes?limit=1",
    "Position": "/v1/salary-bands/1/position?salary=45000",
    "Posting": "/v1/salary-bands/1/posting",
}


def example_of(spec, schema):
    """The example object a schema documents: each property's example, nested refs followed."""
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    example = {}
    for name, prop in schema.get("properties", {}).items():
        ref = next((option for option in [prop, *prop.get("anyOf", [])] if "$ref" in option), None)
        if "example" in prop:
            example[name] = prop["example"]
        elif ref is not None:
            example[name] = example_of(spec, ref)
    return example


def assert_matches(example, real, where):
    for key, value in example.items():
        if isinstance(value, dict) and real[key] is None:
            continue  # a nullable object this record does not have (e.g. `converted` when no period is asked)
        if isinstance(value, dict) and value:
            assert_matches(value, real[key], f"{where}.{key}")
        elif value != {}:
            assert real[key] == value, f"{where}.{key}: documented {value!r}, served {real[key]!r}"


@pytest.mark.parametrize(("schema", "url"), EXAMPLE_RECORDS.items())
def test_schema_examples_are_the_seeded_data(client, schema, url):
    spec = generated_spec()
    example = example_of(spec, {"$ref": f"#/components/schemas/{schema}"})
    assert len(example) >= 3
    real = get_ok(client, url)
    assert_matches(example, real["data"][0] if "data" in real else real, schema)


def test_every_property_of_the_main_schemas_has_an_example():
    spec = generated_spec()
    for name in ("Role", "SalaryBand", "Industry", "Skill", "Source", "SourceNote", "RoleRef", "SourceRef", "Problem"):
        for prop_name, prop in spec["components"]["schemas"][name]["properties"].items():
            refs = [prop, prop.get("items", {}), *prop.get("anyOf", [])]
            documented = "example" in prop or any("$ref" in ref for ref in refs)
            assert documented, f"{name}.{prop_name} has no example"
