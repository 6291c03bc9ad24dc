import datetime as dt

import pytest
from django.utils import timezone

from careloop.compliance.public import access_audit_log
from careloop.identity.public import NotPermitted, Role, do_create_staff_user
from careloop.kit.errors import InvalidInput, NotFound
from careloop.kit.models import OutboxEvent
from careloop.locations.public import (
    access_location_by_id,
    do_set_location_status,
    do_set_wait_time,
    list_locations,
    list_status_history,
)

from .helpers import ALL_LANGUAGES, make_actor, make_location

pytestmark = pytest.mark.django_db

H = dt.timedelta(hours=1)


@pytest.fixture
def admin():
    return make_actor()


def test_default_status_is_open(admin):
    view = access_location_by_id(admin, make_location(admin).id)
    assert view.status == "open"
    assert view.current_status is None
    assert view.status_message("es") == ""


def test_missing_languages_are_named(admin):
    loc = make_location(admin)
    partial = {"en": "Closed for snow", "fr": "Fermé (neige)", "pl": "   "}
    with pytest.raises(InvalidInput) as exc:
        do_set_location_status(admin, loc.id, "closed", partial)
    message = exc.value.errors["messages"]
    assert "es" in message and "pl" in message and "tr" in message
    assert "fr" not in message and "en" not in message
    assert list_status_history(admin, loc.id) == []


def test_unknown_status_and_language_are_rejected(admin):
    loc = make_location(admin)
    with pytest.raises(InvalidInput) as exc:
        do_set_location_status(admin, loc.id, "on_fire", {**ALL_LANGUAGES, "de": "Zu"})
    assert set(exc.value.errors) == {"status", "messages"}
    assert "de" in exc.value.errors["messages"]


def test_window_must_end_after_it_starts_and_in_the_future(admin):
    loc = make_location(admin)
    now = timezone.now()
    with pytest.raises(InvalidInput) as exc:
        do_set_location_status(admin, loc.id, "closed", ALL_LANGUAGES, now + 2 * H, now + H)
    assert "effective_until" in exc.value.errors
    with pytest.raises(InvalidInput):
        do_set_location_status(admin, loc.id, "closed", ALL_LANGUAGES, now - 3 * H, now - H)


def test_status_applies_only_inside_its_window(admin):
    loc = make_location(admin, kind="hospital", hours=[], open_24_hours=True)
    now = timezone.now()
    view = do_set_location_status(admin, loc.id, "closed", ALL_LANGUAGES, now + H, now + 3 * H)
    assert view.status == "open"  # not yet
    assert view.status_at(now + 2 * H) == "closed"
    assert not view.is_open_now(now + 2 * H)
    assert view.status_at(now + 4 * H) == "open"
    assert view.is_open_now(now + 4 * H)


def test_latest_window_containing_now_wins(admin):
    loc = make_location(admin)
    now = timezone.now()
    do_set_location_status(admin, loc.id, "covid_only", ALL_LANGUAGES, now - 5 * H)
    view = do_set_location_status(admin, loc.id, "testing_only", ALL_LANGUAGES, now - 2 * H,
                                  now + 2 * H)
    assert view.status == "testing_only"
    # A window that started earlier does not beat a later one, whatever the creation order.
    view = do_set_location_status(admin, loc.id, "virtual_only", ALL_LANGUAGES, now - 4 * H)
    assert view.status == "testing_only"
    assert view.status_at(now + 3 * H) == "virtual_only"
    history = list_status_history(admin, loc.id)
    assert [s.status for s in history] == ["virtual_only", "testing_only", "covid_only"]


def test_message_in_requested_language_with_english_fallback(admin):
    loc = make_location(admin)
    messages = {**ALL_LANGUAGES, "en": "  Closed today  "}
    view = do_set_location_status(admin, loc.id, "closed", messages)
    assert view.status_message("es") == "Cerrado hoy"
    assert view.status_message("es-MX") == "Cerrado hoy"
    assert view.status_message("pl") == "Dziś zamknięte"
    assert view.status_message("de") == "Closed today"  # trimmed, English fallback


def test_naive_times_are_wall_clock_at_the_location(admin):
    loc = make_location(admin, time_zone="America/Los_Angeles")
    start = dt.datetime(2031, 7, 4, 9, 0)
    view = do_set_location_status(admin, loc.id, "closed", ALL_LANGUAGES, start)
    status = view.statuses[0]
    assert status.effective_from == dt.datetime(2031, 7, 4, 16, 0, tzinfo=dt.UTC)


def test_status_change_publishes_an_event_and_is_audited(admin):
    loc = make_location(admin)
    do_set_location_status(admin, loc.id, "virtual_only", ALL_LANGUAGES)
    events = list(OutboxEvent.objects.filter(tenant_id=admin.tenant_id,
                                             topic="location.status_changed"))
    assert len(events) == 1
    payload = events[0].payload
    assert payload["location_id"] == loc.id
    assert payload["status"] == "virtual_only" and payload["previous_status"] == "open"
    assert payload["messages"]["tr"] == ALL_LANGUAGES["tr"]
    auditor = do_create_staff_user(admin.tenant_id, "auditor-loc", None, Role.AUDITOR)
    records = [r for r in access_audit_log(auditor) if r.entity_type == "Location"]
    assert [(r.action, r.entity_id) for r in records] == [("U", str(loc.id))]


def test_wait_time(admin):
    loc = make_location(admin, kind="urgent_care")
    view = do_set_wait_time(admin, loc.id, 35)
    assert view.wait_minutes == 35 and view.wait_updated_at is not None
    assert do_set_wait_time(admin, loc.id, None).wait_minutes is None
    for bad in (-1, 24 * 60 + 1, True):
        with pytest.raises(InvalidInput):
            do_set_wait_time(admin, loc.id, bad)
    clinic = make_location(admin, kind="primary_care")
    with pytest.raises(InvalidInput):
        do_set_wait_time(admin, clinic.id, 10)
    auditor = do_create_staff_user(admin.tenant_id, "auditor-wait", None, Role.AUDITOR)
    assert len([r for r in access_audit_log(auditor) if r.entity_type == "Location"]) == 2


@pytest.mark.parametrize("role", [Role.MARKETER, Role.CLINICIAN, Role.CARE_COORDINATOR,
                                  Role.ANALYST, Role.AUDITOR])
def test_roles_without_location_write_cannot_change_anything(admin, role):
    loc = make_location(admin, kind="urgent_care")
    other = do_create_staff_user(admin.tenant_id, f"{role.value}-x", None, role)
    with pytest.raises(NotPermitted):
        do_set_location_status(other, loc.id, "closed", ALL_LANGUAGES)
    with pytest.raises(NotPermitted):
        do_set_wait_time(other, loc.id, 5)
    assert access_location_by_id(admin, loc.id).status == "open"


@pytest.mark.parametrize("role", [Role.ACCESS_AGENT, Role.INTEGRATION])
def test_roles_with_location_write_can(admin, role):
    loc = make_location(admin, kind="urgent_care")
    writer = do_create_staff_user(admin.tenant_id, f"{role.value}-w", None, role,
                                  is_machine=role == Role.INTEGRATION)
    assert do_set_wait_time(writer, loc.id, 15).wait_minutes == 15
    assert do_set_location_status(writer, loc.id, "closed", ALL_LANGUAGES).status == "closed"


def test_auditor_cannot_read_the_directory(admin):
    auditor = do_create_staff_user(admin.tenant_id, "auditor-read", None, Role.AUDITOR)
    with pytest.raises(NotPermitted):
        list_locations(auditor)


def test_other_tenants_location_is_not_found(admin):
    theirs = make_location(make_actor(), kind="urgent_care")
    mine = make_location(admin)
    with pytest.raises(NotFound):
        access_location_by_id(admin, theirs.id)
    with pytest.raises(NotFound):
        do_set_location_status(admin, theirs.id, "closed", ALL_LANGUAGES)
    with pytest.raises(NotFound):
        do_set_wait_time(admin, theirs.id, 10)
    with pytest.raises(NotFound):
        list_status_history(admin, theirs.id)
    with pytest.raises(NotFound):
        access_location_by_id(admin, 999_999)
    assert [v.id for v in list_locations(admin)] == [mine.id]


def test_list_filters_by_kind(admin):
    care = make_location(admin, kind="urgent_care", name="A urgent")
    make_location(admin, kind="imaging", name="B imaging")
    assert [v.id for v in list_locations(admin, kind="urgent_care")] == [care.id]
    with pytest.raises(InvalidInput):
        list_locations(admin, kind="spa")
