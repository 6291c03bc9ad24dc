"""Batch event ingest: each item stands alone; rejects are reported and kept; resends are no-ops."""

from __future__ import annotations

import pytest

from careloop.api.tests.support import MISSING_ID, build_world
from careloop.compliance.public import access_audit_log
from careloop.identity.public import Role
from careloop.kit.models import DeadLetter
from careloop.kit.testing import create_actor
from careloop.patients.public import access_person_by_id, read_timeline

pytestmark = pytest.mark.django_db


def _event(event_id: str, person: dict[str, object], **over: object) -> dict[str, object]:
    event: dict[str, object] = {
        "id": event_id, "person": person, "type": "email.opened", "category": "messaging",
        "source": "mailer", "occurred_at": "2025-06-01T10:00:00+02:00", "payload": {"n": 1},
    }
    event.update(over)
    return event


def test_mixed_batch_stores_the_good_reports_the_bad_and_resends_store_nothing() -> None:
    world = build_world([Role.INTEGRATION])
    client = world.client(Role.INTEGRATION)
    actor = world.actors[Role.INTEGRATION]
    me = {"id": world.person_id}
    mrn = access_person_by_id(world.writer, world.person_id).identifiers[0]  # type: ignore[index]
    by_mrn = {"identifier": {"system": mrn.system, "value": mrn.value.lower()}}
    first = client.request("POST", "/api/events/batch", [_event("ev-old", me)])
    assert first.json() == {"accepted": 1, "duplicates": 0, "rejected": []}
    before = len(read_timeline(world.writer, world.person_id, limit=500))

    missing_fields = {"id": "ev-bare"}
    batch = [
        _event("ev-1", me),                                                # 0 good
        _event("ev-2", by_mrn, category="web", type="web.visit"),          # 1 good, by MRN
        missing_fields,                                                    # 2 bad
        _event("ev-3", me, category="gossip"),                             # 3 bad category
        _event("ev-4", {"id": MISSING_ID}),                                # 4 unknown person
        _event("ev-5", {"id": world.other_person_id}),                     # 5 other tenant
        _event("ev-6", me, occurred_at="2025-06-01T10:00:00"),             # 6 no time zone
        _event("ev-7", me, occurred_at="last tuesday"),                    # 7 not a datetime
        _event("ev-1", me),                                                # 8 duplicate in batch
        _event("ev-old", me),                                              # 9 already stored
        "not an event",                                                    # 10 not an object
        _event("ev-8", me, category="clinical", type="encounter.completed"),  # 11 good
        _event("ev-9", me, type="condition.recorded", category="engagement"),  # 12 hides clinical
        _event("ev-10", {"identifier": {"system": "urn:other", "value": mrn.value}}),  # 13
        _event("ev-11", {"id": world.person_id, "identifier": by_mrn["identifier"]}),  # 14
    ]
    response = client.request("POST", "/api/events/batch", batch)
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["accepted"] == 3
    assert report["duplicates"] == 2
    rejected = {r["index"]: r for r in report["rejected"]}
    assert sorted(rejected) == [2, 3, 4, 5, 6, 7, 10, 12, 13, 14]
    assert rejected[2]["id"] == "ev-bare"
    assert rejected[2]["errors"] == {
        "person": "This field is required.", "type": "This field is required.",
        "category": "This field is required.", "source": "This field is required.",
        "occurred_at": "This field is required.",
    }
    assert rejected[3]["errors"]["category"].startswith("This must be one of: 'engagement'")
    assert rejected[4]["errors"] == {"person.id": "No person with this id."}
    assert rejected[5]["errors"] == {"person.id": "No person with this id."}
    assert "time zone" in rejected[6]["errors"]["occurred_at"]
    assert "date and time" in rejected[7]["errors"]["occurred_at"]
    assert rejected[10] == {"index": 10, "id": None,
                            "errors": {"event": "This must be a JSON object."}}
    assert "clinical" in rejected[12]["errors"]["category"]
    assert rejected[13]["errors"] == {
        "person.identifier": "No person with this identifier in this system."}
    assert "either" in rejected[14]["errors"]["person"]

    stored = read_timeline(world.writer, world.person_id, limit=500)
    assert len(stored) == before + 3
    assert {"ev-1", "ev-2", "ev-8"} <= {e.event_id for e in stored}

    letters = list(DeadLetter.objects.filter(source="api.events", tenant_id=world.tenant.id)
                   .order_by("id"))
    assert [letter.payload for letter in letters] == [batch[i] for i in sorted(rejected)]
    assert "occurred_at" in letters[4].reason and "time zone" in letters[4].reason

    auditor = create_actor(Role.AUDITOR, world.tenant)
    audits = [r for r in access_audit_log(auditor, agent=actor.username)
              if r.entity_type == "Patient/timeline"]
    assert len(audits) == 2  # one per request
    assert audits[0].patient_ids == [world.person_id] and audits[0].action == "C"

    again = client.request("POST", "/api/events/batch", batch).json()
    assert again["accepted"] == 0
    assert again["duplicates"] == 5
    assert [r["index"] for r in again["rejected"]] == sorted(rejected)
    assert len(read_timeline(world.writer, world.person_id, limit=500)) == before + 3


def test_a_role_without_the_clinical_category_cannot_write_clinical_events() -> None:
    world = build_world([Role.ACCESS_AGENT])
    client = world.client(Role.ACCESS_AGENT)
    me = {"id": world.person_id}
    report = client.request("POST", "/api/events/batch", [
        _event("aa-1", me, category="clinical", type="note.added"),
        _event("aa-2", me, category="access", type="appointment.booked"),
    ]).json()
    assert report["accepted"] == 1
    assert report["rejected"] == [{"index": 0, "id": "aa-1", "errors": {
        "category": "Your role may not write clinical events."}}]


def test_more_than_a_thousand_events_is_refused_whole() -> None:
    world = build_world([Role.INTEGRATION])
    events = [_event(f"big-{i}", {"id": world.person_id}) for i in range(1001)]
    response = world.client(Role.INTEGRATION).request("POST", "/api/events/batch", events)
    assert response.status_code == 422
    assert response.json()["errors"]["events"].startswith("Send at most 1,000 events")
    assert not DeadLetter.objects.filter(tenant_id=world.tenant.id).exists()
    assert all(not e.event_id.startswith("big-")
               for e in read_timeline(world.writer, world.person_id, limit=500))


def test_exactly_a_thousand_events_are_accepted() -> None:
    world = build_world([Role.INTEGRATION])
    events = [_event(f"full-{i}", {"id": world.person_id}, payload={}) for i in range(1000)]
    response = world.client(Role.INTEGRATION).request("POST", "/api/events/batch", events)
    assert response.status_code == 200, response.content[:300]
    assert response.json()["accepted"] == 1000


def test_the_body_must_be_an_array() -> None:
    world = build_world([Role.INTEGRATION])
    response = world.client(Role.INTEGRATION).request(
        "POST", "/api/events/batch", {"id": "x"})
    assert response.status_code == 422
    assert response.json() == {"detail": "Invalid input.",
                               "errors": {"body": "This must be a JSON array."}}
