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
