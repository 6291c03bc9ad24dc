"""Persons: create, read (minimum necessary per role), update and search (POST: no PHI in URLs)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from careloop.api.auth import actor_of
from careloop.api.core import reads_only
from careloop.api.schemas import (
    NOT_NULL_FIELDS,
    PersonIn,
    PersonOut,
    PersonPatch,
    PersonSummaryOut,
    SearchIn,
)
from careloop.kit.errors import InvalidInput
from careloop.patients.public import (
    PersonInput,
    PersonSummary,
    PersonView,
    SearchQuery,
    access_person_by_id,
    do_create_person,
    do_update_person,
    search_persons,
)

router = Router(tags=["persons"])


@router.post("/persons", response={201: PersonOut}, summary="Create a person")
def create_person(request: HttpRequest, data: PersonIn) -> Status[PersonView]:
    person = do_create_person(actor_of(request), PersonInput(
        given_name=data.given_name, family_name=data.family_name, kind=data.kind,
        birth_date=data.birth_date, sex=data.sex, language=data.language,
        address=data.address.model_dump(exclude_none=True) if data.address else None,
        emails=data.emails, phones=data.phones,
        identifiers=[(i.system, i.value) for i in data.identifiers],
    ))
    return Status(201, person)


@router.get("/persons/{int:person_id}", response=PersonOut, summary="Read a person",
            description="Only the PHI categories your role may see are filled; others are null.")
def read_person(request: HttpRequest, person_id: int) -> PersonView:
    return access_person_by_id(actor_of(request), person_id)


@router.patch("/persons/{int:person_id}", response=PersonOut, summary="Update a person")
def update_person(request: HttpRequest, person_id: int, data: PersonPatch) -> PersonView:
    changes: dict[str, Any] = data.model_dump(exclude_unset=True)
    nulls = {name: "This field cannot be null." for name in NOT_NULL_FIELDS
             if name in changes and changes[name] is None}
    if nulls:
        raise InvalidInput(nulls)
    if data.address is not None:
        changes["address"] = data.address.model_dump(exclude_none=True)
    if not changes:
        raise InvalidInput({"body": "Send at least one field to change."})
    return do_update_person(actor_of(request), person_id, changes)


@router.post("/persons/search", response=list[PersonSummaryOut], summary="Search persons",
             description="Exact match on name words, birth date, identifier, phone or e-mail. "
                         "A POST so that no PHI appears in a URL.")
@reads_only
def search(request: HttpRequest, data: SearchIn) -> list[PersonSummary]:
    identifier = data.identifier
    query = SearchQuery(
        name=data.name, birth_date=data.birth_date,
        identifier_system=identifier.system if identifier else "",
        identifier_value=identifier.value if identifier else "",
        phone=data.phone, email=data.email,
    )
    return search_persons(actor_of(request), query, limit=data.limit)
