"""The committed openapi.yaml is the contract: schemathesis drives every operation against the real app.

All of schemathesis's default checks run (no server errors; status codes, content types, headers and
bodies as documented; invalid input rejected; valid input accepted), on generated valid and invalid
input, in-process over WSGI, once per database backend.
"""

from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

SPEC = Path(__file__).resolve().parents[1] / "openapi.yaml"
EXAMPLES_PER_OPERATION = 150

schema = schemathesis.openapi.from_path(SPEC)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    # The app fixture is shared read-only across examples; resetting it per example is not needed.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_app_honours_its_spec(case, app):
    case.call_and_validate(app=app)
