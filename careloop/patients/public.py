"""Public door of the patients domain: the person record, its timeline and static lists.

Every function that returns PHI takes an ``Actor``, checks the role's permission, scopes to the
actor's tenant (another tenant's person is "not found"), writes an audit record, and returns only
the PHI categories the role may see (minimum necessary).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from careloop.compliance.public import (
    CHANNELS,
    PURPOSES,
    Action,
    ConsentError,
    ConsentState,
    consent_history,
    consent_states,
    do_record_consent,
    record_access,
)
from careloop.identity.public import Actor, Category, NotPermitted, Perm, check_perm
from careloop.kit.errors import InvalidInput, NotFound
from careloop.kit.events import publish
from careloop.kit.fields import hash_lookup
from careloop.patients import read
from careloop.patients.bulk import (
    CareGapRecord,
    ListEntry,
    ListSpec,
    PersonRecord,
    PreferenceRecord,
    do_bulk_delete_persons,
    do_bulk_load_persons,
)
from careloop.patients.ingest import (
    MAX_BATCH,
    IngestReport,
    RejectedEvent,
    describe_error,
    do_ingest_events,
    event_item_json_schema,
)
from careloop.patients.models import (
    CareGap,
    Condition,
    ContactPoint,
    Identifier,
    ListMembership,
    Person,
    StaticList,
    TimelineEvent,
)
from careloop.patients.validation import icd10_description, normalise_email, normalise_phone

__all__ = [
    "CLINICAL_EVENT_TYPES", "MAX_BATCH", "ConsentsView", "ContactPointView", "IngestReport",
    "ListView", "PersonInput", "PersonSummary", "PersonView", "RejectedEvent", "SearchQuery",
    "TimelineEntry", "access_consents_by_person_id", "access_person_by_id", "describe_error",
    "do_add_condition", "do_add_to_list", "do_append_timeline", "do_create_list",
    "do_create_person", "do_ingest_events", "do_record_consent_for", "do_remove_from_list",
    "do_update_person", "event_item_json_schema", "list_members", "list_static_lists",
    "person_counts", "read_timeline", "search_persons",
]
__all__ += [  # bulk loading (careloop/patients/bulk.py)
    "CareGapRecord", "ListEntry", "ListSpec", "PersonRecord", "PreferenceRecord",
    "do_bulk_delete_persons", "do_bulk_load_persons",
]

# Timeline categories that reveal health facts; roles without CLINICAL never see them.
CLINICAL_CATEGORIES = frozenset({"clinical"})
CLINICAL_EVENT_TYPES = frozenset({"condition.recorded", "encounter.completed", "referral.placed"})


# ----- views (plain dataclasses other domains and doors receive) -----

@dataclass(frozen=True)
class ContactPointView:
    kind: str
    value: str
    time_zone: str
    is_primary: bool
    consents: list[ConsentState] = field(default_factory=list)


@dataclass(frozen=True)
class IdentifierView:
    system: str
    value: str


@dataclass(frozen=True)
class ConditionView:
    code: str
    description: str
    status: str
    onset: dt.date | None
    source: str


@dataclass(frozen=True)
class CareGapView:
    kind: str
    status: str
    due_date: dt.date | None


@dataclass(frozen=True)
class ListView:
    slug: str
    name: str
    source: str
    is_clinical: bool
    member_count: int = 0
    added_at: dt.datetime | None = None
    removed_at: dt.datetime | None = None


@dataclass(frozen=True)
class PreferenceView:
    preferred_channel: str
    quiet_start: dt.time | None
    quiet_end: dt.time | None
    topics: list[str]


@dataclass(frozen=True)
class PersonSummary:
    id: int
    kind: str
    given_name: str | None
    family_name: str | None
    birth_date: dt.date | None
    language: str

    @property
    def display_name(self) -> str:
        names = [n for n in (self.given_name, self.family_name) if n]
        return " ".join(names) if names else f"#{self.id}"


@dataclass(frozen=True)
class PersonView:
    """A person as one role may see it: absent categories are ``None``, never partial."""

    id: int
    kind: str
    categories: frozenset[Category]
    given_name: str | None = None
    family_name: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None
    language: str | None = None
    address: dict[str, Any] | None = None
    time_zone: str | None = None
    contact_points: list[ContactPointView] | None = None
    preference: PreferenceView | None = None
    identifiers: list[IdentifierView] | None = None
    consents: list[ConsentState] | None = None
    lists: list[ListView] | None = None
    conditions: list[ConditionView] | None = None
    care_gaps: list[CareGapView] | None = None

    @property
    def display_name(self) -> str:
        names = [n for n in (self.given_name, self.family_name) if n]
        return " ".join(names) if names else f"#{self.id}"


@dataclass(frozen=True)
class TimelineEntry:
    event_id: str
    type: str
    category: str
    source: str
    occurred_at: dt.datetime
    payload: dict[str, Any]


# ----- reading -----

def _get_person(actor: Actor, person_id: int) -> Person:
    person = Person.objects.for_tenant(actor.tenant_id).filter(pk=person_id).first()
    if person is None:
        raise NotFound("person")
    return person


def _parts_for(cats: frozenset[Category]) -> set[str]:
    parts: set[str] = set()
    if Category.CONTACT in cats:
        parts |= {"contacts", "preference"}
    if Category.IDENTIFIERS in cats:
        parts.add("identifiers")
    if Category.ENGAGEMENT in cats:
        parts.add("lists")
    if Category.CLINICAL in cats:
        parts |= {"conditions", "care_gaps"}
    return parts


def _load_view(actor: Actor, person_id: int) -> PersonView | None:
    bundle = read.load_person(actor.tenant_id, person_id, _parts_for(actor.categories))
    return None if bundle is None else _view(actor, bundle)


def _view(actor: Actor, bundle: read.PersonBundle) -> PersonView:
    cats, person = actor.categories, bundle.person
    data: dict[str, Any] = {}
    if Category.DEMOGRAPHICS in cats:
        data.update(given_name=person.given_name, family_name=person.family_name,
                    birth_date=person.birth_date, sex=person.sex, language=person.language)
    consents = consent_states(actor.tenant_id, person.pk) if Category.ENGAGEMENT in cats else None
    if Category.CONTACT in cats:
        by_channel: dict[str, list[ConsentState]] = {}
        for c in consents or []:
            by_channel.setdefault(c.channel, []).append(c)
        data["contact_points"] = [
            ContactPointView(kind, value, zone, primary,
                             by_channel.get("sms" if kind == "phone" else kind, []))
            for kind, value, zone, primary in bundle.contacts
        ]
        data.update(address=person.address, time_zone=person.time_zone)
        if bundle.preference:
            data["preference"] = PreferenceView(*bundle.preference)
    if Category.IDENTIFIERS in cats:
        data["identifiers"] = [IdentifierView(*row) for row in bundle.identifiers]
    if Category.ENGAGEMENT in cats:
        data["consents"] = consents
        data["lists"] = [
            ListView(slug, name, source, clinical, added_at=added, removed_at=removed)
            for slug, name, source, clinical, added, removed in bundle.lists
            if clinical is False or Category.CLINICAL in cats
        ]
    if Category.CLINICAL in cats:
        data["conditions"] = [ConditionView(*row) for row in bundle.conditions]
        data["care_gaps"] = [CareGapView(*row) for row in bundle.care_gaps]
    return PersonView(id=person.pk, kind=person.kind, categories=cats, **data)


def _reload(actor: Actor, person_id: int) -> PersonView:
    view = _load_view(actor, person_id)
    assert view is not None, "a person just written in this transaction is readable"
    return view


def access_person_by_id(actor: Actor, person_id: int) -> PersonView:
    check_perm(actor, Perm.PERSON_READ)
    if not actor.categories:
        raise NotPermitted(Perm.PERSON_READ.value)
    view = _load_view(actor, person_id)
    if view is None:
        raise NotFound("person")
    record_access(actor, Action.READ, "Patient", person_id, [person_id])
    return view


@dataclass(frozen=True)
class SearchQuery:
    """Exact-match search through keyed hashes: no PHI leaves in a URL or a LIKE scan."""

    name: str = ""
    birth_date: dt.date | None = None
    identifier_system: str = ""
    identifier_value: str = ""
    phone: str = ""
    email: str = ""

    def is_empty(self) -> bool:
        return not (self.name.strip() or self.birth_date or self.identifier_value
                    or self.phone.strip() or self.email.strip())


def _summary(actor: Actor, p: Person) -> PersonSummary:
    demo = actor.sees(Category.DEMOGRAPHICS)
    return PersonSummary(p.pk, p.kind, p.given_name if demo else None,
                         p.family_name if demo else None, p.birth_date if demo else None,
                         p.language if demo else "")


def search_persons(actor: Actor, query: SearchQuery, limit: int = 50) -> list[PersonSummary]:
    check_perm(actor, Perm.PERSON_SEARCH)
    if not actor.categories:
        raise NotPermitted(Perm.PERSON_SEARCH.value)
    if query.is_empty():
        raise InvalidInput({"query": "Enter a name, birth date, identifier, phone or e-mail."})
    people = Person.objects.for_tenant(actor.tenant_id)
    for word in query.name.split()[:3]:
        h_given = hash_lookup(Person, "given_name_bidx", word)
        h_family = hash_lookup(Person, "family_name_bidx", word)
        people = people.filter(Q(given_name_bidx=h_given) | Q(family_name_bidx=h_family))
    if query.birth_date:
        people = people.filter(birth_date_bidx=hash_lookup(Person, "birth_date_bidx",
                                                           query.birth_date))
    if query.identifier_value:
        h = hash_lookup(Identifier, "value_bidx", query.identifier_value.strip())
        ids = Identifier.objects.for_tenant(actor.tenant_id).filter(value_bidx=h)
        if query.identifier_system:
            ids = ids.filter(system=query.identifier_system)
        people = people.filter(pk__in=ids.values("person_id"))
    contact_values = []
    if query.phone.strip():
        contact_values.append(normalise_phone(query.phone, "phone")[0])
    if query.email.strip():
        contact_values.append(normalise_email(query.email, "email"))
    for value in contact_values:
        h = hash_lookup(ContactPoint, "value_bidx", value)
        cps = ContactPoint.objects.for_tenant(actor.tenant_id).filter(value_bidx=h)
        people = people.filter(pk__in=cps.values("person_id"))
    # No ORDER BY in SQL: sorting would make SQLite walk the whole tenant by id instead of
    # using the two blind-index indexes; the (small) page is sorted here.
    found = sorted(people.order_by()[:limit], key=lambda p: p.pk)
    record_access(actor, Action.READ, "Patient", "search", [p.pk for p in found],
                  description=f"search returned {len(found)}")
    return [_summary(actor, p) for p in found]


def read_timeline(
    actor: Actor, person_id: int, *, categories: set[str] | None = None,
    types: set[str] | None = None, limit: int = 100, before: dt.datetime | None = None,
) -> list[TimelineEntry]:
    check_perm(actor, Perm.TIMELINE_READ)
    person = _get_person(actor, person_id)
    if not actor.categories:
        raise NotPermitted(Perm.TIMELINE_READ.value)
    rows = TimelineEvent.objects.for_tenant(actor.tenant_id).filter(person=person)
    if not actor.sees(Category.CLINICAL):
        rows = rows.exclude(category__in=CLINICAL_CATEGORIES)
    if not actor.sees(Category.ENGAGEMENT):
        rows = rows.filter(category__in=CLINICAL_CATEGORIES)
    if categories:
        rows = rows.filter(category__in=categories)
    if types:
        rows = rows.filter(type__in=types)
    if before:
        rows = rows.filter(occurred_at__lt=before)
    entries = [TimelineEntry(e.event_id, e.type, e.category, e.source, e.occurred_at, e.payload)
               for e in rows.order_by("-occurred_at", "-id")[:limit]]
    record_access(actor, Action.READ, "Patient/timeline", person.pk, [person.pk],
                  description=f"{len(entries)} events")
    return entries


def person_counts(tenant_id: int) -> dict[str, int]:
    """Aggregate counts without PHI, for the home page and analysts."""
    people = Person.objects.for_tenant(tenant_id)
    by_kind = dict(people.values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "persons": sum(by_kind.values()),
        "patients": by_kind.get("patient", 0),
        "prospects": by_kind.get("prospect", 0),
        "hcps": by_kind.get("hcp", 0),
        "lists": StaticList.objects.for_tenant(tenant_id).count(),
        "timeline_events": TimelineEvent.objects.for_tenant(tenant_id).count(),
        "open_care_gaps": CareGap.objects.for_tenant(tenant_id).filter(status="open").count(),
    }


# ----- writing -----

@dataclass
class PersonInput:
    given_name: str
    family_name: str
    kind: str = "patient"
    birth_date: dt.date | None = None
    sex: str = "unknown"
    language: str = "en"
    address: dict[str, Any] | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)


def _validate(data: PersonInput) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not data.given_name.strip():
        errors["given_name"] = "Enter a given name."
    if not data.family_name.strip():
        errors["family_name"] = "Enter a family name."
    if data.kind not in Person.KINDS:
        errors["kind"] = f"Kind must be one of: {', '.join(Person.KINDS)}."
    if data.sex not in Person.SEXES:
        errors["sex"] = f"Sex must be one of: {', '.join(Person.SEXES)}."
    if data.language not in ("en", "es", "fr", "pl", "tr"):
        errors["language"] = "Language must be one of: en, es, fr, pl, tr."
    if data.birth_date and data.birth_date > dt.date.today():
        errors["birth_date"] = "Birth date cannot be in the future."
    return errors


def _contact_rows(tenant_id: int, person: Person, data: PersonInput) -> list[ContactPoint]:
    rows, errors = [], {}
    for i, raw in enumerate(data.emails):
        try:
            rows.append(ContactPoint(tenant_id=tenant_id, person=person, kind="email",
                                     value=normalise_email(raw, f"emails[{i}]"), is_primary=i == 0))
        except InvalidInput as exc:
            errors.update(exc.errors)
    for i, raw in enumerate(data.phones):
        try:
            e164, zone = normalise_phone(raw, f"phones[{i}]")
            rows.append(ContactPoint(tenant_id=tenant_id, person=person, kind="phone",
                                     value=e164, time_zone=zone, is_primary=i == 0))
        except InvalidInput as exc:
            errors.update(exc.errors)
    if errors:
        raise InvalidInput(errors)
    return rows


def do_create_person(actor: Actor, data: PersonInput) -> PersonView:
    check_perm(actor, Perm.PERSON_WRITE)
    errors = _validate(data)
    if errors:
        raise InvalidInput(errors)
    with transaction.atomic():
        person = Person(tenant_id=actor.tenant_id, kind=data.kind,
                        given_name=data.given_name.strip(),
                        family_name=data.family_name.strip(), birth_date=data.birth_date,
                        sex=data.sex, language=data.language, address=data.address)
        person.save()
        contacts = _contact_rows(actor.tenant_id, person, data)
        for c in contacts:
            c.save()
        if contacts and not person.time_zone:
            person.time_zone = next((c.time_zone for c in contacts if c.time_zone), "")
            person.save(update_fields=["time_zone"])
        try:
            with transaction.atomic():
                for system, value in data.identifiers:
                    Identifier(tenant_id=actor.tenant_id, person=person, system=system,
                               value=value.strip()).save()
        except IntegrityError:
            raise InvalidInput(
                {"identifiers": "This identifier already belongs to another person."}
            ) from None
        record_access(actor, Action.CREATE, "Patient", person.pk, [person.pk])
        publish(actor.tenant_id, "person.created", {"kind": person.kind}, person_id=person.pk)
        return _reload(actor, person.pk)


UPDATABLE = ("given_name", "family_name", "birth_date", "sex", "language", "address", "kind")


def do_update_person(actor: Actor, person_id: int, changes: dict[str, Any]) -> PersonView:
    check_perm(actor, Perm.PERSON_WRITE)
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise InvalidInput({name: "This field cannot be changed here." for name in unknown})
    with transaction.atomic():
        person = _get_person(actor, person_id)
        for name, value in changes.items():
            setattr(person, name, value)
        candidate = PersonInput(person.given_name, person.family_name, person.kind,
                                person.birth_date, person.sex, person.language)
        errors = _validate(candidate)
        if errors:
            raise InvalidInput(errors)
        person.save()
        record_access(actor, Action.UPDATE, "Patient", person.pk, [person.pk],
                      description="changed: " + ", ".join(sorted(changes)))
        publish(actor.tenant_id, "person.updated", {"fields": sorted(changes)},
                person_id=person.pk)
        return _reload(actor, person.pk)


def do_add_condition(actor: Actor, person_id: int, code: str, *, source: str = "staff",
                     onset: dt.date | None = None) -> ConditionView:
    check_perm(actor, Perm.CLINICAL_WRITE)
    canonical, description = icd10_description(code)
    with transaction.atomic():
        person = _get_person(actor, person_id)
        cond = Condition(tenant_id=actor.tenant_id, person=person, code=canonical,
                         description=description, onset=onset, source=source)
        cond.save()
        record_access(actor, Action.CREATE, "Condition", cond.pk, [person.pk])
        do_append_timeline(actor.tenant_id, person.pk, f"condition-{cond.pk}",
                           "condition.recorded", "clinical", source, timezone.now(),
                           {"code": canonical})
        return ConditionView(canonical, description, cond.status, onset, source)


def do_append_timeline(
    tenant_id: int, person_id: int, event_id: str, type: str, category: str, source: str,
    occurred_at: dt.datetime, payload: dict[str, Any],
) -> bool:
    """Append one event for a person (system write used by every domain).

    Returns False when ``event_id`` was already recorded: producers may resend safely.
    """
    try:
        with transaction.atomic():
            TimelineEvent(tenant_id=tenant_id, person_id=person_id, event_id=event_id, type=type,
                          category=category, source=source, occurred_at=occurred_at,
                          payload=payload).save()
    except IntegrityError:
        return False
    publish(tenant_id, "timeline.appended",
            {"event_id": event_id, "type": type, "category": category, "source": source},
            person_id=person_id)
    return True


# ----- static lists -----

def _get_list(tenant_id: int, slug: str) -> StaticList:
    found = StaticList.objects.for_tenant(tenant_id).filter(slug=slug).first()
    if found is None:
        raise NotFound("list")
    return found


def _visible_lists(actor: Actor) -> Any:
    rows = StaticList.objects.for_tenant(actor.tenant_id)
    return rows if actor.sees(Category.CLINICAL) else rows.filter(is_clinical=False)


def list_static_lists(actor: Actor) -> list[ListView]:
    check_perm(actor, Perm.LIST_READ)
    rows = _visible_lists(actor).annotate(
        n=Count("members", filter=Q(members__removed_at__isnull=True))
    )
    return [ListView(r.slug, r.name, r.source, r.is_clinical, r.n) for r in rows.order_by("name")]


def do_create_list(actor: Actor, slug: str, name: str, *, source: str = "staff",
                   is_clinical: bool = False, description: str = "") -> ListView:
    check_perm(actor, Perm.LIST_WRITE)
    if is_clinical and not actor.sees(Category.CLINICAL):
        raise NotPermitted("clinical lists")
    try:
        with transaction.atomic():
            row = StaticList.objects.create(tenant_id=actor.tenant_id, slug=slug, name=name,
                                            source=source, is_clinical=is_clinical,
                                            description=description)
    except IntegrityError:
        raise InvalidInput({"slug": "A list with this slug already exists."}) from None
    return ListView(row.slug, row.name, row.source, row.is_clinical)


def _list_for_write(actor: Actor, slug: str) -> StaticList:
    check_perm(actor, Perm.LIST_WRITE)
    static_list = _get_list(actor.tenant_id, slug)
    if static_list.is_clinical and not actor.sees(Category.CLINICAL):
        raise NotFound("list")
    return static_list


def do_add_to_list(actor: Actor, slug: str, person_id: int, *,
                   when: dt.datetime | None = None) -> bool:
    """Add a person; returns False when already a member (idempotent).

    Audited either way: the answer itself tells whether the person is on the list.
    """
    with transaction.atomic():
        static_list = _list_for_write(actor, slug)
        person = _get_person(actor, person_id)
        already = static_list.members.filter(person=person, removed_at__isnull=True).exists()
        record_access(actor, Action.UPDATE, "List", slug, [person.pk],
                      description="already a member" if already else "member added")
        if already:
            return False
        ListMembership.objects.create(tenant_id=actor.tenant_id, static_list=static_list,
                                      person=person, added_at=when or timezone.now(),
                                      added_by=actor.username)
        publish(actor.tenant_id, "list.member_added", {"list": slug}, person_id=person.pk)
        return True


def do_remove_from_list(actor: Actor, slug: str, person_id: int) -> bool:
    with transaction.atomic():
        static_list = _list_for_write(actor, slug)
        person = _get_person(actor, person_id)
        changed = static_list.members.filter(person=person, removed_at__isnull=True).update(
            removed_at=timezone.now(), removed_by=actor.username)
        record_access(actor, Action.UPDATE, "List", slug, [person.pk],
                      description="member removed" if changed else "was not a member")
        if changed:
            publish(actor.tenant_id, "list.member_removed", {"list": slug}, person_id=person.pk)
        return bool(changed)


def list_members(actor: Actor, slug: str, limit: int = 200,
                 offset: int = 0) -> list[PersonSummary]:
    check_perm(actor, Perm.LIST_READ)
    static_list = _get_list(actor.tenant_id, slug)
    if static_list.is_clinical and not actor.sees(Category.CLINICAL):
        raise NotFound("list")
    ids = (static_list.members.filter(removed_at__isnull=True).order_by("added_at", "id")
           .values_list("person_id", flat=True)[offset:offset + limit])
    people = list(Person.objects.for_tenant(actor.tenant_id).filter(pk__in=list(ids))
                  .order_by("id"))
    record_access(actor, Action.READ, "List", slug, [p.pk for p in people],
                  description=f"{len(people)} members")
    return [_summary(actor, p) for p in people]


# ----- consents (the person check compliance leaves to its caller) -----

@dataclass(frozen=True)
class ConsentsView:
    current: list[ConsentState]  # latest decision per (channel, purpose)
    history: list[ConsentState]  # every decision, newest first


def _person_id_in_tenant(actor: Actor, person_id: int) -> int:
    """Existence check without loading (and decrypting) the person."""
    if not Person.objects.for_tenant(actor.tenant_id).filter(pk=person_id).exists():
        raise NotFound("person")
    return person_id


def access_consents_by_person_id(actor: Actor, person_id: int) -> ConsentsView:
    check_perm(actor, Perm.CONSENT_READ)
    _person_id_in_tenant(actor, person_id)
    if not actor.sees(Category.ENGAGEMENT):
        raise NotPermitted(Perm.CONSENT_READ.value)
    record_access(actor, Action.READ, "Consent", person_id, [person_id])
    return ConsentsView(consent_states(actor.tenant_id, person_id),
                        consent_history(actor.tenant_id, person_id))


def _consent_errors(channel: str, purpose: str, method: str, text_version: str,
                    source: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if channel not in CHANNELS:
        errors["channel"] = f"Channel must be one of: {', '.join(CHANNELS)}."
    if purpose not in PURPOSES:
        errors["purpose"] = f"Purpose must be one of: {', '.join(PURPOSES)}."
    for name, value, longest in (("method", method, 32), ("text_version", text_version, 64)):
        if not value.strip():
            errors[name] = "Enter the consent evidence: this field is required."
        elif len(value) > longest:
            errors[name] = f"This must be at most {longest} characters."
    if len(source) > 64:
        errors["source"] = "This must be at most 64 characters."
    return errors


def do_record_consent_for(
    actor: Actor, person_id: int, channel: str, purpose: str, granted: bool, *, method: str,
    text_version: str, source: str = "",
) -> ConsentState:
    """Record a consent decision for a person of the actor's tenant (others are not found)."""
    check_perm(actor, Perm.CONSENT_WRITE)
    with transaction.atomic():
        _person_id_in_tenant(actor, person_id)
        errors = _consent_errors(channel, purpose, method, text_version, source)
        if errors:
            raise InvalidInput(errors)
        try:
            return do_record_consent(actor, person_id, channel, purpose, granted,
                                     method=method.strip(), text_version=text_version.strip(),
                                     source=source.strip())
        except ConsentError as exc:
            raise InvalidInput({"consent": str(exc)}) from None
