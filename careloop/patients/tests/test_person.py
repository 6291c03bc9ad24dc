import pytest

from careloop.identity.public import Role
from careloop.kit.errors import NotFound
from careloop.kit.testing import create_actor, create_person
from careloop.patients.public import SearchQuery, access_person_by_id, search_persons

pytestmark = pytest.mark.django_db


def test_search_by_name_is_case_and_accent_insensitive():
    actor = create_actor(Role.CARE_COORDINATOR)
    gina = create_person(actor, given_name="Gína", family_name="Larsen")
    found = search_persons(actor, SearchQuery(name="gina larsen"))
    assert [p.id for p in found] == [gina.id]


def test_other_tenant_person_is_not_found():
    mine = create_actor(Role.CARE_COORDINATOR)
    theirs = create_person(create_actor(Role.CARE_COORDINATOR))
    with pytest.raises(NotFound):
        access_person_by_id(mine, theirs.id)


def test_marketer_sees_no_clinical_facts():
    coordinator = create_actor(Role.CARE_COORDINATOR)
    person = create_person(coordinator)
    from careloop.identity.public import do_create_staff_user
    marketer = do_create_staff_user(coordinator.tenant_id, "m1", None, Role.MARKETER)
    view = access_person_by_id(marketer, person.id)
    assert view.conditions is None and view.care_gaps is None and view.identifiers is None
    assert view.given_name == "Test"
