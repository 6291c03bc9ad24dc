from __future__ import annotations

import pytest
from django.urls import reverse

from careloop.compliance.public import access_audit_log
from careloop.identity.public import Role, authenticate_token, list_staff
from careloop.kit.testing import create_actor

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_audit_log_lists_and_filters(client, auditor, coordinator, gina, signed_in):
    signed_in(client, coordinator)
    client.get(reverse("console:patient_detail", args=[gina.id]))
    signed_in(client, auditor)
    page = client.get(reverse("console:audit")).content.decode()
    assert coordinator.username in page and "password verified" in page
    by_patient = client.get(reverse("console:audit"), {"patient": gina.id}).content.decode()
    assert "Patient/timeline" in by_patient and "password verified" not in by_patient
    by_type = client.get(reverse("console:audit"), {"type": "login",
                                                    "agent": coordinator.username})
    html = by_type.content.decode()
    assert "password verified" in html and "Patient/timeline" not in html


def test_audit_log_pages_by_sequence(client, auditor, coordinator, signed_in):
    for _ in range(60):
        client.post(reverse("console:login"), {"username": coordinator.username,
                                               "password": "wrong"})
        client.cookies.clear()
        from axes.utils import reset

        reset(username=coordinator.username)
    signed_in(client, auditor)
    first = client.get(reverse("console:audit"))
    newest = [r.id for r in access_audit_log(auditor, limit=50)]
    html = first.content.decode()
    assert 'rel="next"' in html
    before = newest[-1]
    assert f"?before={before}" in html
    older = client.get(reverse("console:audit"), {"before": before}).content.decode()
    assert f">{before - 1}</td>" in older and f">{before}</td>" not in older


def test_verify_chain_button(client, auditor, signed_in):
    signed_in(client, auditor)
    response = client.post(reverse("console:audit_verify"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "The audit chain is intact" in html
    full = client.post(reverse("console:audit_verify")).content.decode()
    assert "<html" in full and "The audit chain is intact" in full


def test_audit_log_is_for_auditors_only(client, coordinator, admin, signed_in):
    for actor in (coordinator, admin):
        signed_in(client, actor)
        assert client.get(reverse("console:audit")).status_code == 403
        assert client.post(reverse("console:audit_verify")).status_code == 403


def test_users_page_lists_staff_and_changes_a_role(client, admin, marketer, auditor, signed_in):
    signed_in(client, admin)
    page = client.get(reverse("console:users")).content.decode()
    assert marketer.username in page and auditor.username in page
    response = client.post(reverse("console:user_role", args=[marketer.user_id]),
                           {"role": Role.ACCESS_AGENT.value})
    assert response.status_code == 302
    roles = {s.username: s.role for s in list_staff(admin.tenant_id)}
    assert roles[marketer.username] == "access_agent"
    changes = [r for r in access_audit_log(auditor) if r.entity_type == "StaffUser"]
    assert changes[0].action == "U" and changes[0].entity_id == str(marketer.user_id)
    assert "marketer -> access_agent" in changes[0].description


def test_admin_cannot_change_own_role_or_other_tenants_users(client, admin, signed_in):
    stranger = create_actor(Role.MARKETER)
    signed_in(client, admin)
    client.post(reverse("console:user_role", args=[admin.user_id]), {"role": "marketer"})
    assert {s.id: s.role for s in list_staff(admin.tenant_id)}[admin.user_id] == "admin"
    response = client.post(reverse("console:user_role", args=[stranger.user_id]),
                           {"role": "admin"})
    assert response.status_code == 404


def test_create_user_validates_the_password(client, admin, signed_in):
    signed_in(client, admin)
    url = reverse("console:user_create")
    short = client.post(url, {"username": "new.agent", "role": "access_agent",
                              "password1": "short", "password2": "short"})
    assert short.status_code == 400
    assert "at least 12 characters" in short.content.decode()
    common = client.post(url, {"username": "new.agent", "role": "access_agent",
                               "password1": "password1234", "password2": "password1234"})
    assert common.status_code == 400 and "too common" in common.content.decode()
    good = "violet tractor harbour"
    response = client.post(url, {"username": "new.agent", "role": "access_agent",
                                 "email": "new.agent@example.org",
                                 "password1": good, "password2": good})
    assert response.status_code == 302
    assert "new.agent" in {s.username for s in list_staff(admin.tenant_id)}
    again = client.post(url, {"username": "new.agent", "role": "access_agent",
                              "password1": good, "password2": good})
    assert again.status_code == 400 and "This username is taken." in again.content.decode()


def test_issue_api_token_is_shown_once(client, admin, tenant, auditor, signed_in):
    bridge = create_actor(Role.INTEGRATION, tenant)
    signed_in(client, admin)
    response = client.post(reverse("console:user_token", args=[bridge.user_id]),
                           {"name": "EMR bridge"})
    html = response.content.decode()
    token = html.split('id="api-token">')[1].split("<")[0]
    assert token.startswith("clt_")
    actor = authenticate_token(token)
    assert actor is not None and actor.user_id == bridge.user_id
    assert token not in client.get(reverse("console:users")).content.decode()
    assert token not in str([r.description for r in access_audit_log(auditor)])


def test_users_page_is_for_admins_only(client, coordinator, signed_in):
    signed_in(client, coordinator)
    assert client.get(reverse("console:users")).status_code == 403
