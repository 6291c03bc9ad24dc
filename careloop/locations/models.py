"""The care directory: service lines, locations, their hours and status, and providers.

None of this is PHI (places and staff), so columns are plain and may be filtered on.
"""

from __future__ import annotations

from django.db import models

from careloop.kit.tenancy import TenantOwned
from careloop.locations.catalog import LANGUAGES

__all__ = [
    "CREDENTIALS", "KINDS", "LANGUAGES", "SPECIALTIES", "STATUSES", "HolidayException",
    "Location", "LocationHours", "LocationStatus", "Provider", "ServiceLine",
]

KINDS = (
    "hospital", "urgent_care", "primary_care", "imaging", "sports_medicine", "physical_therapy",
)
STATUSES = ("open", "closed", "covid_only", "non_covid_only", "testing_only", "virtual_only")
SPECIALTIES = (
    "family_medicine", "internal_medicine", "pediatrics", "sports_medicine",
    "orthopedic_surgery", "radiology", "physical_therapy", "emergency_medicine",
    "obstetrics_gynecology", "cardiology", "dermatology",
)
CREDENTIALS = ("MD", "DO", "NP", "PA", "PT", "DPT", "CNM", "RN")


class ServiceLine(TenantOwned):
    slug = models.SlugField(max_length=64)
    name = models.JSONField(default=dict)  # {"en": "Imaging", "es": "Diagnóstico por imagen", ...}

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="service_line_slug")
        ]


class Location(TenantOwned):
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=[(k, k) for k in KINDS])
    address_line = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    state = models.CharField(max_length=2)
    postal_code = models.CharField(max_length=10)
    latitude = models.FloatField()
    longitude = models.FloatField()
    phone = models.CharField(max_length=16)  # E.164
    time_zone = models.CharField(max_length=64, default="America/Chicago")  # IANA
    # Emergency departments never close: a flag instead of seven 00:00-24:00 rows.
    open_24_hours = models.BooleanField(default=False)
    services = models.ManyToManyField(ServiceLine, related_name="locations", blank=True)
    wait_minutes = models.PositiveIntegerField(null=True, blank=True)
    wait_updated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "slug"], name="location_slug")
        ]
        indexes = [models.Index(fields=["tenant", "kind"])]


class LocationHours(TenantOwned):
    """One opening interval on a weekday (0 = Monday); a day may have several (lunch break)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField()
    opens = models.TimeField()
    closes = models.TimeField()

    class Meta:
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(condition=models.Q(weekday__lte=6),
                                   name="hours_weekday"),
            models.CheckConstraint(condition=models.Q(opens__lt=models.F("closes")),
                                   name="hours_opens_before_closes"),
        ]


class HolidayException(TenantOwned):
    """A date whose opening differs from the weekly hours: closed, or one special interval."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="exceptions")
    date = models.DateField()
    closed = models.BooleanField(default=True)
    opens = models.TimeField(null=True, blank=True)
    closes = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["location", "date"],
                                    name="one_exception_per_day"),
            models.CheckConstraint(
                condition=models.Q(closed=True)
                | models.Q(opens__isnull=False, closes__isnull=False, opens__lt=models.F("closes")),
                name="exception_closed_or_hours",
            ),
        ]


class LocationStatus(TenantOwned):
    """An operating status over a window; the latest window containing "now" wins.

    Rows are history: a new status is a new row, never an edit.
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(max_length=32, choices=[(s, s) for s in STATUSES])
    message = models.JSONField(default=dict)  # {lang: text} for every one of LANGUAGES
    effective_from = models.DateTimeField()
    effective_until = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["location", "-effective_from"])]


class Provider(TenantOwned):
    """A clinician in the public directory (staff data, not PHI)."""

    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    credentials = models.CharField(max_length=32)  # "MD", "DO", "NP", "PT", ...
    specialties = models.JSONField(default=list)  # slugs from SPECIALTIES
    languages = models.JSONField(default=list)  # ISO 639-1 codes, e.g. ["en", "es"]
    accepting_new_patients = models.BooleanField(default=True)
    offers_video = models.BooleanField(default=False)
    bio = models.JSONField(default=dict)  # {lang: text}
    locations = models.ManyToManyField(Location, related_name="providers", blank=True)
    # National Provider Identifier shape (10 digits, Luhn); demo ids start with 9, which CMS
    # never issues, so they cannot collide with a real clinician.
    npi = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "npi"], name="provider_npi")
        ]
        indexes = [models.Index(fields=["tenant", "family_name"])]
