"""Small builders for directory tests (the domain's own models, so tests stay short)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

from careloop.identity.public import Actor, Role, do_create_staff_user
from careloop.kit.testing import create_tenant
from careloop.locations.models import HolidayException, Location, LocationHours, Provider

ALL_LANGUAGES = {"en": "Closed today", "es": "Cerrado hoy", "fr": "Fermé aujourd'hui",
                 "pl": "Dziś zamknięte", "tr": "Bugün kapalı"}
CHICAGO = ZoneInfo("America/Chicago")
_seq = itertools.count(1)


def make_actor(role: Role = Role.ADMIN, tenant_id: int | None = None) -> Actor:
    """Like ``create_actor`` but without a password: hashing one costs ~0.5 s per test."""
    return do_create_staff_user(tenant_id or create_tenant().id, f"loc-{role.value}-{next(_seq)}",
                                None, role, is_machine=role == Role.INTEGRATION)


def make_location(actor: Actor, *, kind: str = "primary_care", time_zone: str = "America/Chicago",
                  hours: list[tuple[int, dt.time, dt.time]] | None = None,
                  lat: float = 41.8810, lon: float = -87.6262, **fields: Any) -> Location:
    n = next(_seq)
    loc = Location.objects.create(
        tenant_id=actor.tenant_id, slug=f"loc-{n}", name=fields.pop("name", f"Clinic {n}"),
        kind=kind, address_line=f"{n} Test St", city="Chicago", state="IL",
        postal_code="60603", latitude=lat, longitude=lon, phone=f"+1312555{100 + n % 100:04d}",
        time_zone=time_zone, **fields)
    weekly = [(d, dt.time(8), dt.time(17)) for d in range(5)] if hours is None else hours
    LocationHours.objects.bulk_create(
        LocationHours(tenant_id=actor.tenant_id, location=loc, weekday=d, opens=o, closes=c)
        for d, o, c in weekly)
    return loc


def add_exception(loc: Location, day: dt.date, *, opens: dt.time | None = None,
                  closes: dt.time | None = None, note: str = "Holiday") -> HolidayException:
    return HolidayException.objects.create(
        tenant_id=loc.tenant_id, location=loc, date=day, closed=opens is None, opens=opens,
        closes=closes, note=note)


def make_provider(actor: Actor, locations: list[Location], **fields: Any) -> Provider:
    n = next(_seq)
    data: dict[str, Any] = {
        "given_name": "Test", "family_name": f"Provider{n:03d}", "credentials": "MD",
        "specialties": ["family_medicine"], "languages": ["en"], "accepting_new_patients": True,
        "offers_video": False, "bio": {"en": "Bio", "es": "Biografía"}, "npi": f"9{n:09d}",
    }
    data.update(fields)
    provider = Provider.objects.create(tenant_id=actor.tenant_id, **data)
    provider.locations.set(locations)
    return provider


def future_weekday(weekday: int, weeks_ahead: int = 2) -> dt.date:
    """A date ``weeks_ahead`` weeks from now that falls on ``weekday`` (0 = Monday)."""
    start = dt.date.today() + dt.timedelta(weeks=weeks_ahead)
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)


def at(day: dt.date, hour: int, minute: int = 0, zone: ZoneInfo = CHICAGO) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
