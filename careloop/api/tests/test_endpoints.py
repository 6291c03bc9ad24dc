"""What each endpoint returns, and what it costs (no N+1 queries on the hot read path)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from careloop.api.tests.support import ApiClient, build_world
from careloop.identity.public import Role
from careloop.kit.testing import create_person
from careloop.patients.public import (
    do_add_condition,
    do_add_to_list,
    do_create_list,
    do_record_consent_for,
)

pytestmark = pytest.mark.django_db


def test_health_and_bare_need_no_token_and_bare_no_database(
    django_assert_num_queries: object,
) -> None:
    client = Client()
    assert client.get("/api/health").json() == {"status": "ok"}
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/bare")
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert len(queries) == 0


def test_openapi_and_docs_are_served() -> None:
    schema = Client().get("/api/openapi.json").json()
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    batch = schema["paths"]["/api/events/batch"]["post"]["requestBody"]
    item = batch["content"]["application/json"]["schema"]["items"]
    assert set(item["required"]) == {"id", "person", "type", "category", "source",
                                     "occurred_at"}
    assert Client().get("/api/docs").status_code == 200


def test_create_read_update_search_round_trip() -> None:
    world = build_world([Role.ACCESS_AGENT, Role.MARKETER])
    agent = world.client(Role.ACCESS_AGENT)
    created = agent.request("POST", "/api/persons", {
        "given_name": "Zoë", "family_name": "Kowalski", "birth_date": "1975-05-06",
        "sex": "female", "language": "pl", "address": {"city": "Chicago", "state": "IL"},
        "emails": ["Zoe.K@Example.org"], "phones": ["(312) 555-0117"],
        "identifiers": [{"system": "urn:test:mrn", "value": "K-77"}],
    })
    assert created.status_code == 201, created.content
    person = created.json()
    assert person["given_name"] == "Zoë" and person["language"] == "pl"
    assert person["contact_points"][0]["value"] == "zoe.k@example.org"
    assert person["identifiers"] == [{"system": "urn:test:mrn", "value": "K-77"}]
    assert person["conditions"] is None  # access agents see no clinical data

    found = agent.request("POST", "/api/persons/search", {"name": "zoe kowalski"}).json()
    assert [p["id"] for p in found] == [person["id"]]
    for query in ({"identifier": {"system": "urn:test:mrn", "value": "k-77"}},
                  {"phone": "+13125550117"}, {"email": "zoe.k@example.org"},
                  {"birth_date": "1975-05-06", "name": "Kowalski"}):
        hits = agent.request("POST", "/api/persons/search", query).json()
        assert [p["id"] for p in hits] == [person["id"]], query

    updated = agent.request("PATCH", f"/api/persons/{person['id']}", {"language": "es"}).json()
    assert updated["language"] == "es"
    marketer = world.client(Role.MARKETER).request("GET", f"/api/persons/{person['id']}").json()
    assert marketer["language"] == "es" and marketer["identifiers"] is None


def test_consents_current_state_and_history() -> None:
    world = build_world([Role.ACCESS_AGENT])
    agent = world.client(Role.ACCESS_AGENT)
    path = f"/api/persons/{world.person_id}/consents"
    for granted in (True, False):
        response = agent.request("POST", path, {
            "channel": "sms", "purpose": "marketing", "granted": granted, "method": "sms_keyword",
            "text_version": "2025-01", "source": "twilio"})
        assert response.status_code == 201
        assert response.json()["granted"] is granted
    consents = agent.request("GET", path).json()
    current = {(c["channel"], c["purpose"]): c["granted"] for c in consents["current"]}
    assert current == {("email", "marketing"): True, ("sms", "marketing"): False}
    assert [c["granted"] for c in consents["history"] if c["channel"] == "sms"] == [False, True]


def test_list_membership_flow() -> None:
    world = build_world([Role.MARKETER])
    marketer = world.client(Role.MARKETER)
    assert marketer.request("POST", "/api/lists", {"slug": "spring-campaign",
                                                   "name": "Spring"}).status_code == 201
    clinical = marketer.request("POST", "/api/lists", {"slug": "knees", "name": "Knees",
                                                       "is_clinical": True})
    assert clinical.status_code == 403  # only clinical roles make clinical lists
    path = f"/api/lists/spring-campaign/members/{world.person_id}"
    assert marketer.request("PUT", path).json() == {"member": True, "changed": True}
    assert marketer.request("PUT", path).json() == {"member": True, "changed": False}
    members = marketer.request("GET", "/api/lists/spring-campaign/members").json()
    assert [m["id"] for m in members] == [world.person_id]
    listed = {x["slug"]: x["member_count"] for x in marketer.request("GET", "/api/lists").json()}
    assert listed["spring-campaign"] == 1
    assert marketer.request("DELETE", path).json() == {"member": False, "changed": True}
    assert marketer.request("GET", "/api/lists/spring-campaign/members").json() == []
    clinical_path = f"/api/lists/{world.clinical_list_slug}/members/{world.person_id}"
    assert marketer.request("PUT", clinical_path).status_code == 404


def _read_queries(client: ApiClient, person_id: int) -> int:
    client.request("GET", f"/api/persons/{person_id}")  # warm the token cache
    with CaptureQueriesContext(connection) as queries:
        response = client.request("GET", f"/api/persons/{person_id}")
    assert response.status_code == 200
    return len(queries)


def test_reading_a_person_costs_the_same_queries_however_much_they_have() -> None:
    world = build_world([Role.CLINICIAN])
    writer = world.writer
    client = world.client(Role.CLINICIAN)
    small = create_person(writer, emails=[], phones=[], identifiers=[]).id
    big = create_person(writer, emails=[f"big{i}@example.com" for i in range(5)],
                        phones=[f"+1312555010{i}" for i in range(5)],
                        identifiers=[("urn:test:big", f"B{i}") for i in range(5)]).id
    for i, code in enumerate(("E11.9", "I10", "J45.909")):
        do_add_condition(writer, big, code)
        do_create_list(writer, f"big-{i}", f"Big {i}", is_clinical=bool(i % 2))
        do_add_to_list(writer, f"big-{i}", big)
    for channel in ("email", "sms", "voice"):
        do_record_consent_for(writer, big, channel, "treatment", True, method="paper",
                              text_version="v1")
    assert _read_queries(client, small) == _read_queries(client, big)


def test_search_runs_without_a_request_transaction_and_writes_still_have_one() -> None:
    world = build_world([Role.ACCESS_AGENT])
    agent = world.client(Role.ACCESS_AGENT)
    agent.request("GET", "/api/lists")  # warm the token cache
    with CaptureQueriesContext(connection) as queries:
        agent.request("POST", "/api/persons/search", {"name": "Ada"})
    # Under the test's own transaction a request transaction shows up as a first SAVEPOINT.
    assert not queries.captured_queries[0]["sql"].startswith("SAVEPOINT")
    with CaptureQueriesContext(connection) as queries:
        agent.request("PATCH", f"/api/persons/{world.person_id}", {"language": "fr"})
    assert queries.captured_queries[0]["sql"].startswith("SAVEPOINT")
