"""Authorisation matrix: every role (and no token) x every endpoint x own / other / missing object.

Expectations come from ``careloop/identity/roles.py``; the endpoint list comes from the API's own
OpenAPI schema, so an endpoint added without an expectation in ``support.ENDPOINTS`` fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from careloop.api.tests.support import (
    CLINICAL_CODE,
    CLINICAL_TEXT,
    ENDPOINTS,
    OTHER_TENANT_NAME,
    Endpoint,
    Target,
    build_world,
)
from careloop.api.urls import api
from careloop.identity.public import Category, Role
from careloop.identity.roles import CATEGORIES, PERMISSIONS

pytestmark = pytest.mark.django_db


def openapi_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema(path_prefix="/api/")
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def test_every_endpoint_has_an_expectation() -> None:
    operations = openapi_operations()
    assert len(operations) >= 16
    missing = sorted(operations - ENDPOINTS.keys())
    assert not missing, f"add these endpoints to careloop/api/tests/support.ENDPOINTS: {missing}"
    stale = sorted(ENDPOINTS.keys() - operations)
    assert not stale, f"expectations for endpoints that no longer exist: {stale}"


def expected_status(spec: Endpoint, role: Role | None, target: Target) -> int:
    if spec.public:
        return spec.ok
    if role is None:
        return 401
    if not spec.perms <= PERMISSIONS[role]:
        return 403  # whatever the object: the answer says nothing about it
    if target != "own" and spec.has_object:
        return 404  # another tenant's object does not exist for this actor
    return spec.ok


def _targets(spec: Endpoint) -> list[Target]:
    if spec.has_object:
        return ["own", "other", "missing"]
    return ["own", "other"] if spec.check_other else ["own"]


def _is_permitted(spec: Endpoint, role: Role | None) -> bool:
    return spec.public or (role is not None and spec.perms <= PERMISSIONS[role])


def test_authorisation_matrix() -> None:
    world = build_world(directory=True)
    problems: list[str] = []
    unauthorised_phi = 0
    calls = 0
    for (method, path), spec in ENDPOINTS.items():
        for role in [None, *Role]:
            client = world.client(role)
            seen: dict[Target, tuple[int, Any]] = {}
            for target in _targets(spec):
                response, _ = spec.call(client, world, target)
                calls += 1
                where = f"{method} {path} as {role or 'anonymous'} on {target}"
                body = response.content.decode()
                want = expected_status(spec, role, target)
                if response.status_code != want:
                    problems.append(f"{where}: {response.status_code}, expected {want}: {body}")
                assert response["Content-Type"].startswith("application/json"), where
                data = response.json()
                seen[target] = (response.status_code, data)
                ok = response.status_code < 300
                if ok and not spec.public and (
                    not _is_permitted(spec, role) or (spec.has_object and target != "own")
                ):
                    unauthorised_phi += spec.phi
                    problems.append(f"{where}: succeeded without permission")
                if not ok and not (isinstance(data, dict) and "detail" in data):
                    problems.append(f"{where}: error without detail: {body}")
                if ok and target == "other" and spec.check_other is not None:
                    if not spec.check_other(response, world):
                        unauthorised_phi += spec.phi
                        problems.append(f"{where}: another tenant's data answered: {body}")
                if OTHER_TENANT_NAME in body:
                    unauthorised_phi += 1
                    problems.append(f"{where}: another tenant's person leaked")
                if role is None or Category.CLINICAL not in CATEGORIES[role]:
                    if CLINICAL_CODE in body or CLINICAL_TEXT in body:
                        unauthorised_phi += 1
                        problems.append(f"{where}: clinical value leaked: {body}")
            if spec.has_object and seen["other"] != seen["missing"]:
                problems.append(f"{method} {path} as {role}: another tenant's object answers "
                                f"differently from a missing one: {seen['other']} vs "
                                f"{seen['missing']}")
    assert calls > 300
    assert problems == []
    assert unauthorised_phi == 0


def test_clinical_roles_do_see_the_clinical_value() -> None:
    """The leak check above is meaningful only if the value is there for those allowed."""
    world = build_world([Role.CARE_COORDINATOR, Role.MARKETER])
    coordinator = world.client(Role.CARE_COORDINATOR)
    person = coordinator.request("GET", f"/api/persons/{world.person_id}").json()
    assert [c["code"] for c in person["conditions"]] == [CLINICAL_CODE]
    assert CLINICAL_TEXT in person["conditions"][0]["description"]
    timeline = coordinator.request("GET", f"/api/persons/{world.person_id}/timeline").json()
    assert {e["category"] for e in timeline} == {"clinical", "web"}
    lists = {x["slug"] for x in coordinator.request("GET", "/api/lists").json()}
    assert world.clinical_list_slug in lists

    marketer = world.client(Role.MARKETER)
    seen = marketer.request("GET", f"/api/persons/{world.person_id}").json()
    assert seen["given_name"] == "Ada"
    assert seen["conditions"] is None and seen["care_gaps"] is None
    assert seen["identifiers"] is None  # marketers do not see identifiers
    assert seen["categories"] == ["contact", "demographics", "engagement"]
    assert [e["category"] for e in marketer.request(
        "GET", f"/api/persons/{world.person_id}/timeline").json()] == ["web"]
    assert marketer.request(
        "GET", f"/api/lists/{world.clinical_list_slug}/members").status_code == 404
    assert world.clinical_list_slug not in {x["slug"] for x in marketer.request(
        "GET", "/api/lists").json()}
