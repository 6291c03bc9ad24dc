from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from careloop.compliance.public import access_audit_log
from careloop.console.access import SIGNED_IN_COOKIE
from careloop.console.tests.conftest import sign_in

pytestmark = pytest.mark.django_db

DEMO_BANNER = "Demo mode: multi-factor sign-in is waived"


def _user(actor):
    return get_user_model().objects.get(pk=actor.user_id)


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"


def test_login_page_has_stable_field_ids(client):
    response = client.get(reverse("console:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_username"' in html and 'id="id_password"' in html
    assert 'id="language-form"' in html


def test_login_success_is_audited(client, coordinator, auditor):
    response = sign_in(client, coordinator)
    assert response.status_code == 302 and response.url == reverse("console:otp")
    logins = access_audit_log(auditor, type_code="login", agent=coordinator.username)
    assert [(r.outcome, r.description) for r in logins] == [("0", "password verified")]


def test_login_failure_is_audited(client, coordinator, auditor):
    response = sign_in(client, coordinator, password="not the password")
    assert response.status_code == 200
    assert "The username or password is not correct." in response.content.decode()
    logins = access_audit_log(auditor, type_code="login", agent=coordinator.username)
    assert [r.outcome for r in logins] == ["4"]
    assert "_auth_user_id" not in client.session


def test_unknown_user_failure_is_audited_on_the_system_chain(client):
    from careloop.compliance.public import verify_audit_log

    before, _ = verify_audit_log()
    client.post(reverse("console:login"), {"username": "nobody", "password": "x" * 12})
    after, problems = verify_audit_log()
    assert after == before + 1 and problems == []


def test_logout_is_audited(client, coordinator, auditor, signed_in):
    signed_in(client, coordinator)
    response = client.post(reverse("console:logout"))
    assert response.status_code == 302
    assert client.get(reverse("console:home")).status_code == 302
    logouts = access_audit_log(auditor, type_code="logout", agent=coordinator.username)
    assert len(logouts) == 1 and logouts[0].outcome == "0"


def test_logout_needs_post(client, coordinator, signed_in):
    signed_in(client, coordinator)
    assert client.get(reverse("console:logout")).status_code == 405


def test_lockout_after_ten_failures(client, coordinator, auditor):
    for _attempt in range(9):
        assert sign_in(client, coordinator, password="wrong password!").status_code == 200
    tenth = sign_in(client, coordinator, password="wrong password!")
    assert tenth.status_code == 429
    assert "This account is locked after too many failed sign-in attempts" in tenth.content.decode()
    # Even the right password is refused while locked, with the same message.
    right = sign_in(client, coordinator)
    assert right.status_code == 429
    assert "locked" in right.content.decode()
    assert "_auth_user_id" not in client.session
    failures = access_audit_log(auditor, type_code="login", agent=coordinator.username)
    assert len(failures) == 11 and all(r.outcome == "4" for r in failures)
    assert failures[0].description == "account locked"


def test_lockout_message_is_translated(client, coordinator):
    for _attempt in range(10):
        response = client.post(reverse("console:login"),
                               {"username": coordinator.username, "password": "wrong password!"},
                               HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 429
    assert "Ce compte est verrouillé" in response.content.decode()


@override_settings(CARELOOP_REQUIRE_MFA=True)
def test_mfa_required_blocks_the_360_until_a_valid_code(client, coordinator, gina, auditor):
    device = TOTPDevice.objects.create(user=_user(coordinator), name="phone", confirmed=True)
    response = sign_in(client, coordinator)
    assert response.url == reverse("console:otp")
    detail = reverse("console:patient_detail", args=[gina.id])
    response = client.get(detail)
    assert response.status_code == 302 and response.url == reverse("console:otp")
    page = client.get(reverse("console:otp")).content.decode()
    assert "skip-mfa" not in page and DEMO_BANNER not in page
    response = client.post(reverse("console:otp"), {"token": _code(device)})
    assert response.status_code == 302 and response.url == detail
    assert client.get(detail).status_code == 200
    steps = [r.description for r in access_audit_log(auditor, type_code="login")]
    assert steps[:2] == ["second factor verified", "password verified"]


@override_settings(CARELOOP_REQUIRE_MFA=True)
def test_wrong_code_is_refused_and_audited(client, coordinator, auditor):
    device = TOTPDevice.objects.create(user=_user(coordinator), name="phone", confirmed=True)
    sign_in(client, coordinator)
    wrong = f"{(int(_code(device)) + 500_000) % 1_000_000:06d}"
    response = client.post(reverse("console:otp"), {"token": wrong})
    assert response.status_code == 200
    assert "That code is not correct" in response.content.decode()
    assert client.get(reverse("console:home")).status_code == 302
    # Skipping is not possible when MFA is required.
    response = client.post(reverse("console:otp"), {"skip": "1"})
    assert client.get(reverse("console:home")).status_code == 302
    failed = access_audit_log(auditor, type_code="login", agent=coordinator.username)
    assert failed[0].outcome == "4" and failed[0].description == "wrong one-time code"


@override_settings(CARELOOP_REQUIRE_MFA=True)
def test_enrolment_shows_a_qr_code_and_confirms_with_a_code(client, coordinator):
    sign_in(client, coordinator)
    response = client.get(reverse("console:otp"))
    assert response.status_code == 302 and response.url == reverse("console:otp_enrol")
    page = client.get(reverse("console:otp_enrol")).content.decode()
    assert not TOTPDevice.objects.filter(user=_user(coordinator)).exists()
    assert "<svg" in page and "<path" in page
    import base64

    device = TOTPDevice(user=_user(coordinator), key=client.session["console_totp_key"])
    secret = base64.b32encode(device.bin_key).decode()
    shown = page.split('id="totp-secret"')[1].split("</code>")[0]
    assert secret == "".join(shown.split("<code>")[1].split())
    wrong = f"{(int(_code(device)) + 500_000) % 1_000_000:06d}"
    assert client.post(reverse("console:otp_enrol"), {"token": wrong}).status_code == 200
    assert not TOTPDevice.objects.filter(user=_user(coordinator)).exists()
    response = client.post(reverse("console:otp_enrol"), {"token": _code(device)})
    assert response.status_code == 302
    saved = TOTPDevice.objects.get(user=_user(coordinator))
    assert saved.confirmed and saved.key == device.key
    assert client.get(reverse("console:home")).status_code == 200


def test_demo_mode_shows_banner_and_allows_skipping(client, coordinator, signed_in):
    assert settings.CARELOOP_REQUIRE_MFA is False
    signed_in(client, coordinator)
    page = client.get(reverse("console:otp_enrol")).content.decode()
    assert 'id="skip-mfa"' in page and DEMO_BANNER in page
    response = client.post(reverse("console:otp_enrol"), {"skip": "1"})
    assert response.status_code == 302 and response.url == reverse("console:home")
    home = client.get(reverse("console:home")).content.decode()
    assert DEMO_BANNER in home
    assert DEMO_BANNER in Client().get(reverse("console:login")).content.decode()


def test_idle_sessions_expire_and_say_why(client, coordinator, signed_in):
    assert settings.SESSION_COOKIE_AGE == settings.CONFIG.idle_minutes * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST
    signed_in(client, coordinator)
    assert client.get(reverse("console:home")).status_code == 200
    # Every request renews the idle window.
    session = Session.objects.get()
    remaining = session.expire_date - timezone.now()
    assert dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60) < remaining
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get(reverse("console:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("console:login")) and "expired=1" in response.url
    page = client.get(response.url).content.decode()
    minutes = settings.SESSION_COOKIE_AGE // 60
    assert f"You were signed out after {minutes} minutes of inactivity." in page
    assert client.cookies[SIGNED_IN_COOKIE].value == ""


def test_plain_visit_to_login_has_no_expiry_message(client):
    page = client.get(reverse("console:login")).content.decode()
    assert "You were signed out" not in page


def test_open_redirect_is_refused(client, coordinator):
    response = client.post(reverse("console:login"), {
        "username": coordinator.username, "password": "correct horse battery staple",
        "next": "https://evil.example.net/",
    })
    assert response.status_code == 302
    response = client.get(response.url)  # the second-factor step (skippable in demo mode)
    assert client.post(reverse("console:otp_enrol"), {"skip": "1"}).url == reverse("console:home")


def test_pages_need_sign_in(client, gina):
    for url in (reverse("console:home"), reverse("console:patients"),
                reverse("console:patient_detail", args=[gina.id]), reverse("console:audit"),
                reverse("console:users")):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("console:login"))


def test_htmx_request_without_session_redirects_the_whole_page(client):
    response = client.post(reverse("console:patients"), {"name": "Gina"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Redirect"].startswith("/login/")
