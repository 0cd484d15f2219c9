"""The committed openapi.yaml is exactly what the code generates, and it is valid OpenAPI 3.1."""

from pathlib import Path

import yaml
from openapi_spec_validator import validate

from api import create_app

COMMITTED = Path(__file__).resolve().parents[1] / "openapi.yaml"
REGENERATE = "flask --app api openapi write --format=yaml openapi.yaml   (or: make spec)"


def generated_spec():
    return create_app().test_client().get("/openapi.json").get_json()


def test_committed_spec_matches_the_code():
    committed = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert committed == generated_spec(), f"openapi.yaml is stale; regenerate it with: {REGENERATE}"


def test_spec_is_valid_openapi_3_1():
    spec = generated_spec()
    assert spec["openapi"] == "3.1.0"
    validate(spec)


def test_every_operation_has_summary_tags_and_error_responses():
    for path, item in generated_spec()["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation.get("summary"), f"{method.upper()} {path} has no summary"
            assert operation.get("tags"), f"{method.upper()} {path} has no tags"
            assert "default" in operation["responses"]


def test_every_operation_has_an_id_and_a_description():
    operation_ids = []
    for path, item in generated_spec()["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            assert operation.get("description"), f"{method.upper()} {path} has no description"
            operation_ids.append(operation["operationId"])
    assert len(operation_ids) == len(set(operation_ids))


def test_errors_are_documented_as_problem_json():
    spec = generated_spec()
    for name in ("BAD_REQUEST", "NOT_FOUND", "UNPROCESSABLE_ENTITY", "DEFAULT_ERROR"):
        content = spec["components"]["responses"][name]["content"]
        assert list(content) == ["application/problem+json"]
    roles = spec["paths"]["/v1/roles"]["get"]["responses"]
    assert {"200", "304", "400", "422", "default"} <= set(roles)
    assert set(roles["200"]["headers"]) == {
        "ETag",
        "Link",
        "X-Dataset-Version",
        "Access-Control-Allow-Origin",
        "RateLimit-Limit",
        "RateLimit-Remaining",
        "RateLimit-Reset",
    }
    assert "404" in spec["paths"]["/v1/roles/{slug}"]["get"]["responses"]
