"""The bulk doors the seed uses: patients.do_bulk_load_persons and compliance's consents."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from careloop.compliance.public import (
    ConsentRecord,
    consent_states,
    do_bulk_delete_consents,
    do_bulk_record_consents,
)
from careloop.identity.public import NotPermitted, Role
from careloop.kit.errors import InvalidInput
from careloop.kit.testing import create_actor, create_tenant
from careloop.patients.public import (
    CareGapRecord,
    ListEntry,
    ListSpec,
    PersonRecord,
    PreferenceRecord,
    SearchQuery,
    access_person_by_id,
    do_bulk_delete_persons,
    do_bulk_load_persons,
    list_static_lists,
    person_counts,
    read_timeline,
    search_persons,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LISTS = (ListSpec("diabetes-registry", "Diabetes registry", "emr", True),
         ListSpec("newsletter-wellness", "Wellness newsletter"))


def _record(n: int, **overrides):
    data = dict(
        given_name=f"Ana{n}", family_name="Kowalska", birth_date=dt.date(1970, 5, 17),
        sex="female", language="pl",
        address={"line": "1 Main St", "city": "Chicago", "state": "IL", "postal_code": "60601",
                 "lat": 41.88, "lon": -87.63},
        emails=(f"Ana{n}@Example.org",), phones=("+1 (773) 555-0123",),
        identifiers=(("urn:test:mrn", f"M{n}"),),
        conditions=(("e119", dt.date(2020, 1, 1)), ("Z80.3", None)),
        care_gaps=(CareGapRecord("a1c_test", dt.date(2027, 1, 1)),
                   CareGapRecord("flu_vaccine", dt.date(2026, 1, 1), "closed",
                                 NOW - dt.timedelta(days=30))),
        preference=PreferenceRecord("sms", dt.time(21), dt.time(8), ("diabetes",)),
        timeline=((f"t-{n}-0", "web.page_viewed", "web", "website",
                   NOW - dt.timedelta(days=3), {"path": "/health/diabetes"}),
                  (f"t-{n}-1", "encounter.completed", "clinical", "emr",
                   NOW - dt.timedelta(days=2), {"class": "ambulatory"})),
        lists=("diabetes-registry",
               ListEntry("newsletter-wellness", NOW - dt.timedelta(days=90),
                         NOW - dt.timedelta(days=10), "marketer", "patient")),
    )
    data.update(overrides)
    return PersonRecord(**data)


def test_load_writes_everything_searchably_and_audits_once():
    feed = create_actor(Role.INTEGRATION)
    ids = do_bulk_load_persons(feed.tenant_id, [_record(1), _record(2)], actor=feed, lists=LISTS)
    assert len(ids) == 2
    view = access_person_by_id(feed, ids[0])
    assert view.given_name == "Ana1" and view.time_zone == "America/Chicago"
    assert [(c.kind, c.value) for c in view.contact_points] == [
        ("email", "ana1@example.org"), ("phone", "+17735550123")]
    assert sorted((c.code, c.description) for c in view.conditions) == [
        ("E11.9", "Type 2 diabetes mellitus without complications"),
        ("Z80.3", "Family history of malignant neoplasm of breast")]
    assert {(g.kind, g.status) for g in view.care_gaps} == {("a1c_test", "open"),
                                                            ("flu_vaccine", "closed")}
    assert view.preference.topics == ["diabetes"] and view.preference.quiet_start == dt.time(21)
    lists = {(v.slug, v.removed_at is None) for v in view.lists}
    assert lists == {("diabetes-registry", True), ("newsletter-wellness", False)}
    assert [e.event_id for e in read_timeline(feed, ids[0])] == ["t-1-1", "t-1-0"]
    assert [p.id for p in search_persons(feed, SearchQuery(name="ana2 kowalska"))] == [ids[1]]
    found = search_persons(feed, SearchQuery(identifier_system="urn:test:mrn",
                                             identifier_value="M2"))
    assert [p.id for p in found] == [ids[1]]
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM compliance_auditevent WHERE tenant_id = %s "
                       "AND entity_id = 'bulk' AND entity_type = 'Patient'", [feed.tenant_id])
        assert cursor.fetchone()[0] == 1


def test_a_bad_record_rejects_the_whole_load():
    feed = create_actor(Role.INTEGRATION)
    bad = _record(2, conditions=(("NOT-A-CODE", None),), phones=("12",))
    with pytest.raises(InvalidInput) as exc:
        do_bulk_load_persons(feed.tenant_id, [_record(1), bad], actor=feed, lists=LISTS)
    assert set(exc.value.errors) == {"records[1].conditions[0]", "records[1].phones[0]"}
    assert person_counts(feed.tenant_id)["persons"] == 0


def test_unknown_list_and_bad_category_are_rejected():
    feed = create_actor(Role.INTEGRATION)
    with pytest.raises(InvalidInput) as exc:
        do_bulk_load_persons(feed.tenant_id, [_record(1, lists=("nope",))], actor=feed)
    assert "records[0].lists[0]" in exc.value.errors
    event = ("e1", "x.y", "gossip", "web", NOW, {})
    with pytest.raises(InvalidInput) as exc:
        do_bulk_load_persons(feed.tenant_id, [_record(1, timeline=(event,), lists=())],
                             actor=feed)
    assert "records[0].timeline[0].category" in exc.value.errors


def test_duplicate_identifier_is_a_readable_error():
    feed = create_actor(Role.INTEGRATION)
    do_bulk_load_persons(feed.tenant_id, [_record(1)], actor=feed, lists=LISTS)
    again = _record(9, identifiers=(("urn:test:mrn", "M1"),), timeline=())
    with pytest.raises(InvalidInput, match="identifier"):
        do_bulk_load_persons(feed.tenant_id, [again], actor=feed, lists=LISTS)
    assert person_counts(feed.tenant_id)["persons"] == 1


def test_resent_timeline_events_are_skipped():
    feed = create_actor(Role.INTEGRATION)
    do_bulk_load_persons(feed.tenant_id, [_record(1)], actor=feed, lists=LISTS)
    second = do_bulk_load_persons(
        feed.tenant_id, [_record(2, identifiers=(), emails=())], actor=feed, lists=LISTS)
    # Event ids are per tenant: _record(2) has its own; resending _record(1)'s ids adds none.
    resent = _record(3, identifiers=(), timeline=_record(1).timeline)
    third = do_bulk_load_persons(feed.tenant_id, [resent], actor=feed, lists=LISTS)
    assert len(read_timeline(feed, second[0])) == 2
    assert read_timeline(feed, third[0]) == []


def test_only_writers_of_the_same_tenant_may_bulk_load():
    analyst = create_actor(Role.ANALYST)
    with pytest.raises(NotPermitted):
        do_bulk_load_persons(analyst.tenant_id, [_record(1)], actor=analyst, lists=LISTS)
    feed = create_actor(Role.INTEGRATION)
    with pytest.raises(InvalidInput, match="another tenant"):
        do_bulk_load_persons(create_tenant().id, [_record(1)], actor=feed, lists=LISTS)


def test_lists_are_created_once_with_their_flags():
    feed = create_actor(Role.INTEGRATION)
    do_bulk_load_persons(feed.tenant_id, [_record(1)], actor=feed, lists=LISTS)
    do_bulk_load_persons(feed.tenant_id, [_record(2)], actor=feed, lists=LISTS)
    lists = {v.slug: v for v in list_static_lists(feed)}
    assert set(lists) == {"diabetes-registry", "newsletter-wellness"}
    assert lists["diabetes-registry"].is_clinical and lists["diabetes-registry"].source == "emr"
    assert lists["diabetes-registry"].member_count == 2
    assert lists["newsletter-wellness"].member_count == 0  # both left it


def test_consents_latest_row_wins_and_wipe():
    feed = create_actor(Role.INTEGRATION)
    [pid] = do_bulk_load_persons(feed.tenant_id, [_record(1)], actor=feed, lists=LISTS)
    t0 = NOW - dt.timedelta(days=100)
    rows = [
        ConsentRecord(pid, "email", "marketing", True, t0, "patient", "web_form", "v1"),
        ConsentRecord(pid, "email", "marketing", False, t0 + dt.timedelta(days=50), "patient",
                      "unsubscribe_link", "v1"),
        ConsentRecord(pid, "sms", "treatment", True, t0, "emr-feed", "emr", "v1"),
    ]
    assert do_bulk_record_consents(feed.tenant_id, rows, actor=feed) == 3
    states = {(c.channel, c.purpose): c.granted for c in consent_states(feed.tenant_id, pid)}
    assert states == {("email", "marketing"): False, ("sms", "treatment"): True}
    with pytest.raises(InvalidInput) as exc:
        do_bulk_record_consents(feed.tenant_id, [
            ConsentRecord(pid, "fax", "marketing", True, t0, "patient", "paper", "v1"),
            ConsentRecord(pid, "sms", "treatment", True, NOW + dt.timedelta(days=1), "x",
                          "paper", "v1")], actor=feed)
    assert set(exc.value.errors) == {"rows[0].channel", "rows[1].recorded_at"}
    assert do_bulk_delete_consents(feed.tenant_id, actor=feed) == 3
    assert do_bulk_delete_persons(feed.tenant_id, actor=feed) == 1
    assert person_counts(feed.tenant_id)["persons"] == 0
    assert person_counts(feed.tenant_id)["lists"] == 0
