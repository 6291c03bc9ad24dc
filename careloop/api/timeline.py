"""A person's timeline, and batch ingest of timeline events from machine producers."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Body, Query, Router
from pydantic import AwareDatetime

from careloop.api.auth import actor_of
from careloop.api.schemas import BatchOut, EventCategory, TimelineEntryOut
from careloop.patients.public import (
    MAX_BATCH,
    IngestReport,
    TimelineEntry,
    do_ingest_events,
    event_item_json_schema,
    read_timeline,
)

router = Router(tags=["timeline"])
REPEAT = "Repeat the parameter to combine values."
BEFORE = "Only events that occurred before this date and time (with a time zone)."


@router.get("/persons/{int:person_id}/timeline", response=list[TimelineEntryOut],
            summary="Read a person's timeline",
            description="Newest first. Clinical events are left out for roles that may not see "
                        "them.")
def timeline(
    request: HttpRequest, person_id: int,
    category: Annotated[list[EventCategory] | None, Query(None, description=REPEAT)] = None,
    type: Annotated[list[str] | None, Query(None, description=REPEAT)] = None,
    before: Annotated[AwareDatetime | None, Query(None, description=BEFORE)] = None,
    limit: Annotated[int, Query(100, ge=1, le=500)] = 100,
) -> list[TimelineEntry]:
    # Plain parameters (not a schema) so that errors name "category.0", not "filters.category.0".
    return read_timeline(actor_of(request), person_id, categories=set(category or ()),
                         types=set(type or ()), limit=limit, before=before)


_BATCH_BODY = {
    "required": True,
    "content": {"application/json": {"schema": {
        "type": "array", "maxItems": MAX_BATCH, "items": event_item_json_schema(),
    }}},
}


@router.post("/events/batch", response=BatchOut, summary="Ingest timeline events",
             openapi_extra={"requestBody": _BATCH_BODY},
             description=f"Up to {MAX_BATCH:,} events. Each is checked on its own: good events "
                         "are stored, bad ones are reported by index (and kept for repair), and "
                         "an event id already stored counts as a duplicate.")
def ingest(request: HttpRequest, events: Body[list[Any]]) -> IngestReport:
    return do_ingest_events(actor_of(request), events)
