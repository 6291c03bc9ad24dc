"""Shared fixtures for the API tests: two tenants with PHI, and one expectation per endpoint.

``ENDPOINTS`` is the contract the authorisation matrix and the audit test walk. It is keyed by
(method, OpenAPI path); a test fails if the API has an endpoint without an entry here.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.test import Client
from django.utils import timezone

from careloop.identity.public import Actor, Perm, Role, TenantInfo
from careloop.kit.testing import create_actor, create_person, create_tenant, create_token
from careloop.locations.public import do_seed_directory
from careloop.patients.public import (
    do_add_condition,
    do_add_to_list,
    do_append_timeline,
    do_create_list,
    do_record_consent_for,
    do_remove_from_list,
)

# A clinical value: seeded as a condition, a clinical event and a clinical list's name. No
# response to a role without the clinical category may contain it.
CLINICAL_CODE = "M17.11"
CLINICAL_TEXT = "Unilateral primary osteoarthritis"
# Only the other tenant's person carries this name: it must never reach this tenant's actors.
OTHER_TENANT_NAME = "Zorandermoor"
MISSING_ID = 987_654_321

Target = Literal["own", "other", "missing"]
_seq = itertools.count(1)


class ApiClient:
    """Django's test client with a bearer token and JSON bodies."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def request(self, method: str, path: str, body: Any = None, **query: Any) -> Any:
        call = getattr(self.client, method.lower())
        if method in ("GET", "DELETE") and body is None:
            return call(path, query or None, headers=self.headers)
        return call(path, body, content_type="application/json", headers=self.headers)


@dataclass
class World:
    tenant: TenantInfo
    other_tenant: TenantInfo
    writer: Actor  # care coordinator of ``tenant``
    person_id: int
    other_person_id: int
    list_slug: str
    other_list_slug: str
    clinical_list_slug: str
    location_id: int = 0
    urgent_care_id: int = 0
    provider_id: int = 0
    other_location_id: int = 0
    other_provider_id: int = 0
    other_location_ids: set[int] = field(default_factory=set)
    other_provider_ids: set[int] = field(default_factory=set)
    actors: dict[Role, Actor] = field(default_factory=dict)
    tokens: dict[Role, str] = field(default_factory=dict)

    def client(self, role: Role | None) -> ApiClient:
        return ApiClient(self.tokens[role] if role else None)


def _seed_person(writer: Actor, given: str) -> int:
    person = create_person(writer, given_name=given)
    do_add_condition(writer, person.id, CLINICAL_CODE)
    now = timezone.now()
    do_append_timeline(writer.tenant_id, person.id, f"seed-clin-{person.id}", "encounter.completed",
                       "clinical", "emr", now, {"diagnosis": CLINICAL_CODE})
    do_append_timeline(writer.tenant_id, person.id, f"seed-web-{person.id}", "web.visit", "web",
                       "site", now - dt.timedelta(hours=1), {"page": "/locations"})
    do_record_consent_for(writer, person.id, "email", "marketing", True, method="web_form",
                          text_version="v1")
    return int(person.id)


def _seed_lists(writer: Actor, person_id: int, prefix: str) -> tuple[str, str]:
    plain, clinical = f"{prefix}-newsletter", f"{prefix}-knee-registry"
    do_create_list(writer, plain, "Newsletter")
    do_create_list(writer, clinical, f"{CLINICAL_CODE} knee registry", is_clinical=True)
    do_add_to_list(writer, plain, person_id)
    do_add_to_list(writer, clinical, person_id)
    return plain, clinical


def _seed_directories(world: World) -> None:
    mine = do_seed_directory(world.tenant.id, 1)
    theirs = do_seed_directory(world.other_tenant.id, 2)
    world.location_id = mine.locations[0].id
    world.urgent_care_id = next(loc.id for loc in mine.locations if loc.kind == "urgent_care")
    world.provider_id = mine.providers[0].id
    world.other_location_id = theirs.locations[0].id
    world.other_provider_id = theirs.providers[0].id
    world.other_location_ids = {loc.id for loc in theirs.locations}
    world.other_provider_ids = {p.id for p in theirs.providers}


def build_world(roles: list[Role] | None = None, *, directory: bool = False) -> World:
    tenant, other = create_tenant(), create_tenant()
    writer = create_actor(Role.CARE_COORDINATOR, tenant)
    other_writer = create_actor(Role.CARE_COORDINATOR, other)
    person_id = _seed_person(writer, "Ada")
    other_person_id = _seed_person(other_writer, OTHER_TENANT_NAME)
    plain, clinical = _seed_lists(writer, person_id, "a")
    other_plain, _ = _seed_lists(other_writer, other_person_id, "b")
    world = World(
        tenant=tenant, other_tenant=other, writer=writer, person_id=person_id,
        other_person_id=other_person_id, list_slug=plain, other_list_slug=other_plain,
        clinical_list_slug=clinical,
    )
    if directory:
        _seed_directories(world)
    for role in roles if roles is not None else list(Role):
        actor = create_actor(role, tenant)
        world.actors[role] = actor
        world.tokens[role] = create_token(actor)
    return world


# ----- endpoint expectations -----

Call = Callable[[ApiClient, World, Target], tuple[Any, int | None]]


@dataclass(frozen=True)
class Endpoint:
    perms: frozenset[Perm]  # all are needed; empty with public=True: no authentication at all
    call: Call  # returns the response and the patient id it concerns (for the audit test)
    ok: int = 200
    public: bool = False
    # Takes an object id in the path: another tenant's (or a missing) object is 404.
    has_object: bool = True
    phi: bool = True  # reads or writes PHI: must leave an audit record naming the patient
    # For endpoints without an object: what "other tenant" means, checked on the response.
    check_other: Callable[[Any, World], bool] | None = None
    # Puts the own-tenant object in the state where the call changes something.
    prepare: Callable[[World], None] | None = None


def _person(w: World, target: Target) -> int:
    return {"own": w.person_id, "other": w.other_person_id, "missing": MISSING_ID}[target]


def _slug(w: World, target: Target) -> str:
    return {"own": w.list_slug, "other": w.other_list_slug, "missing": "no-such-list"}[target]


def _location(w: World, target: Target, *, urgent: bool = False) -> int:
    own = w.urgent_care_id if urgent else w.location_id
    return {"own": own, "other": w.other_location_id, "missing": MISSING_ID}[target]


def _provider(w: World, target: Target) -> int:
    return {"own": w.provider_id, "other": w.other_provider_id, "missing": MISSING_ID}[target]


def _membership(w: World, *, member: bool) -> None:
    change = do_add_to_list if member else do_remove_from_list
    change(w.writer, w.list_slug, w.person_id)


def _create_person(c: ApiClient, w: World, t: Target) -> tuple[Any, int | None]:
    n = next(_seq)
    r = c.request("POST", "/api/persons", {
        "given_name": "Nia", "family_name": f"Created{n}", "birth_date": "1980-02-03",
        "emails": [f"nia{n}@example.org"], "phones": ["+1 312 555 0142"],
        "identifiers": [{"system": "urn:test:mrn", "value": f"C{n:06d}"}],
    })
    return r, r.json().get("id") if r.status_code == 201 else None


def _search(c: ApiClient, w: World, t: Target) -> tuple[Any, int | None]:
    name = {"own": "Ada", "other": OTHER_TENANT_NAME, "missing": "Nobodyknows"}[t]
    return c.request("POST", "/api/persons/search", {"name": name}), w.person_id


def _batch(c: ApiClient, w: World, t: Target) -> tuple[Any, int | None]:
    event = {"id": f"matrix-{next(_seq)}", "person": {"id": _person(w, t)}, "type": "web.visit",
             "category": "web", "source": "site", "occurred_at": "2025-03-04T05:06:07Z",
             "payload": {"page": "/"}}
    return c.request("POST", "/api/events/batch", [event]), w.person_id


def _create_list(c: ApiClient, w: World, t: Target) -> tuple[Any, int | None]:
    return c.request("POST", "/api/lists", {"slug": f"made-{next(_seq)}", "name": "Made"}), None


def _status_body() -> dict[str, Any]:
    return {"status": "open", "messages": {lang: "Open as usual." for lang in
                                           ("en", "es", "fr", "pl", "tr")}}


ENDPOINTS: dict[tuple[str, str], Endpoint] = {
    ("GET", "/api/health"): Endpoint(
        frozenset(), lambda c, w, t: (c.request("GET", "/api/health"), None),
        public=True, has_object=False, phi=False),
    ("GET", "/api/bare"): Endpoint(
        frozenset(), lambda c, w, t: (c.request("GET", "/api/bare"), None),
        public=True, has_object=False, phi=False),
    ("POST", "/api/persons"): Endpoint(
        frozenset({Perm.PERSON_WRITE}), _create_person, ok=201, has_object=False),
    ("GET", "/api/persons/{person_id}"): Endpoint(
        frozenset({Perm.PERSON_READ}),
        lambda c, w, t: (c.request("GET", f"/api/persons/{_person(w, t)}"), w.person_id)),
    ("PATCH", "/api/persons/{person_id}"): Endpoint(
        frozenset({Perm.PERSON_WRITE}),
        lambda c, w, t: (c.request("PATCH", f"/api/persons/{_person(w, t)}",
                                   {"language": "es"}), w.person_id)),
    ("POST", "/api/persons/search"): Endpoint(
        frozenset({Perm.PERSON_SEARCH}), _search, has_object=False,
        check_other=lambda r, w: r.json() == []),
    ("GET", "/api/persons/{person_id}/timeline"): Endpoint(
        frozenset({Perm.TIMELINE_READ}),
        lambda c, w, t: (c.request("GET", f"/api/persons/{_person(w, t)}/timeline"),
                         w.person_id)),
    ("POST", "/api/events/batch"): Endpoint(
        frozenset({Perm.TIMELINE_WRITE}), _batch, has_object=False,
        check_other=lambda r, w: r.json()["accepted"] == 0 and len(r.json()["rejected"]) == 1),
    ("GET", "/api/lists"): Endpoint(
        frozenset({Perm.LIST_READ}), lambda c, w, t: (c.request("GET", "/api/lists"), None),
        has_object=False, phi=False,
        check_other=lambda r, w: all(not x["slug"].startswith("b-") for x in r.json())),
    ("POST", "/api/lists"): Endpoint(
        frozenset({Perm.LIST_WRITE}), _create_list, ok=201, has_object=False, phi=False),
    ("GET", "/api/lists/{slug}/members"): Endpoint(
        frozenset({Perm.LIST_READ}),
        lambda c, w, t: (c.request("GET", f"/api/lists/{_slug(w, t)}/members"), w.person_id)),
    ("PUT", "/api/lists/{slug}/members/{person_id}"): Endpoint(
        frozenset({Perm.LIST_WRITE}),
        lambda c, w, t: (c.request("PUT", f"/api/lists/{_slug(w, t)}/members/{_person(w, t)}"),
                         w.person_id),
        prepare=lambda w: _membership(w, member=False)),
    ("DELETE", "/api/lists/{slug}/members/{person_id}"): Endpoint(
        frozenset({Perm.LIST_WRITE}),
        lambda c, w, t: (c.request("DELETE",
                                   f"/api/lists/{_slug(w, t)}/members/{_person(w, t)}"),
                         w.person_id),
        prepare=lambda w: _membership(w, member=True)),
    ("GET", "/api/persons/{person_id}/consents"): Endpoint(
        frozenset({Perm.CONSENT_READ}),
        lambda c, w, t: (c.request("GET", f"/api/persons/{_person(w, t)}/consents"),
                         w.person_id)),
    ("POST", "/api/persons/{person_id}/consents"): Endpoint(
        frozenset({Perm.CONSENT_WRITE}),
        lambda c, w, t: (c.request("POST", f"/api/persons/{_person(w, t)}/consents", {
            "channel": "sms", "purpose": "treatment", "granted": True, "method": "verbal",
            "text_version": "v2"}), w.person_id), ok=201),
    # The care directory (careloop/api/locations.py): not PHI, tenant-scoped all the same.
    ("GET", "/api/locations"): Endpoint(
        frozenset({Perm.LOCATION_READ}), lambda c, w, t: (c.request("GET", "/api/locations"),
                                                          None),
        has_object=False, phi=False,
        check_other=lambda r, w: not {x["id"] for x in r.json()} & w.other_location_ids),
    ("GET", "/api/locations/{location_id}"): Endpoint(
        frozenset({Perm.LOCATION_READ}),
        lambda c, w, t: (c.request("GET", f"/api/locations/{_location(w, t)}"), None),
        phi=False),
    ("POST", "/api/locations/{location_id}/status"): Endpoint(
        frozenset({Perm.LOCATION_WRITE}),
        lambda c, w, t: (c.request("POST", f"/api/locations/{_location(w, t)}/status",
                                   _status_body()), None),
        phi=False),
    ("POST", "/api/locations/{location_id}/wait-time"): Endpoint(
        frozenset({Perm.LOCATION_WRITE}),
        lambda c, w, t: (c.request("POST",
                                   f"/api/locations/{_location(w, t, urgent=True)}/wait-time",
                                   {"minutes": 25}), None),
        phi=False),
    ("GET", "/api/providers"): Endpoint(
        frozenset({Perm.PROVIDER_READ}), lambda c, w, t: (c.request("GET", "/api/providers"),
                                                          None),
        has_object=False, phi=False,
        check_other=lambda r, w: not {x["id"] for x in r.json()} & w.other_provider_ids),
    ("GET", "/api/providers/{provider_id}"): Endpoint(
        frozenset({Perm.PROVIDER_READ}),
        lambda c, w, t: (c.request("GET", f"/api/providers/{_provider(w, t)}"), None),
        phi=False),
}
