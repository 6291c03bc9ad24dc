"""Care directory API: locations, their opening and status, and provider search.

Mounted by the lead's NinjaAPI, whose auth puts the ``Actor`` in ``request.auth`` and whose
exception handlers turn NotFound / InvalidInput / NotPermitted into 404 / 422 / 403. Directory
data is not PHI, so provider search filters travel as GET parameters.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from careloop.identity.public import Actor
from careloop.kit.errors import InvalidInput
from careloop.locations.public import (
    LANGUAGES,
    DayOpening,
    LocationView,
    ProviderView,
    access_location_by_id,
    access_provider_by_id,
    do_set_location_status,
    do_set_wait_time,
    kind_label,
    language_label,
    list_locations,
    search_providers,
    specialty_label,
    status_label,
)

router = Router(tags=["locations"])


# ----- schemas -----

class IntervalOut(Schema):
    opens: str  # "08:00"
    closes: str  # "17:00"; "24:00" means until midnight


class DayOut(Schema):
    date: dt.date
    closed: bool
    intervals: list[IntervalOut]
    note: str
    is_exception: bool


class HoursOut(Schema):
    weekday: int  # 0 = Monday
    opens: str
    closes: str


class HolidayOut(Schema):
    date: dt.date
    closed: bool
    opens: str | None
    closes: str | None
    note: str


class ServiceLineOut(Schema):
    slug: str
    name: str


class StatusOut(Schema):
    status: str
    label: str
    message: str
    effective_from: dt.datetime | None
    effective_until: dt.datetime | None


class AddressOut(Schema):
    line: str
    city: str
    state: str
    postal_code: str


class LocationOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    kind_label: str
    address: AddressOut
    latitude: float
    longitude: float
    phone: str
    time_zone: str
    open_24_hours: bool
    services: list[ServiceLineOut]
    hours: list[HoursOut]
    holiday_exceptions: list[HolidayOut]
    today: DayOut
    is_open_now: bool
    status: StatusOut
    wait_minutes: int | None
    wait_updated_at: dt.datetime | None


class StatusIn(Schema):
    status: str
    messages: dict[str, str]
    effective_from: dt.datetime | None = None  # default now; without offset: location time
    effective_until: dt.datetime | None = None  # default until replaced


class WaitIn(Schema):
    minutes: int | None  # null clears the published wait


class ProviderLocationOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    city: str
    distance_km: float | None


class ProviderOut(Schema):
    id: int
    name: str
    given_name: str
    family_name: str
    credentials: str
    specialties: list[str]
    specialty_names: list[str]
    languages: list[str]
    language_names: list[str]
    accepting_new_patients: bool
    offers_video: bool
    is_primary_care: bool
    bio: str
    npi: str
    locations: list[ProviderLocationOut]
    distance_km: float | None


class LocationQuery(Schema):
    kind: str | None = None
    lang: str | None = None  # language of names and messages; default: request language


class ProviderQuery(Schema):
    specialty: str | None = None
    language: str | None = None  # spoken by the provider
    accepting: bool | None = None
    location_id: int | None = None
    video: bool | None = None
    lat: float | None = None
    lon: float | None = None
    limit: int = 50
    lang: str | None = None


class LangQuery(Schema):
    lang: str | None = None


# ----- mapping -----

def _actor(request: HttpRequest) -> Actor:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, Actor), "the directory router must be mounted behind actor auth"
    return actor


def _lang(request: HttpRequest, lang: str | None) -> str:
    wanted = (lang or getattr(request, "LANGUAGE_CODE", "") or "en").lower().split("-")[0]
    return wanted if wanted in LANGUAGES else "en"


def _hhmm(t: dt.time | None, *, closing: bool = False) -> str | None:
    if t is None:
        return None
    return "24:00" if closing and t >= dt.time(23, 59, 59) else t.strftime("%H:%M")


def _day(day: DayOpening) -> DayOut:
    return DayOut(date=day.date, closed=day.closed, note=day.note, is_exception=day.is_exception,
                  intervals=[IntervalOut(opens=_hhmm(i.opens) or "",
                                         closes=_hhmm(i.closes, closing=True) or "")
                             for i in day.intervals])


def _location(view: LocationView, lang: str) -> LocationOut:
    current = view.current_status
    return LocationOut(
        id=view.id, slug=view.slug, name=view.name, kind=view.kind,
        kind_label=kind_label(view.kind, lang),
        address=AddressOut(line=view.address_line, city=view.city, state=view.state,
                           postal_code=view.postal_code),
        latitude=view.latitude, longitude=view.longitude, phone=view.phone,
        time_zone=view.time_zone, open_24_hours=view.open_24_hours,
        services=[ServiceLineOut(slug=s.slug, name=s.name(lang)) for s in view.services],
        hours=[HoursOut(weekday=h.weekday, opens=_hhmm(h.opens) or "",
                        closes=_hhmm(h.closes, closing=True) or "") for h in view.hours],
        holiday_exceptions=[HolidayOut(date=e.date, closed=e.closed, opens=_hhmm(e.opens),
                                       closes=_hhmm(e.closes, closing=True), note=e.note)
                            for e in view.exceptions],
        today=_day(view.today), is_open_now=view.is_open_now(view.as_of),
        status=StatusOut(status=view.status, label=status_label(view.status, lang),
                         message=view.status_message(lang),
                         effective_from=current.effective_from if current else None,
                         effective_until=current.effective_until if current else None),
        wait_minutes=view.wait_minutes, wait_updated_at=view.wait_updated_at,
    )


def _provider(view: ProviderView, lang: str) -> ProviderOut:
    return ProviderOut(
        id=view.id, name=view.display_name, given_name=view.given_name,
        family_name=view.family_name, credentials=view.credentials,
        specialties=view.specialties,
        specialty_names=[specialty_label(s, lang) for s in view.specialties],
        languages=view.languages, language_names=[language_label(c, lang) for c in view.languages],
        accepting_new_patients=view.accepting_new_patients, offers_video=view.offers_video,
        is_primary_care=view.is_primary_care, bio=view.bio_in(lang), npi=view.npi,
        locations=[ProviderLocationOut(id=p.id, slug=p.slug, name=p.name, kind=p.kind,
                                       city=p.city, distance_km=p.distance_km)
                   for p in view.locations],
        distance_km=view.distance_km,
    )


# ----- endpoints -----

@router.get("/locations", response=list[LocationOut])
def get_locations(request: HttpRequest, q: Query[LocationQuery]) -> list[LocationOut]:
    lang = _lang(request, q.lang)
    return [_location(v, lang) for v in list_locations(_actor(request), q.kind or None)]


@router.get("/locations/{location_id}", response=LocationOut)
def get_location(request: HttpRequest, location_id: int, q: Query[LangQuery]) -> LocationOut:
    return _location(access_location_by_id(_actor(request), location_id), _lang(request, q.lang))


@router.post("/locations/{location_id}/status", response=LocationOut)
def post_location_status(request: HttpRequest, location_id: int, body: StatusIn,
                         q: Query[LangQuery]) -> LocationOut:
    view = do_set_location_status(_actor(request), location_id, body.status, body.messages,
                                  body.effective_from, body.effective_until)
    return _location(view, _lang(request, q.lang))


@router.post("/locations/{location_id}/wait-time", response=LocationOut)
def post_wait_time(request: HttpRequest, location_id: int, body: WaitIn,
                   q: Query[LangQuery]) -> LocationOut:
    view = do_set_wait_time(_actor(request), location_id, body.minutes)
    return _location(view, _lang(request, q.lang))


@router.get("/providers", response=list[ProviderOut])
def get_providers(request: HttpRequest, q: Query[ProviderQuery]) -> list[ProviderOut]:
    if (q.lat is None) != (q.lon is None):
        raise InvalidInput({"lat": "Give both lat and lon to sort by distance."})
    near = (q.lat, q.lon) if q.lat is not None and q.lon is not None else None
    found = search_providers(_actor(request), specialty=q.specialty or None,
                             language=q.language or None, accepting=q.accepting,
                             location_id=q.location_id, video=q.video, near=near, limit=q.limit)
    lang = _lang(request, q.lang)
    return [_provider(p, lang) for p in found]


@router.get("/providers/{provider_id}", response=ProviderOut)
def get_provider(request: HttpRequest, provider_id: int, q: Query[LangQuery]) -> ProviderOut:
    return _provider(access_provider_by_id(_actor(request), provider_id), _lang(request, q.lang))
