"""Public door of the locations domain: the care directory (locations, hours, status, providers).

Directory data is not PHI: reads check a permission and the tenant but write no audit record;
status and wait-time changes are audited as operations and status changes publish an event.
Opening logic runs in each location's own time zone and honours holiday exceptions.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone

from careloop.compliance.public import Action, record_access
from careloop.identity.public import Actor, Perm, check_perm
from careloop.kit.errors import InvalidInput, NotFound
from careloop.kit.events import publish
from careloop.locations import catalog
from careloop.locations.catalog import LANGUAGES
from careloop.locations.demo import DirectorySeed, SeededLocation, SeededProvider, seed_directory
from careloop.locations.models import (
    KINDS,
    SPECIALTIES,
    STATUSES,
    HolidayException,
    Location,
    LocationHours,
    LocationStatus,
    Provider,
    ServiceLine,
)

__all__ = [
    "CLOSED_STATUSES", "KINDS", "LANGUAGES", "PRIMARY_CARE_SPECIALTIES", "SPECIALTIES",
    "STATUSES", "WAIT_TIME_KINDS", "DayOpening", "DirectorySeed", "HolidayView", "HoursView",
    "Interval", "LocationView", "ProviderLocation", "ProviderView", "SeededLocation",
    "SeededProvider", "ServiceLineView", "StatusView", "access_location_by_id",
    "access_provider_by_id", "check_messages", "do_seed_directory", "do_set_location_status",
    "do_set_wait_time",
    "haversine_km", "kind_label", "language_label", "list_locations", "list_status_history",
    "search_providers", "specialty_label", "status_label",
]

# Statuses under which the doors are shut whatever the hours say.
CLOSED_STATUSES = frozenset({"closed", "virtual_only"})
# Only places with a walk-in queue publish a wait.
WAIT_TIME_KINDS = frozenset({"urgent_care", "hospital"})
PRIMARY_CARE_SPECIALTIES = frozenset({"family_medicine", "internal_medicine", "pediatrics"})
MAX_WAIT_MINUTES = 24 * 60
MAX_MESSAGE_LENGTH = 500
MAX_SEARCH_LIMIT = 500
EARTH_RADIUS_KM = 6371.0088
# A closing time at or after this is "until midnight" (23:59:59 cannot express 24:00).
END_OF_DAY = dt.time(23, 59, 59)


def kind_label(kind: str, language: str = "en") -> str:
    return catalog.label(catalog.KIND_NAMES, kind, language)


def status_label(status: str, language: str = "en") -> str:
    return catalog.label(catalog.STATUS_NAMES, status, language)


def specialty_label(specialty: str, language: str = "en") -> str:
    return catalog.label(catalog.SPECIALTY_NAMES, specialty, language)


def language_label(code: str, language: str = "en") -> str:
    return catalog.label(catalog.LANGUAGE_NAMES, code, language)


# ----- views -----

@dataclass(frozen=True)
class Interval:
    opens: dt.time
    closes: dt.time

    @property
    def until_midnight(self) -> bool:
        return self.closes >= END_OF_DAY

    def contains(self, t: dt.time) -> bool:
        return self.opens <= t and (t < self.closes or self.until_midnight)

    def __str__(self) -> str:
        end = "24:00" if self.until_midnight else self.closes.strftime("%H:%M")
        return f"{self.opens.strftime('%H:%M')}–{end}"


ALL_DAY = Interval(dt.time(0, 0), dt.time.max)


@dataclass(frozen=True)
class HoursView:
    weekday: int  # 0 = Monday
    opens: dt.time
    closes: dt.time

    @property
    def interval(self) -> Interval:
        return Interval(self.opens, self.closes)


@dataclass(frozen=True)
class HolidayView:
    date: dt.date
    closed: bool
    opens: dt.time | None
    closes: dt.time | None
    note: str


@dataclass(frozen=True)
class DayOpening:
    """How one local date opens: no intervals means closed all day."""

    date: dt.date
    intervals: tuple[Interval, ...]
    note: str = ""
    is_exception: bool = False

    @property
    def closed(self) -> bool:
        return not self.intervals

    def __str__(self) -> str:
        return ", ".join(str(i) for i in self.intervals)


@dataclass(frozen=True)
class StatusView:
    id: int
    status: str
    messages: dict[str, str]
    effective_from: dt.datetime
    effective_until: dt.datetime | None
    created_by: str
    created_at: dt.datetime | None

    def message(self, language: str = "en") -> str:
        return catalog.pick(self.messages, language)

    def active_at(self, at: dt.datetime) -> bool:
        return self.effective_from <= at and (self.effective_until is None
                                              or at < self.effective_until)


@dataclass(frozen=True)
class ServiceLineView:
    id: int
    slug: str
    names: dict[str, str]

    def name(self, language: str = "en") -> str:
        return catalog.pick(self.names, language) or self.slug


@dataclass(frozen=True)
class LocationView:
    """A location as of ``as_of``.

    ``exceptions`` hold holiday exceptions from yesterday on and ``statuses`` the status windows
    not yet over (newest first), so the time methods answer for now and the future.
    """

    id: int
    slug: str
    name: str
    kind: str
    address_line: str
    city: str
    state: str
    postal_code: str
    latitude: float
    longitude: float
    phone: str
    time_zone: str
    open_24_hours: bool
    services: tuple[ServiceLineView, ...]
    hours: tuple[HoursView, ...]
    exceptions: tuple[HolidayView, ...]
    statuses: tuple[StatusView, ...]
    wait_minutes: int | None
    wait_updated_at: dt.datetime | None
    as_of: dt.datetime
    today: DayOpening = field(init=False)
    current_status: StatusView | None = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "today", self.opening_on(self.local(self.as_of).date()))
        object.__setattr__(self, "current_status", self.status_view_at(self.as_of))

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def status(self) -> str:
        return self.current_status.status if self.current_status else "open"

    def status_message(self, language: str = "en") -> str:
        return self.current_status.message(language) if self.current_status else ""

    def local(self, at: dt.datetime) -> dt.datetime:
        return at.astimezone(self.zone)

    def status_view_at(self, at: dt.datetime) -> StatusView | None:
        return next((s for s in self.statuses if s.active_at(at)), None)

    def status_at(self, at: dt.datetime) -> str:
        found = self.status_view_at(at)
        return found.status if found else "open"

    def opening_on(self, day: dt.date) -> DayOpening:
        exception = next((e for e in self.exceptions if e.date == day), None)
        if exception is not None:
            if exception.closed or exception.opens is None or exception.closes is None:
                return DayOpening(day, (), exception.note, True)
            return DayOpening(day, (Interval(exception.opens, exception.closes),),
                              exception.note, True)
        if self.open_24_hours:
            return DayOpening(day, (ALL_DAY,))
        return DayOpening(day, tuple(h.interval for h in self.hours
                                     if h.weekday == day.weekday()))

    def week(self) -> list[tuple[int, tuple[Interval, ...]]]:
        """The regular weekly hours, Monday first (holiday exceptions not applied)."""
        if self.open_24_hours:
            return [(d, (ALL_DAY,)) for d in range(7)]
        return [(d, tuple(h.interval for h in self.hours if h.weekday == d)) for d in range(7)]

    def is_open_now(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        if timezone.is_naive(at):
            raise ValueError("is_open_now needs an aware datetime")
        if self.status_at(at) in CLOSED_STATUSES:
            return False
        local = self.local(at)
        return any(i.contains(local.time()) for i in self.opening_on(local.date()).intervals)


@dataclass(frozen=True)
class ProviderLocation:
    id: int
    slug: str
    name: str
    kind: str
    city: str
    latitude: float
    longitude: float
    distance_km: float | None = None


@dataclass(frozen=True)
class ProviderView:
    id: int
    given_name: str
    family_name: str
    credentials: str
    specialties: list[str]
    languages: list[str]
    accepting_new_patients: bool
    offers_video: bool
    bio: dict[str, str]
    npi: str
    locations: list[ProviderLocation]
    distance_km: float | None = None  # to the nearest of ``locations`` when searched "near"

    @property
    def display_name(self) -> str:
        name = f"{self.given_name} {self.family_name}".strip()
        return f"{name}, {self.credentials}" if self.credentials else name

    @property
    def is_primary_care(self) -> bool:
        return bool(PRIMARY_CARE_SPECIALTIES & set(self.specialties)) and any(
            loc.kind == "primary_care" for loc in self.locations)

    def bio_in(self, language: str = "en") -> str:
        return catalog.pick(self.bio, language)


# ----- building views -----

def _status_view(s: LocationStatus) -> StatusView:
    return StatusView(s.pk, s.status, dict(s.message or {}), s.effective_from, s.effective_until,
                      s.created_by, s.created_at)


def _location_query(tenant_id: int, now: dt.datetime) -> Any:
    # Yesterday in UTC is on or before "today" in every time zone.
    since = (now - dt.timedelta(days=2)).date()
    statuses = (LocationStatus.objects.for_tenant(tenant_id)
                .filter(Q(effective_until__isnull=True) | Q(effective_until__gt=now))
                .order_by("-effective_from", "-id"))
    return Location.objects.for_tenant(tenant_id).prefetch_related(
        Prefetch("services", queryset=ServiceLine.objects.for_tenant(tenant_id).order_by("slug")),
        Prefetch("hours", queryset=LocationHours.objects.for_tenant(tenant_id)
                 .order_by("weekday", "opens")),
        Prefetch("exceptions", queryset=HolidayException.objects.for_tenant(tenant_id)
                 .filter(date__gte=since).order_by("date")),
        Prefetch("statuses", queryset=statuses),
    )


def _prune(statuses: list[StatusView], now: dt.datetime) -> tuple[StatusView, ...]:
    """Drop windows that can never win again: once an open-ended status is in force, every
    status that started before it is hidden for good."""
    kept = []
    for s in statuses:
        kept.append(s)
        if s.effective_until is None and s.effective_from <= now:
            break
    return tuple(kept)


def _location_view(loc: Location, now: dt.datetime) -> LocationView:
    return LocationView(
        id=loc.pk, slug=loc.slug, name=loc.name, kind=loc.kind, address_line=loc.address_line,
        city=loc.city, state=loc.state, postal_code=loc.postal_code, latitude=loc.latitude,
        longitude=loc.longitude, phone=loc.phone, time_zone=loc.time_zone,
        open_24_hours=loc.open_24_hours,
        services=tuple(ServiceLineView(s.pk, s.slug, dict(s.name or {}))
                       for s in loc.services.all()),
        hours=tuple(HoursView(h.weekday, h.opens, h.closes) for h in loc.hours.all()),
        exceptions=tuple(HolidayView(e.date, e.closed, e.opens, e.closes, e.note)
                         for e in loc.exceptions.all()),
        statuses=_prune([_status_view(s) for s in loc.statuses.all()], now),
        wait_minutes=loc.wait_minutes, wait_updated_at=loc.wait_updated_at, as_of=now,
    )


def _get_location(actor: Actor, location_id: int) -> Location:
    found = Location.objects.for_tenant(actor.tenant_id).filter(pk=location_id).first()
    if found is None:
        raise NotFound("location")
    return found


def _load_view(actor: Actor, location_id: int) -> LocationView:
    now = timezone.now()
    found = _location_query(actor.tenant_id, now).filter(pk=location_id).first()
    if found is None:
        raise NotFound("location")
    return _location_view(found, now)


# ----- reading -----

def list_locations(actor: Actor, kind: str | None = None) -> list[LocationView]:
    check_perm(actor, Perm.LOCATION_READ)
    now = timezone.now()
    rows = _location_query(actor.tenant_id, now)
    if kind:
        if kind not in KINDS:
            raise InvalidInput({"kind": f"Kind must be one of: {', '.join(KINDS)}."})
        rows = rows.filter(kind=kind)
    return [_location_view(loc, now) for loc in rows.order_by("name", "id")]


def access_location_by_id(actor: Actor, location_id: int) -> LocationView:
    check_perm(actor, Perm.LOCATION_READ)
    return _load_view(actor, location_id)


def list_status_history(actor: Actor, location_id: int, limit: int = 50) -> list[StatusView]:
    """Every status ever set for a location, newest first (including expired windows)."""
    check_perm(actor, Perm.LOCATION_READ)
    loc = _get_location(actor, location_id)
    rows = (LocationStatus.objects.for_tenant(actor.tenant_id).filter(location=loc)
            .order_by("-created_at", "-id")[:limit])
    return [_status_view(s) for s in rows]


# ----- writing -----

def _aware(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    # A naive time typed into a form means wall-clock time at the location.
    return value.replace(tzinfo=zone) if timezone.is_naive(value) else value


def check_messages(messages: Any) -> dict[str, str]:
    """Status messages must exist in every supported language; returns them trimmed."""
    if not isinstance(messages, dict):
        raise InvalidInput({"messages": "Give one message per language: "
                                        + ", ".join(LANGUAGES) + "."})
    errors: dict[str, str] = {}
    unknown = sorted(str(k) for k in messages if k not in LANGUAGES)
    if unknown:
        errors["messages"] = f"Unsupported languages: {', '.join(unknown)}."
    cleaned = {lang: str(messages.get(lang) or "").strip() for lang in LANGUAGES}
    missing = [lang for lang, text in cleaned.items() if not text]
    if missing:
        errors["messages"] = f"Add the message in every language; missing: {', '.join(missing)}."
    too_long = [lang for lang, text in cleaned.items() if len(text) > MAX_MESSAGE_LENGTH]
    if too_long:
        errors["messages"] = (f"Keep each message under {MAX_MESSAGE_LENGTH} characters: "
                              f"{', '.join(too_long)}.")
    if errors:
        raise InvalidInput(errors)
    return cleaned


def do_set_location_status(
    actor: Actor, location_id: int, status: str, messages: dict[str, str],
    effective_from: dt.datetime | None = None, effective_until: dt.datetime | None = None,
) -> LocationView:
    """Put a status in force from ``effective_from`` (default now) until ``effective_until``
    (default: until replaced). Naive datetimes are wall-clock time at the location."""
    check_perm(actor, Perm.LOCATION_WRITE)
    with transaction.atomic():
        loc = _get_location(actor, location_id)
        zone = ZoneInfo(loc.time_zone)
        now = timezone.now()
        errors: dict[str, str] = {}
        if status not in STATUSES:
            errors["status"] = f"Status must be one of: {', '.join(STATUSES)}."
        try:
            cleaned = check_messages(messages)
        except InvalidInput as exc:
            errors.update(exc.errors)
        start = _aware(effective_from, zone) if effective_from else now
        end = _aware(effective_until, zone) if effective_until else None
        if end is not None and end <= start:
            errors["effective_until"] = "The end must be after the start."
        elif end is not None and end <= now:
            errors["effective_until"] = "The end must be in the future."
        if errors:
            raise InvalidInput(errors)
        before = _load_view(actor, loc.pk)
        row = LocationStatus.objects.create(
            tenant_id=actor.tenant_id, location=loc, status=status, message=cleaned,
            effective_from=start, effective_until=end, created_by=actor.username)
        record_access(actor, Action.UPDATE, "Location", loc.pk,
                      description=f"status {status} from {start.isoformat()}"
                                  + (f" until {end.isoformat()}" if end else ""))
        publish(actor.tenant_id, "location.status_changed", {
            "location_id": loc.pk, "slug": loc.slug, "kind": loc.kind, "status_id": row.pk,
            "status": status, "previous_status": before.status, "messages": cleaned,
            "effective_from": start.isoformat(),
            "effective_until": end.isoformat() if end else None,
        })
        return _load_view(actor, loc.pk)


def do_set_wait_time(actor: Actor, location_id: int, minutes: int | None) -> LocationView:
    """Publish the current walk-in wait (``None`` clears it)."""
    check_perm(actor, Perm.LOCATION_WRITE)
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int)
                                or not 0 <= minutes <= MAX_WAIT_MINUTES):
        raise InvalidInput({"minutes": f"Enter whole minutes from 0 to {MAX_WAIT_MINUTES}."})
    with transaction.atomic():
        loc = _get_location(actor, location_id)
        if loc.kind not in WAIT_TIME_KINDS:
            raise InvalidInput({"minutes": "Only urgent care and emergency locations "
                                           "publish a wait time."})
        Location.objects.for_tenant(actor.tenant_id).filter(pk=loc.pk).update(
            wait_minutes=minutes, wait_updated_at=timezone.now())
        record_access(actor, Action.UPDATE, "Location", loc.pk,
                      description=f"wait {minutes} min" if minutes is not None else "wait cleared")
        return _load_view(actor, loc.pk)


# ----- providers -----

def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _provider_view(p: Provider, near: tuple[float, float] | None) -> ProviderView:
    places = []
    for loc in p.locations.all():
        km = round(haversine_km(near, (loc.latitude, loc.longitude)), 2) if near else None
        places.append(ProviderLocation(loc.pk, loc.slug, loc.name, loc.kind, loc.city,
                                       loc.latitude, loc.longitude, km))
    if near:
        places.sort(key=lambda pl: (pl.distance_km or 0.0, pl.name))
    nearest = places[0].distance_km if near and places else None
    return ProviderView(p.pk, p.given_name, p.family_name, p.credentials, list(p.specialties),
                        list(p.languages), p.accepting_new_patients, p.offers_video,
                        dict(p.bio or {}), p.npi, places, nearest)


def _providers(tenant_id: int) -> Any:
    return Provider.objects.for_tenant(tenant_id).prefetch_related(
        Prefetch("locations", queryset=Location.objects.for_tenant(tenant_id).order_by("name")))


def _check_search(specialty: str | None, language: str | None,
                  near: tuple[float, float] | None, limit: int) -> None:
    errors: dict[str, str] = {}
    if specialty and specialty not in SPECIALTIES:
        errors["specialty"] = f"Specialty must be one of: {', '.join(SPECIALTIES)}."
    if language and not (2 <= len(language) <= 3 and language.isalpha()):
        errors["language"] = "Give a two-letter language code, e.g. es."
    if near is not None:
        lat, lon = near
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            errors["near"] = "Latitude must be within ±90 and longitude within ±180."
    if not 1 <= limit <= MAX_SEARCH_LIMIT:
        errors["limit"] = f"Limit must be between 1 and {MAX_SEARCH_LIMIT}."
    if errors:
        raise InvalidInput(errors)


def search_providers(
    actor: Actor, *, specialty: str | None = None, language: str | None = None,
    accepting: bool | None = None, location_id: int | None = None, video: bool | None = None,
    near: tuple[float, float] | None = None, limit: int = 50,
) -> list[ProviderView]:
    """Filter the directory; with ``near`` results carry ``distance_km`` and come nearest first,
    otherwise they come by family name."""
    check_perm(actor, Perm.PROVIDER_READ)
    _check_search(specialty, language, near, limit)
    rows = _providers(actor.tenant_id)
    if accepting is not None:
        rows = rows.filter(accepting_new_patients=accepting)
    if video is not None:
        rows = rows.filter(offers_video=video)
    if location_id is not None:
        rows = rows.filter(locations=_get_location(actor, location_id))
    found = [p for p in rows.order_by("family_name", "given_name", "id")
             # JSON list containment differs per database; directories are small, so match here.
             if (not specialty or specialty in (p.specialties or []))
             and (not language or language.lower() in (p.languages or []))]
    views = [_provider_view(p, near) for p in found]
    if near is not None:
        far = float("inf")
        views.sort(key=lambda v: v.distance_km if v.distance_km is not None else far)
    return views[:limit]


def access_provider_by_id(actor: Actor, provider_id: int) -> ProviderView:
    check_perm(actor, Perm.PROVIDER_READ)
    found = _providers(actor.tenant_id).filter(pk=provider_id).first()
    if found is None:
        raise NotFound("provider")
    return _provider_view(found, None)


# ----- demo -----

def do_seed_directory(tenant_id: int, seed: int) -> DirectorySeed:
    """Create the demo directory for a tenant (system write, deterministic from ``seed``).

    A tenant that already has locations is left alone and its directory is returned.
    """
    return seed_directory(tenant_id, seed)
