"""A person's consent decisions: current state per channel and purpose, and the full history."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from careloop.api.auth import actor_of
from careloop.api.schemas import ConsentIn, ConsentOut, ConsentsOut
from careloop.compliance.public import ConsentState
from careloop.patients.public import (
    ConsentsView,
    access_consents_by_person_id,
    do_record_consent_for,
)

router = Router(tags=["consents"])


@router.get("/persons/{int:person_id}/consents", response=ConsentsOut, summary="Read consents")
def consents(request: HttpRequest, person_id: int) -> ConsentsView:
    return access_consents_by_person_id(actor_of(request), person_id)


@router.post("/persons/{int:person_id}/consents", response={201: ConsentOut},
             summary="Record a consent decision",
             description="A grant or a withdrawal, with its evidence (method, text version).")
def record_consent(request: HttpRequest, person_id: int,
                   data: ConsentIn) -> Status[ConsentState]:
    state = do_record_consent_for(
        actor_of(request), person_id, data.channel, data.purpose, data.granted,
        method=data.method, text_version=data.text_version, source=data.source,
    )
    return Status(201, state)
