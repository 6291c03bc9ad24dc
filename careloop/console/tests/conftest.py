from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from careloop.identity.public import Actor, Role
from careloop.kit.testing import PASSWORD, create_actor, create_person, create_tenant
from careloop.patients.public import do_add_condition


def sign_in(client: Client, actor: Actor, password: str = PASSWORD) -> Any:
    """Sign in through the real form (so axes and the audit see it)."""
    return client.post(reverse("console:login"), {"username": actor.username, "password": password})


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashing takes a second per sign-in; the lockout test signs in a dozen times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tenant():
    return create_tenant()


@pytest.fixture
def coordinator(tenant):
    return create_actor(Role.CARE_COORDINATOR, tenant)


@pytest.fixture
def marketer(tenant):
    return create_actor(Role.MARKETER, tenant)


@pytest.fixture
def auditor(tenant):
    return create_actor(Role.AUDITOR, tenant)


@pytest.fixture
def admin(tenant):
    return create_actor(Role.ADMIN, tenant)


@pytest.fixture
def gina(coordinator):
    person = create_person(
        coordinator, given_name="Gina", family_name="Larsen", birth_date=dt.date(1961, 4, 9),
        emails=["gina.larsen@example.com"], phones=["+13125550147"],
        identifiers=[("urn:careloop:test-mrn", "MRN-GL-0042")],
    )
    do_add_condition(coordinator, person.id, "E11.9")
    return person


@pytest.fixture
def signed_in():
    def _sign_in(client: Client, actor: Actor) -> Client:
        # Client.logout() drops every cookie; keep the chosen language.
        language = client.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        client.logout()
        if language is not None:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language.value
        response = sign_in(client, actor)
        assert response.status_code == 302, response.content[:500]
        return client

    return _sign_in
