"""Property-based run of schemathesis (v3) against the app's own OpenAPI document.

Every documented operation gets a bounded number of generated requests; none may answer a
server error (5xx). Operations that need an account are called twice: anonymously (they
must refuse with 401/403, not crash) and with an officer's API token (they must work or
refuse the input cleanly). The base is a temporary one filled with the demo data.
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.internal.conjecture import utils as _conjecture_utils
from hypothesis.internal.conjecture.utils import _calc_p_continue
from hypothesis_jsonschema import _from_schema
from schemathesis.checks import not_a_server_error

from api.app import create_app
from api.database import prepare_base
from api.settings import Settings
from api.users import create_token, create_user
from storage import connect

pytestmark = pytest.mark.slow


class _LegacyMany:
    """``many(...).more()`` as hypothesis-jsonschema 0.23 calls it.

    Hypothesis ≥ 6.16x replaced ``more()`` by a context-manager API; hypothesis-jsonschema
    (used by schemathesis 3 to generate JSON objects) still calls ``more()`` and fails with
    « 'many' object has no attribute 'more' ». This is the old behaviour on the new
    ``ConjectureData.draw_boolean``; the lasting fix is a ``hypothesis<6.16`` pin or a
    hypothesis-jsonschema release.
    """

    def __init__(self, data, min_size, max_size, average_size):
        self.data, self.min_size, self.max_size = data, min_size, max_size
        self.p_continue = _calc_p_continue(average_size - min_size, max_size - min_size)
        self.count = self.rejections = 0
        self.force_stop = False

    def more(self) -> bool:
        if self.min_size == self.max_size:
            go_on = self.count < self.min_size
        elif self.force_stop:
            go_on = False
        else:
            forced = True if self.count < self.min_size else None
            forced = False if self.count >= self.max_size else forced
            go_on = self.data.draw_boolean(self.p_continue, forced=forced)
        if go_on:
            self.count += 1
        return go_on

    def reject(self, why=None) -> None:
        self.count -= 1
        self.rejections += 1
        if self.rejections > max(3, 2 * self.count):
            if self.count < self.min_size:
                self.data.mark_invalid(why)
            else:
                self.force_stop = True


if not hasattr(_conjecture_utils.many, "more"):
    _from_schema.cu = SimpleNamespace(
        **{
            k: getattr(_conjecture_utils, k)
            for k in dir(_conjecture_utils)
            if not k.startswith("__")
        },
    )
    _from_schema.cu.many = _LegacyMany

MAX_EXAMPLES = int(os.environ.get("CLAIR_SCHEMATHESIS_EXAMPLES", "6"))
"""Examples per operation: keeps the whole run around a minute on two shared cores."""


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory):
    """The app on a demo base, an officer's token, and the schema read from the app itself."""
    base = tmp_path_factory.mktemp("schemathesis") / "clair.sqlite"
    prepare_base(base, demo=True)
    conn = connect(base)
    try:
        agent = create_user(conn, "agent@ville.fr", "mot de passe schemathesis", "agent")
        token = create_token(conn, agent.id, "schemathesis")
    finally:
        conn.close()
    app = create_app(Settings(base=base, demo=False, secret_key="schemathesis"))
    app.state.test_token = token
    # FastAPI writes OpenAPI 3.1; schemathesis 3 reads it with its 3.0 rules.
    return schemathesis.from_asgi("/openapi.json", app, force_schema_version="30")


schema = schemathesis.from_pytest_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_on_any_endpoint(case):
    access = case.operation.definition.raw.get("x-clair-acces", "public")
    response = case.call_asgi()
    case.validate_response(response, checks=(not_a_server_error,))
    if access in ("connecte", "agent", "entreprise"):
        assert response.status_code in (401, 403, 422), (
            f"{case.method} {case.formatted_path} répond {response.status_code} sans compte"
        )
        token = case.operation.schema.app.state.test_token
        authenticated = case.call_asgi(headers={"Authorization": f"Bearer {token}"})
        case.validate_response(authenticated, checks=(not_a_server_error,))
