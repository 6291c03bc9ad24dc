import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from careloop.identity.public import Role
from careloop.locations.public import access_location_by_id, do_set_location_status

from .helpers import ALL_LANGUAGES, add_exception, make_actor, make_location, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.CARELOOP_REQUIRE_MFA = False


@pytest.fixture
def admin():
    return make_actor()


def sign_in(client, actor):
    client.force_login(get_user_model().objects.get(pk=actor.user_id))
    return client


def message_fields(**overrides):
    data = {f"message_{lang}": text for lang, text in ALL_LANGUAGES.items()}
    data.update(overrides)
    return data


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("console:locations"))
    assert response.status_code == 302 and reverse("console:login") in response.url


def test_location_list(client, admin):
    care = make_location(admin, kind="urgent_care", name="Lakeview Urgent Care",
                         wait_minutes=35)
    make_location(admin, kind="imaging", name="West Loop Imaging")
    do_set_location_status(admin, care.id, "testing_only", ALL_LANGUAGES)
    page = sign_in(client, admin).get(reverse("console:locations")).content.decode()
    assert "Lakeview Urgent Care" in page and "West Loop Imaging" in page
    assert "Testing only" in page and ALL_LANGUAGES["en"] in page
    assert "35 minutes" in page
    assert "Open now" in page or "Closed now" in page
    assert reverse("console:location_detail", args=[care.id]) in page
    filtered = client.get(reverse("console:locations"), {"kind": "imaging"}).content.decode()
    assert "West Loop Imaging" in filtered and "Lakeview Urgent Care" not in filtered


def test_labels_follow_the_interface_language(client, admin):
    make_location(admin, kind="urgent_care", name="Lakeview Urgent Care")
    sign_in(client, admin)
    client.cookies["careloop_language"] = "es"
    page = client.get(reverse("console:locations")).content.decode()
    assert "Atención urgente" in page and "Abierto" in page


def test_detail_shows_hours_exceptions_and_history(client, admin):
    loc = make_location(admin, name="Loop Primary Care")
    add_exception(loc, dt.date.today() + dt.timedelta(days=30), note="Founders' Day: closed")
    do_set_location_status(admin, loc.id, "virtual_only", ALL_LANGUAGES)
    page = sign_in(client, admin).get(
        reverse("console:location_detail", args=[loc.id])).content.decode()
    assert "Monday" in page and "08:00–17:00" in page
    assert "Founders&#x27; Day: closed" in page
    assert "Virtual visits only" in page and admin.username in page
    assert 'name="message_tr"' in page  # admins may set the status


def test_set_status_from_the_console(client, admin):
    loc = make_location(admin, kind="urgent_care")
    url = reverse("console:location_detail", args=[loc.id])
    sign_in(client, admin)
    response = client.post(url, {"action": "status", "status": "covid_only",
                                 "effective_until": "2040-01-01T08:00", **message_fields()})
    assert response.status_code == 302
    view = access_location_by_id(admin, loc.id)
    assert view.status == "covid_only"
    assert view.current_status.effective_until == dt.datetime(2040, 1, 1, 14, 0, tzinfo=dt.UTC)
    missing = client.post(url, {"action": "status", "status": "closed",
                                **message_fields(message_es="", message_pl="")})
    assert missing.status_code == 400
    assert "missing: es, pl" in missing.content.decode()
    assert access_location_by_id(admin, loc.id).status == "covid_only"


def test_set_wait_time_from_the_console(client, admin):
    loc = make_location(admin, kind="urgent_care")
    url = reverse("console:location_detail", args=[loc.id])
    sign_in(client, admin)
    assert client.post(url, {"action": "wait", "minutes": "40"}).status_code == 302
    assert access_location_by_id(admin, loc.id).wait_minutes == 40
    assert client.post(url, {"action": "wait", "minutes": "-5"}).status_code == 400


def test_roles_without_location_write_get_no_form_and_cannot_post(client, admin):
    loc = make_location(admin, kind="urgent_care")
    url = reverse("console:location_detail", args=[loc.id])
    sign_in(client, make_actor(Role.MARKETER, admin.tenant_id))
    page = client.get(url).content.decode()
    assert 'name="message_en"' not in page and 'name="minutes"' not in page
    response = client.post(url, {"action": "wait", "minutes": "5"})
    assert response.status_code == 403
    assert access_location_by_id(admin, loc.id).wait_minutes is None


def test_other_tenant_and_auditor(client, admin):
    theirs = make_location(make_actor())
    sign_in(client, admin)
    assert client.get(reverse("console:location_detail", args=[theirs.id])).status_code == 404
    sign_in(client, make_actor(Role.AUDITOR, admin.tenant_id))
    assert client.get(reverse("console:locations")).status_code == 403
    assert client.get(reverse("console:providers")).status_code == 403


def test_provider_directory_filters(client, admin):
    loc = make_location(admin, name="Loop Primary Care")
    make_provider(admin, [loc], given_name="Ana", family_name="García", languages=["en", "es"],
                  offers_video=True)
    make_provider(admin, [loc], given_name="Piotr", family_name="Nowak",
                  specialties=["cardiology"], accepting_new_patients=False)
    sign_in(client, admin)
    page = client.get(reverse("console:providers")).content.decode()
    assert "Ana García, MD" in page and "Piotr Nowak, MD" in page and "2 providers" in page

    def names(**query):
        html = client.get(reverse("console:providers"), query).content.decode()
        return [n for n in ("Ana García", "Piotr Nowak") if n in html]

    assert names(specialty="cardiology") == ["Piotr Nowak"]
    assert names(language="es") == ["Ana García"]
    assert names(accepting="no") == ["Piotr Nowak"]
    assert names(video="yes") == ["Ana García"]
    assert client.get(reverse("console:providers"), {"specialty": "astrology"}).status_code == 200
