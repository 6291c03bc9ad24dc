"""Every PHI read or write through the API leaves an audit record naming the actor and patient."""

from __future__ import annotations

import pytest

from careloop.api.tests.support import ENDPOINTS, build_world
from careloop.compliance.public import access_audit_log, verify_audit_log
from careloop.identity.public import Actor, Role
from careloop.identity.roles import PERMISSIONS
from careloop.kit.testing import create_actor

pytestmark = pytest.mark.django_db

PHI_ENDPOINTS = sorted(key for key, spec in ENDPOINTS.items() if spec.phi)


def _record_ids(auditor: Actor, actor: Actor) -> set[int]:
    return {r.id for r in access_audit_log(auditor, agent=actor.username, limit=10_000)}


def test_the_phi_endpoints_are_the_expected_ones() -> None:
    assert len(PHI_ENDPOINTS) == 11


@pytest.mark.parametrize(("method", "path"), PHI_ENDPOINTS,
                         ids=[f"{m} {p}" for m, p in PHI_ENDPOINTS])
def test_phi_endpoint_is_audited_for_every_permitted_role(method: str, path: str) -> None:
    spec = ENDPOINTS[(method, path)]
    roles = [role for role in Role if spec.perms <= PERMISSIONS[role]]
    assert roles
    world = build_world(roles)
    auditor = create_actor(Role.AUDITOR, world.tenant)
    for role in roles:
        actor = world.actors[role]
        if spec.prepare is not None:
            spec.prepare(world)
        before = _record_ids(auditor, actor)
        response, patient_id = spec.call(world.client(role), world, "own")
        assert response.status_code == spec.ok, (role, response.content)
        assert patient_id is not None
        new = [r for r in access_audit_log(auditor, agent=actor.username, limit=10_000)
               if r.id not in before]
        assert new, f"{method} {path} as {role}: no audit record"
        assert any(patient_id in r.patient_ids for r in new), (role, new)
        assert all(r.agent_name == actor.username and r.agent_role == role.value for r in new)
        # The patient-centred view of the log (what a privacy officer asks) finds it too.
        assert {r.id for r in new} & {
            r.id for r in access_audit_log(auditor, patient_id=patient_id, limit=10_000)}
    checked, problems = verify_audit_log()
    assert checked > 0 and problems == []


def test_denied_and_other_tenant_requests_are_not_recorded_as_reads() -> None:
    world = build_world([Role.MARKETER, Role.ANALYST])
    auditor = create_actor(Role.AUDITOR, world.tenant)
    analyst = world.client(Role.ANALYST)
    assert analyst.request("GET", f"/api/persons/{world.person_id}").status_code == 403
    marketer = world.client(Role.MARKETER)
    assert marketer.request("GET", f"/api/persons/{world.other_person_id}").status_code == 404
    for role in (Role.MARKETER, Role.ANALYST):
        records = access_audit_log(auditor, agent=world.actors[role].username)
        assert records == []


def test_membership_calls_that_change_nothing_are_audited_too() -> None:
    world = build_world([Role.CARE_COORDINATOR])
    actor = world.actors[Role.CARE_COORDINATOR]
    auditor = create_actor(Role.AUDITOR, world.tenant)
    client = world.client(Role.CARE_COORDINATOR)
    path = f"/api/lists/{world.list_slug}/members/{world.person_id}"
    assert client.request("PUT", path).json() == {"member": True, "changed": False}
    assert access_audit_log(auditor, agent=actor.username, patient_id=world.person_id)
