import datetime as dt
import time
from collections import Counter

import pytest

from careloop.locations.models import HolidayException, LocationHours
from careloop.locations.public import (
    access_location_by_id,
    access_provider_by_id,
    do_seed_directory,
    list_locations,
    search_providers,
)

from .helpers import make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_actor()


def test_counts_and_shape(admin):
    started = time.perf_counter()
    seed = do_seed_directory(admin.tenant_id, 7)
    assert time.perf_counter() - started < 5
    kinds = Counter(loc.kind for loc in seed.locations)
    assert kinds == {"hospital": 1, "urgent_care": 3, "primary_care": 4, "imaging": 1,
                     "sports_medicine": 1, "physical_therapy": 2}
    assert 100 <= len(seed.providers) <= 140
    for loc in seed.locations:
        assert 41.6 < loc.latitude < 42.2 and -88.0 < loc.longitude < -87.5
    location_ids = {loc.id for loc in seed.locations}
    assert all(p.location_ids and set(p.location_ids) <= location_ids for p in seed.providers)
    assert sum(p.is_primary_care for p in seed.providers) >= 20
    specialties = Counter(s for p in seed.providers for s in p.specialties)
    assert specialties["family_medicine"] >= 20 and specialties["physical_therapy"] >= 10


def test_providers_speak_several_languages_and_have_five_bios(admin):
    do_seed_directory(admin.tenant_id, 7)
    providers = search_providers(admin, limit=500)
    assert all(p.languages[0] == "en" for p in providers)
    spoken = Counter(c for p in providers for c in p.languages)
    assert spoken["es"] >= 10 and spoken["pl"] >= 2
    for p in providers:
        assert set(p.bio) == {"en", "es", "fr", "pl", "tr"}
        assert p.family_name in p.bio["pl"]
        assert p.npi.startswith("9") and len(p.npi) == 10
    assert len({p.npi for p in providers}) == len(providers)
    assert any(p.accepting_new_patients for p in providers)
    assert any(p.offers_video for p in providers)


def test_same_seed_same_directory_other_seed_other_names(admin):
    other = make_actor()
    first = do_seed_directory(admin.tenant_id, 42)
    second = do_seed_directory(other.tenant_id, 42)

    def people(actor):
        return [(p.given_name, p.family_name, p.credentials, p.specialties, p.languages)
                for p in sorted(search_providers(actor, limit=500), key=lambda p: p.id)]

    assert people(admin) == people(other)
    assert [(loc.slug, loc.name) for loc in first.locations] == [
        (loc.slug, loc.name) for loc in second.locations]
    assert [p.specialties for p in first.providers] == [p.specialties for p in second.providers]
    third = make_actor()
    do_seed_directory(third.tenant_id, 43)
    assert people(third) != people(admin)


def test_seeding_twice_changes_nothing(admin):
    first = do_seed_directory(admin.tenant_id, 1)
    again = do_seed_directory(admin.tenant_id, 2)
    assert again == first


def test_hours_holidays_waits_and_status(admin):
    seed = do_seed_directory(admin.tenant_id, 3)
    views = {v.slug: v for v in list_locations(admin)}
    hospital = views["prairie-lake-medical-center"]
    assert hospital.open_24_hours and hospital.is_open_now()
    urgent = [v for v in views.values() if v.kind == "urgent_care"]
    assert all(v.wait_minutes is not None for v in urgent)
    assert all(str(v.opening_on(dt.date(2031, 6, 4))) == "08:00–20:00" for v in urgent)
    flagged = [v for v in views.values() if v.status != "open"]
    assert [(v.kind, v.status) for v in flagged] == [("urgent_care", "testing_only")]
    assert all(flagged[0].status_message(lang) for lang in ("en", "es", "fr", "pl", "tr"))
    assert flagged[0].status_message("es") != flagged[0].status_message("en")
    loop = views["loop-primary-care"]
    tuesday = dt.date(2031, 6, 3)
    assert len(loop.opening_on(tuesday).intervals) == 2  # lunch break
    assert loop.opening_on(dt.date(2031, 6, 1)).closed  # Sunday
    tenant = admin.tenant_id
    christmas = HolidayException.objects.for_tenant(tenant).filter(date__month=12, date__day=25)
    assert {e.location.kind for e in christmas.filter(closed=True)} == {
        "primary_care", "imaging", "sports_medicine", "physical_therapy"}
    assert {e.location.kind for e in christmas.filter(closed=False)} == {"urgent_care"}
    thanksgiving = HolidayException.objects.for_tenant(tenant).filter(note__startswith="Thanks")
    assert all(e.date.weekday() == 3 and 22 <= e.date.day <= 28 for e in thanksgiving)
    assert LocationHours.objects.for_tenant(tenant).count() > 40
    # An upcoming Christmas is visible in the view and closes a primary care clinic.
    view = access_location_by_id(admin, loop.id)
    upcoming = [e for e in view.exceptions if (e.date.month, e.date.day) == (12, 25)]
    assert upcoming and view.opening_on(upcoming[0].date).closed
    provider = access_provider_by_id(admin, seed.providers[0].id)
    assert provider.locations
