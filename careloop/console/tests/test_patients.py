from __future__ import annotations

import re

import pytest
from django.urls import reverse

from careloop.compliance.public import access_audit_log
from careloop.identity.public import Role
from careloop.kit.testing import create_actor, create_person
from careloop.patients.public import do_append_timeline, do_create_list

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
URL_ATTRIBUTES = re.compile(r'(?:href|action|src|hx-get|hx-post|hx-put|hx-delete)="([^"]*)"')


def _detail(person):
    return reverse("console:patient_detail", args=[person.id])


def test_search_form_posts_without_putting_terms_in_the_url(client, coordinator, signed_in):
    signed_in(client, coordinator)
    page = client.get(reverse("console:patients")).content.decode()
    assert 'name="name"' in page and 'method="post"' in page and "hx-post=" in page
    assert 'hx-push-url="false"' in page
    assert client.get(reverse("console:patients"), {"name": "Gina"}).status_code == 200


def test_search_by_post_returns_gina(client, coordinator, gina, signed_in):
    signed_in(client, coordinator)
    response = client.post(reverse("console:patients"), {"name": "gina larsen"}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html  # a fragment for htmx
    assert "Gina Larsen" in html
    assert f'class="patient-link" href="{_detail(gina)}"' in html
    full = client.post(reverse("console:patients"), {"name": "Larsen"}).content.decode()
    assert "<html" in full and "Gina Larsen" in full


@pytest.mark.parametrize("field,value", [
    ("birth_date", "1961-04-09"), ("identifier", "MRN-GL-0042"),
    ("phone", "(312) 555-0147"), ("email", "Gina.Larsen@example.com"),
])
def test_search_by_other_fields(client, coordinator, gina, signed_in, field, value):
    signed_in(client, coordinator)
    html = client.post(reverse("console:patients"), {field: value}, **HTMX).content.decode()
    assert _detail(gina) in html


def test_search_needs_a_term_and_explains_bad_input(client, coordinator, signed_in):
    signed_in(client, coordinator)
    html = client.post(reverse("console:patients"), {}, **HTMX).content.decode()
    assert "Enter a name, birth date, identifier, phone or e-mail." in html
    html = client.post(reverse("console:patients"), {"phone": "12"}, **HTMX).content.decode()
    assert "Enter a phone number with its area code." in html
    html = client.post(reverse("console:patients"), {"name": "Nobody"}, **HTMX).content.decode()
    assert "Nobody matches" in html


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ANALYST])
def test_roles_without_search_get_403(client, tenant, gina, signed_in, role):
    signed_in(client, create_actor(role, tenant))
    assert client.post(reverse("console:patients"), {"name": "Gina"}).status_code == 403
    assert client.get(reverse("console:patients")).status_code == 403
    assert client.get(_detail(gina)).status_code == 403


def test_360_for_a_care_coordinator_shows_everything(client, coordinator, gina, signed_in):
    signed_in(client, coordinator)
    html = client.get(_detail(gina)).content.decode()
    for text in ("Gina", "Larsen", "MRN-GL-0042", "gina.larsen@example.com", "+13125550147",
                 "E11.9", "Type 2 diabetes", "Conditions", "Care gaps", "Timeline",
                 "condition.recorded"):
        assert text in html, text


def test_360_for_a_marketer_hides_clinical_facts_and_identifiers(
        client, marketer, gina, signed_in):
    signed_in(client, marketer)
    response = client.get(_detail(gina))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Gina" in html and "gina.larsen@example.com" in html
    assert "E11.9" not in html and "diabetes" not in html.lower()
    assert 'id="conditions-heading"' not in html and 'id="gaps-heading"' not in html
    assert "MRN-GL-0042" not in html and 'id="identifiers-heading"' not in html
    assert "condition.recorded" not in html
    fragment = client.get(reverse("console:patient_timeline", args=[gina.id]),
                          {"category": "clinical"}, **HTMX).content.decode()
    assert "condition.recorded" not in fragment and "E11.9" not in fragment


def test_every_360_view_is_audited(client, coordinator, auditor, gina, signed_in):
    signed_in(client, coordinator)

    def reads():
        return [r for r in access_audit_log(auditor, patient_id=gina.id, limit=500)
                if r.agent_name == coordinator.username and r.entity_type == "Patient"
                and r.action == "R"]

    before = len(reads())
    for expected in (before + 1, before + 2):
        assert client.get(_detail(gina)).status_code == 200
        assert len(reads()) == expected


def test_timeline_filter_fragment(client, coordinator, gina, signed_in):
    from django.utils import timezone

    do_append_timeline(coordinator.tenant_id, gina.id, "sms-1", "message.sent", "messaging",
                       "sms", timezone.now(), {"template": "flu-reminder"})
    signed_in(client, coordinator)
    page = client.get(_detail(gina)).content.decode()
    assert 'value="message.sent"' in page and 'value="messaging"' in page
    url = reverse("console:patient_timeline", args=[gina.id])
    clinical = client.get(url, {"category": "clinical"}, **HTMX).content.decode()
    assert "condition.recorded" in clinical and "message.sent" not in clinical
    by_type = client.get(url, {"type": "message.sent"}, **HTMX).content.decode()
    assert "message.sent" in by_type and "condition.recorded" not in by_type
    # Without JavaScript the filter form loads the full page with the same filter.
    no_js = client.get(url, {"type": "message.sent"})
    assert no_js.status_code == 302 and no_js.url.startswith(_detail(gina))
    full = client.get(no_js.url).content.decode()
    assert "flu-reminder" in full and 'class="timeline-type">condition.recorded' not in full


def test_add_and_remove_list_membership(client, coordinator, gina, signed_in):
    do_create_list(coordinator, "flu-2026", "Flu outreach 2026")
    signed_in(client, coordinator)
    page = client.get(_detail(gina)).content.decode()
    assert '<option value="flu-2026">Flu outreach 2026</option>' in page
    response = client.post(reverse("console:patient_list_add", args=[gina.id]),
                           {"slug": "flu-2026"})
    assert response.status_code == 302 and response.url == _detail(gina)
    page = client.get(_detail(gina)).content.decode()
    assert "Added to the list." in page and "Flu outreach 2026" in page
    assert f'action="{reverse("console:patient_list_remove", args=[gina.id])}"' in page
    client.post(reverse("console:patient_list_remove", args=[gina.id]), {"slug": "flu-2026"})
    page = client.get(_detail(gina)).content.decode()
    assert "Removed from the list." in page and 'class="row-inactive"' in page


def test_list_actions_need_list_write(client, tenant, gina, signed_in):
    agent = create_actor(Role.ACCESS_AGENT, tenant)
    signed_in(client, agent)
    assert 'id="add-list-slug"' not in client.get(_detail(gina)).content.decode()
    response = client.post(reverse("console:patient_list_add", args=[gina.id]), {"slug": "x"})
    assert response.status_code == 403


def test_other_tenants_person_is_not_found(client, coordinator, signed_in):
    stranger = create_person(create_actor(Role.CARE_COORDINATOR))
    signed_in(client, coordinator)
    assert client.get(reverse("console:patient_detail", args=[stranger.id])).status_code == 404


def test_no_phi_in_any_console_url(client, coordinator, gina, signed_in):
    do_create_list(coordinator, "flu-2026", "Flu outreach 2026")
    signed_in(client, coordinator)
    client.post(reverse("console:patient_list_add", args=[gina.id]), {"slug": "flu-2026"})
    pages = [
        client.get(reverse("console:home")),
        client.get(reverse("console:patients")),
        client.post(reverse("console:patients"), {"name": "Gina Larsen"}, **HTMX),
        client.post(reverse("console:patients"), {"name": "Gina", "phone": "+13125550147"}),
        client.get(_detail(gina)),
        client.get(reverse("console:patient_timeline", args=[gina.id]), **HTMX),
    ]
    phi = ("gina", "larsen", "1961", "mrn-gl", "example.com", "555", "0147", "e11")
    urls = []
    for response in pages:
        assert response.status_code == 200
        urls += URL_ATTRIBUTES.findall(response.content.decode())
        urls.append(response.get("Location", ""))
    assert any(u == _detail(gina) for u in urls)
    for url in urls:
        assert not any(word in url.lower() for word in phi), url


def test_record_consent_grant_and_withdrawal(client, coordinator, gina, signed_in):
    signed_in(client, coordinator)
    page = client.get(_detail(gina)).content.decode()
    assert 'id="consent-form"' in page and "consent-granted" not in page
    url = reverse("console:patient_consent", args=[gina.id])
    data = {"channel": "sms", "purpose": "marketing", "decision": "grant", "method": "verbal",
            "text_version": "phone-2026-01"}
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == _detail(gina)
    page = client.get(_detail(gina)).content.decode()
    assert "Consent granted and recorded." in page and "consent-granted" in page
    client.post(url, {**data, "decision": "withdraw"})
    page = client.get(_detail(gina)).content.decode()
    assert "Consent withdrawal recorded." in page
    assert "consent-revoked" in page and "consent-granted" not in page
    incomplete = client.post(url, {**data, "text_version": ""})
    assert incomplete.status_code == 302
    assert "The consent was not recorded" in client.get(_detail(gina)).content.decode()


def test_consent_form_needs_consent_write(client, marketer, gina, signed_in):
    signed_in(client, marketer)
    assert 'id="consent-form"' not in client.get(_detail(gina)).content.decode()
    response = client.post(reverse("console:patient_consent", args=[gina.id]), {
        "channel": "sms", "purpose": "marketing", "decision": "grant", "method": "verbal",
        "text_version": "x"})
    assert response.status_code == 403
