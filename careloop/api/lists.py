"""Static lists and their members."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from careloop.api.auth import actor_of
from careloop.api.schemas import (
    ListIn,
    ListOut,
    MembershipChange,
    MembersPage,
    PersonSummaryOut,
)
from careloop.patients.public import (
    ListView,
    PersonSummary,
    do_add_to_list,
    do_create_list,
    do_remove_from_list,
    list_members,
    list_static_lists,
)

router = Router(tags=["lists"])


@router.get("/lists", response=list[ListOut], summary="List static lists")
def lists(request: HttpRequest) -> list[ListView]:
    return list_static_lists(actor_of(request))


@router.post("/lists", response={201: ListOut}, summary="Create a static list")
def create_list(request: HttpRequest, data: ListIn) -> Status[ListView]:
    created = do_create_list(actor_of(request), data.slug, data.name, source=data.source,
                             is_clinical=data.is_clinical, description=data.description)
    return Status(201, created)


@router.get("/lists/{slug}/members", response=list[PersonSummaryOut], summary="List members")
def members(request: HttpRequest, slug: str, page: Query[MembersPage]) -> list[PersonSummary]:
    return list_members(actor_of(request), slug, limit=page.limit, offset=page.offset)


@router.put("/lists/{slug}/members/{int:person_id}", response=MembershipChange,
            summary="Add a member", description="Idempotent: changed is false if already in.")
def add_member(request: HttpRequest, slug: str, person_id: int) -> MembershipChange:
    changed = do_add_to_list(actor_of(request), slug, person_id)
    return MembershipChange(member=True, changed=changed)


@router.delete("/lists/{slug}/members/{int:person_id}", response=MembershipChange,
               summary="Remove a member", description="Idempotent: changed is false if not in.")
def remove_member(request: HttpRequest, slug: str, person_id: int) -> MembershipChange:
    changed = do_remove_from_list(actor_of(request), slug, person_id)
    return MembershipChange(member=False, changed=changed)
