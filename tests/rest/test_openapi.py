"""The committed OpenAPI document matches the code and tells the truth about
errors: every error status it lists carries the envelope, and no 422 (which
the server never sends) is advertised."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rest.app import create_app
from rest.openapi import openapi_json
from services.config import Settings

REPO = Path(__file__).resolve().parents[2]
COMMITTED = REPO / "rest" / "openapi.json"
ENVELOPE = {"$ref": "#/components/schemas/ErrorEnvelope"}


@pytest.fixture(scope="module")
def document():
    return json.loads(COMMITTED.read_text())


def operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def test_committed_openapi_matches_the_code():
    generated = openapi_json(create_app(Settings(_env_file=None)))
    assert COMMITTED.read_text() == generated, (
        "REST API changed: run `make openapi` and commit rest/openapi.json"
    )


def test_a_server_without_docstrings_serves_the_same_documents(tmp_path):
    # The image runs the server under `python -OO` (Dockerfile), which drops
    # docstrings: the enums' descriptions msgspec reads from them must not
    # go missing from /api/openapi.json, nor anything from the GraphQL SDL.
    code = (
        "import json, sys, warnings\n"
        "warnings.simplefilter('ignore')\n"
        "from starlette.testclient import TestClient\n"
        "from rest.app import create_app\n"
        "from schema.export import sdl\n"
        "from services.config import Settings\n"
        "app = create_app(Settings(_env_file=None))\n"
        "with TestClient(app, base_url='http://127.0.0.1') as client:\n"
        "    answer = client.get('/api/openapi.json')\n"
        "# -OO drops assert statements too\n"
        "if sys.flags.optimize != 2 or answer.status_code != 200:\n"
        "    sys.exit(f'{sys.flags.optimize} {answer.status_code} {answer.text}')\n"
        "print(json.dumps({'openapi': answer.json(), 'sdl': sdl()}))\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO),
        "DB_PATH": str(tmp_path / "db"),
        "DOCKER_HOST": f"unix://{tmp_path}/no-engine.sock",
        "CHECK_INTERVAL": "24h",
    }
    result = subprocess.run(
        [sys.executable, "-OO", "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])
    assert served["openapi"] == json.loads(COMMITTED.read_text())
    assert served["sdl"] == (REPO / "schema" / "schema.graphql").read_text()


def test_no_operation_advertises_422(document):
    text = COMMITTED.read_text()
    assert '"422"' not in text
    assert "HTTPValidationError" not in text
    assert "ValidationError" not in document["components"]["schemas"]


def test_every_error_status_carries_the_envelope(document):
    for name, operation in operations(document):
        errors = {s: r for s, r in operation["responses"].items() if int(s) >= 400}
        assert "500" in errors, name
        for status, response in errors.items():
            schema = response["content"]["application/json"]["schema"]
            assert schema == ENVELOPE, (name, status)


def test_every_operation_with_input_declares_400(document):
    for name, operation in operations(document):
        if operation.get("parameters") or operation.get("requestBody"):
            assert "400" in operation["responses"], name


def test_error_codes_are_a_closed_set(document):
    schemas = document["components"]["schemas"]
    assert schemas["ErrorBody"]["properties"]["code"] == {
        "$ref": "#/components/schemas/ErrorCode"
    }
    assert "NOT_FOUND" in schemas["ErrorCode"]["enum"]
    assert schemas["ErrorEnvelope"]["required"] == ["success", "error"]


def test_operations_and_policies_answer_their_closed_sets_as_enums(document):
    """What an operation and a policy answer is each a named closed set in
    the document, as the query parameters that filter them are."""
    schemas = document["components"]["schemas"]

    def ref(name: str) -> dict[str, str]:
        return {"$ref": f"#/components/schemas/{name}"}

    for model in ("OperationOut", "OperationDetailOut"):
        fields = schemas[model]["properties"]
        assert fields["operation_type"] == ref("OperationType"), model
        assert fields["status"] == ref("OperationStatus"), model
        assert ref("OperationStatus") in fields["stage"]["anyOf"], model
    assert schemas["OperationLogOut"]["properties"]["level"] == ref("LogLevel")
    assert schemas["LogLevel"]["enum"] == ["info", "warning", "error"]
    assert schemas["PolicyOut"]["properties"]["entity_type"] == ref("PolicyEntityType")


def test_only_the_rest_api_is_documented(document):
    assert all(path.startswith("/api/") for path in document["paths"])
