"""Request and response shapes. Inputs forbid unknown fields so a typo is an error, not lost data.

Responses are built from the domain's frozen dataclasses; a PHI category the actor's role may not
see is ``null`` in the response (the domain never loads it).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal

from ninja import Schema
from pydantic import BaseModel, ConfigDict, Field, field_validator

EventCategory = Literal["engagement", "clinical", "access", "messaging", "web", "service"]
Kind = Literal["patient", "prospect", "hcp"]
Sex = Literal["female", "male", "other", "unknown"]
Language = Literal["en", "es", "fr", "pl", "tr"]
ListSource = Literal["emr", "csv", "api", "staff"]

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class In(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Out(BaseModel):
    """Plain pydantic (not ninja's ``Schema``): reads the domain's dataclasses by attribute."""

    model_config = ConfigDict(from_attributes=True)


# ----- persons -----

class IdentifierIn(In):
    system: str = Field(min_length=1, max_length=200, examples=["urn:oid:2.16.840.1.113883.3.1"])
    value: str = Field(min_length=1, max_length=200)


class AddressIn(In):
    line: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=100)
    state: str | None = Field(default=None, max_length=50)
    postal_code: str | None = Field(default=None, max_length=20)
    country: str | None = Field(default=None, max_length=2, description="ISO 3166-1 alpha-2")
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)


class PersonIn(In):
    given_name: str = Field(max_length=200)
    family_name: str = Field(max_length=200)
    kind: Kind = "patient"
    birth_date: dt.date | None = None
    sex: Sex = "unknown"
    language: Language = "en"
    address: AddressIn | None = None
    emails: list[str] = Field(default_factory=list, max_length=10)
    phones: list[str] = Field(default_factory=list, max_length=10)
    identifiers: list[IdentifierIn] = Field(default_factory=list, max_length=20)


class PersonPatch(In):
    """Send only the fields to change; ``birth_date`` and ``address`` may be set to null."""

    given_name: str | None = Field(default=None, max_length=200)
    family_name: str | None = Field(default=None, max_length=200)
    kind: Kind | None = None
    birth_date: dt.date | None = None
    sex: Sex | None = None
    language: Language | None = None
    address: AddressIn | None = None


NOT_NULL_FIELDS = ("given_name", "family_name", "kind", "sex", "language")


class IdentifierSearch(In):
    system: str = Field(default="", max_length=200)
    value: str = Field(min_length=1, max_length=200)


class SearchIn(In):
    """Exact-match search (case- and accent-insensitive); send at least one criterion."""

    name: str = Field(default="", max_length=200)
    birth_date: dt.date | None = None
    identifier: IdentifierSearch | None = None
    phone: str = Field(default="", max_length=50)
    email: str = Field(default="", max_length=254)
    limit: int = Field(default=50, ge=1, le=200)


class ConsentOut(Out):
    channel: str
    purpose: str
    granted: bool
    recorded_at: dt.datetime
    recorded_by: str
    method: str
    text_version: str


class ContactPointOut(Out):
    kind: str
    value: str
    time_zone: str
    is_primary: bool
    consents: list[ConsentOut]


class PreferenceOut(Out):
    preferred_channel: str
    quiet_start: dt.time | None
    quiet_end: dt.time | None
    topics: list[str]


class IdentifierOut(Out):
    system: str
    value: str


class MembershipOut(Out):
    slug: str
    name: str
    source: str
    is_clinical: bool
    added_at: dt.datetime | None
    removed_at: dt.datetime | None


class ConditionOut(Out):
    code: str
    description: str
    status: str
    onset: dt.date | None
    source: str


class CareGapOut(Out):
    kind: str
    status: str
    due_date: dt.date | None


class PersonOut(Out):
    id: int
    kind: str
    categories: list[str] = Field(description="PHI categories included for your role.")
    given_name: str | None = None
    family_name: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None
    language: str | None = None
    address: dict[str, Any] | None = None
    time_zone: str | None = None
    contact_points: list[ContactPointOut] | None = None
    preference: PreferenceOut | None = None
    identifiers: list[IdentifierOut] | None = None
    consents: list[ConsentOut] | None = None
    lists: list[MembershipOut] | None = None
    conditions: list[ConditionOut] | None = None
    care_gaps: list[CareGapOut] | None = None

    @field_validator("categories", mode="before")
    @classmethod
    def _sorted(cls, value: Any) -> list[str]:
        return sorted(str(c) for c in value)


class PersonSummaryOut(Out):
    id: int
    kind: str
    given_name: str | None
    family_name: str | None
    birth_date: dt.date | None
    language: str


# ----- timeline -----

class TimelineEntryOut(Out):
    id: str = Field(validation_alias="event_id", description="The producer's event id.")
    type: str
    category: str
    source: str
    occurred_at: dt.datetime
    payload: dict[str, Any]


class RejectedOut(Out):
    index: int
    id: str | None
    errors: dict[str, str]


class BatchOut(Out):
    accepted: int
    duplicates: int
    rejected: list[RejectedOut]


# ----- lists -----

class ListIn(In):
    slug: str = Field(max_length=80)
    name: str = Field(min_length=1, max_length=200)
    source: ListSource = "api"
    is_clinical: bool = Field(default=False, description="Membership reveals a health fact.")
    description: str = Field(default="", max_length=2000)

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("Use lower-case letters, digits, hyphens and underscores.")
        return value


class ListOut(Out):
    slug: str
    name: str
    source: str
    is_clinical: bool
    member_count: int


class MembersPage(Schema):
    limit: int = Field(default=200, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


class MembershipChange(Out):
    member: bool
    changed: bool


# ----- consents -----

class ConsentIn(In):
    channel: str = Field(description="email, sms, voice, app, portal or mail")
    purpose: str = Field(description="treatment, operations or marketing")
    granted: bool
    method: str = Field(description="How it was given: web_form, sms_keyword, paper, verbal...")
    text_version: str = Field(description="Version of the consent text the person saw.")
    source: str = ""


class ConsentsOut(Out):
    current: list[ConsentOut] = Field(description="Latest decision per channel and purpose.")
    history: list[ConsentOut] = Field(description="Every decision, newest first.")


# ----- system -----

class HealthOut(Out):
    status: str
