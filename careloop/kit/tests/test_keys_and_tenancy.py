import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from careloop import config
from careloop.identity.public import Role
from careloop.kit.crypto import keyring
from careloop.kit.tenancy import TenantMissing
from careloop.kit.testing import create_actor, create_person
from careloop.patients.public import SearchQuery, access_person_by_id, search_persons

pytestmark = pytest.mark.django_db


@pytest.fixture
def extra_key(monkeypatch):
    old = dict(settings.CARELOOP_KEYS)
    new = config.new_field_key("k9")
    yield new
    settings.CARELOOP_KEYS.clear()
    settings.CARELOOP_KEYS.update(old)


def _raw_versions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT given_name FROM patients_person")
        return {row[0].split("$")[0] for row in cursor.fetchall()}


def test_rotation_reencrypts_everything_without_loss(extra_key):
    actor = create_actor(Role.CARE_COORDINATOR)
    people = [create_person(actor, given_name=f"Name{i}") for i in range(5)]
    old_version = keyring().primary_version
    assert _raw_versions() == {old_version}
    settings.CARELOOP_KEYS["field_keys"] = (extra_key, *settings.CARELOOP_KEYS["field_keys"])
    call_command("keys", "rotate")
    assert _raw_versions() == {"k9"}
    # Old key removed: everything still decrypts and blind-index search still works.
    settings.CARELOOP_KEYS["field_keys"] = (extra_key,)
    for p in people:
        assert access_person_by_id(actor, p.id).given_name == p.given_name
    assert [s.id for s in search_persons(actor, SearchQuery(name="name3"))] == [people[3].id]


def test_query_without_tenant_fails():
    from careloop.patients.models import Person

    create_person()
    with pytest.raises(TenantMissing):
        list(Person.objects.all())
    with pytest.raises(TenantMissing):
        Person.objects.filter(kind="patient").count()


def test_encrypted_column_cannot_be_filtered():
    from django.core.exceptions import FieldError

    from careloop.patients.models import Person

    with pytest.raises(FieldError):
        Person.objects.for_tenant(1).filter(given_name="Gina").exists()


def test_reindex_after_blind_index_key_change_restores_search():
    actor = create_actor(Role.CARE_COORDINATOR)
    person = create_person(actor, given_name="Reindexed")
    old = settings.CARELOOP_KEYS["blind_index_key"]
    try:
        settings.CARELOOP_KEYS["blind_index_key"] = "a-new-blind-index-key"
        assert search_persons(actor, SearchQuery(name="Reindexed")) == []
        call_command("keys", "reindex")
        assert [p.id for p in search_persons(actor, SearchQuery(name="Reindexed"))] == [person.id]
    finally:
        settings.CARELOOP_KEYS["blind_index_key"] = old
