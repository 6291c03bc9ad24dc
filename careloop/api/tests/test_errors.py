"""Error shape: JSON everywhere, field-level messages, no stack traces, no partial writes."""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from careloop.api.tests.support import ApiClient, build_world
from careloop.identity.public import Role
from careloop.kit.testing import create_actor, create_tenant, create_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator() -> ApiClient:
    return ApiClient(create_token(create_actor(Role.CARE_COORDINATOR, create_tenant())))


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-token", "Basic dXNlcjpwYXNz",
                                    "Token abc"])
def test_missing_or_bad_credentials_are_401(header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = Client().post("/api/persons/search", {"name": "Ada"},
                             content_type="application/json", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Send a valid API token: Authorization: Bearer <token>."}
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_console_session_is_not_api_authentication() -> None:
    client = Client()
    client.cookies["sessionid"] = "anything"
    assert client.get("/api/lists").status_code == 401


def test_malformed_json_is_422_on_the_body(coordinator: ApiClient) -> None:
    response = coordinator.client.post("/api/persons", "{not json", content_type="application/json",
                                       headers=coordinator.headers)
    assert response.status_code == 422
    assert response.json() == {"detail": "Invalid input.",
                               "errors": {"body": "The request body is not valid JSON."}}


def test_schema_errors_name_each_field(coordinator: ApiClient) -> None:
    response = coordinator.request("POST", "/api/persons", {
        "family_name": "Okafor", "sex": "robot", "birth_date": "31/12/1990",
        "identifiers": [{"system": "urn:mrn"}], "nickname": "Chi",
    })
    assert response.status_code == 422
    assert response.json() == {"detail": "Invalid input.", "errors": {
        "given_name": "This field is required.",
        "sex": "This must be one of: 'female', 'male', 'other' or 'unknown'.",
        "birth_date": "Enter a date as YYYY-MM-DD.",
        "identifiers.0.value": "This field is required.",
        "nickname": "This field is not allowed.",
    }}


def test_missing_body_is_422(coordinator: ApiClient) -> None:
    response = coordinator.client.post("/api/persons", content_type="application/json",
                                       headers=coordinator.headers)
    assert response.status_code == 422
    assert response.json()["errors"] == {"given_name": "This field is required.",
                                         "family_name": "This field is required."}


def test_domain_validation_errors_are_422_with_fields(coordinator: ApiClient) -> None:
    response = coordinator.request("POST", "/api/persons", {
        "given_name": " ", "family_name": "Okafor", "emails": ["not-an-address"],
        "birth_date": "2999-01-01",
    })
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors == {"given_name": "Enter a given name.",
                      "birth_date": "Birth date cannot be in the future."}
    response = coordinator.request("POST", "/api/persons", {
        "given_name": "Chi", "family_name": "Okafor", "emails": ["not-an-address"]})
    assert response.json()["errors"] == {"emails[0]": "This is not an e-mail address."}


def test_query_parameter_errors(coordinator: ApiClient) -> None:
    person = coordinator.request("POST", "/api/persons", {"given_name": "Chi",
                                                          "family_name": "Okafor"}).json()
    path = f"/api/persons/{person['id']}/timeline"
    response = coordinator.request("GET", path, limit=501, category="gossip",
                                   before="2025-01-01T00:00:00")
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"limit", "category.0", "before"}
    assert errors["limit"] == "Input should be less than or equal to 500"
    assert "time zone" in errors["before"]
    ok = coordinator.request("GET", path, limit=500, category="web",
                             before="2025-01-01T00:00:00Z")
    assert ok.status_code == 200 and ok.json() == []


def test_patch_rejects_nulls_unknown_fields_and_empty_changes(coordinator: ApiClient) -> None:
    person = coordinator.request("POST", "/api/persons", {"given_name": "Chi",
                                                          "family_name": "Okafor"}).json()
    path = f"/api/persons/{person['id']}"
    response = coordinator.request("PATCH", path, {"given_name": None})
    assert response.status_code == 422
    assert response.json()["errors"] == {"given_name": "This field cannot be null."}
    assert coordinator.request("PATCH", path, {"mrn": "x"}).json()["errors"] == {
        "mrn": "This field is not allowed."}
    assert coordinator.request("PATCH", path, {}).json()["errors"] == {
        "body": "Send at least one field to change."}
    changed = coordinator.request("PATCH", path, {"birth_date": None, "family_name": "Eze",
                                                  "address": {"city": "Chicago"}})
    assert changed.status_code == 200
    assert changed.json()["family_name"] == "Eze"
    assert changed.json()["address"] == {"city": "Chicago"}


def test_other_tenant_and_missing_records_are_the_same_404() -> None:
    world = build_world([Role.ADMIN])
    admin = world.client(Role.ADMIN)
    other = admin.request("GET", f"/api/persons/{world.other_person_id}")
    missing = admin.request("GET", "/api/persons/999999999")
    assert other.status_code == missing.status_code == 404
    assert other.json() == missing.json() == {"detail": "Not found."}


def test_unknown_paths_and_wrong_methods_are_json(coordinator: ApiClient) -> None:
    response = coordinator.request("GET", "/api/no-such-thing")
    assert response.status_code == 404 and response.json() == {"detail": "Not found."}
    response = coordinator.request("DELETE", "/api/persons/1")
    assert response.status_code == 405
    assert response.json() == {"detail": "Method not allowed."}
    assert "PATCH" in response["Allow"]


def test_an_unexpected_error_is_a_bare_500_and_logs_no_phi(
    coordinator: ApiClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("Ada Lovelace, born 1815-12-10")

    monkeypatch.setattr("careloop.api.persons.search_persons", explode)
    with caplog.at_level(logging.DEBUG):
        response = coordinator.request("POST", "/api/persons/search", {"name": "Lovelace"})
    assert response.status_code == 500
    assert response.json() == {"detail": "Internal error."}
    assert "Lovelace" not in caplog.text and "1815" not in caplog.text
    assert "Traceback" not in caplog.text
    assert all(record.exc_info is None for record in caplog.records)
    assert "RuntimeError" in caplog.text  # the operator still learns what kind of failure


def test_a_failed_write_leaves_nothing_behind(
    coordinator: ApiClient, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from careloop.api import persons

    real = persons.do_create_person

    def create_then_fail(*args: object, **kwargs: object) -> None:
        real(*args, **kwargs)  # type: ignore[arg-type]
        raise RuntimeError("after the write")

    monkeypatch.setattr(persons, "do_create_person", create_then_fail)
    body = {"given_name": "Rollback", "family_name": "Probe"}
    assert coordinator.request("POST", "/api/persons", body).status_code == 500
    monkeypatch.undo()
    assert coordinator.request("POST", "/api/persons/search",
                               {"name": "Rollback Probe"}).json() == []


def test_search_needs_a_criterion_and_valid_contacts(coordinator: ApiClient) -> None:
    response = coordinator.request("POST", "/api/persons/search", {})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "query": "Enter a name, birth date, identifier, phone or e-mail."}
    response = coordinator.request("POST", "/api/persons/search", {"phone": "12"})
    assert response.status_code == 422 and "phone" in response.json()["errors"]


def test_consent_and_list_input_errors(coordinator: ApiClient) -> None:
    person = coordinator.request("POST", "/api/persons", {"given_name": "Chi",
                                                          "family_name": "Okafor"}).json()
    response = coordinator.request("POST", f"/api/persons/{person['id']}/consents", {
        "channel": "pigeon", "purpose": "marketing", "granted": True, "method": "",
        "text_version": "v1"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"channel", "method"}
    response = coordinator.request("POST", "/api/lists", {"slug": "Bad Slug!", "name": "x"})
    assert response.json()["errors"] == {
        "slug": "Use lower-case letters, digits, hyphens and underscores."}
    assert coordinator.request("POST", "/api/lists", {"slug": "dup", "name": "x"}).status_code \
        == 201
    response = coordinator.request("POST", "/api/lists", {"slug": "dup", "name": "x"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"slug": "A list with this slug already exists."}


def test_a_body_over_the_upload_limit_is_413(
    coordinator: ApiClient, settings: pytest.FixtureRequest,
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # type: ignore[attr-defined]
    response = coordinator.request("POST", "/api/persons/search", {"name": "x" * 2000})
    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
