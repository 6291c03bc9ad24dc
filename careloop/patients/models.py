from __future__ import annotations

from django.db import models

from careloop.kit.fields import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from careloop.kit.tenancy import TenantOwned


def _category(code: str) -> str:
    return code.split(".")[0].upper()


class Person(TenantOwned):
    KINDS = ("patient", "prospect", "hcp")
    SEXES = ("female", "male", "other", "unknown")

    kind = models.CharField(max_length=16, default="patient")
    given_name = EncryptedTextField()
    family_name = EncryptedTextField()
    birth_date = EncryptedDateField(null=True, blank=True)
    given_name_bidx = BlindIndexField(source="given_name")
    family_name_bidx = BlindIndexField(source="family_name")
    birth_date_bidx = BlindIndexField(source="birth_date")
    sex = models.CharField(max_length=16, default="unknown")
    language = models.CharField(max_length=8, default="en")
    # {"line", "city", "state", "postal_code", "country", "lat", "lon"}: read whole, never searched
    address = EncryptedJSONField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "given_name_bidx"]),
            models.Index(fields=["tenant", "family_name_bidx"]),
        ]


class Identifier(TenantOwned):
    """An id of this person in another system (system URI + value), e.g. an MRN per source EMR."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="identifiers")
    system = models.CharField(max_length=200)
    value = EncryptedTextField()
    value_bidx = BlindIndexField(source="value")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "system", "value_bidx"], name="identifier_unique_per_system"
            )
        ]


class ContactPoint(TenantOwned):
    KINDS = ("email", "phone")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=8)
    value = EncryptedTextField()  # e-mail lower-cased; phone in E.164
    value_bidx = BlindIndexField(source="value")
    time_zone = models.CharField(max_length=64, blank=True)  # derived from the phone number
    is_primary = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)


class Preference(TenantOwned):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="preference")
    preferred_channel = models.CharField(max_length=16, blank=True)
    quiet_start = models.TimeField(null=True, blank=True)
    quiet_end = models.TimeField(null=True, blank=True)
    topics = EncryptedJSONField(default=list)  # interests can reveal health facts


class Condition(TenantOwned):
    """An ICD-10-CM coded condition; code and description encrypted, code and category hashed."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conditions")
    code = EncryptedTextField()
    description = EncryptedTextField()
    code_bidx = BlindIndexField(source="code")
    category_bidx = BlindIndexField(source="code", transform=_category)
    status = models.CharField(max_length=16, default="active")
    onset = EncryptedDateField(null=True, blank=True)
    source = models.CharField(max_length=64, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)


class CareGap(TenantOwned):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="care_gaps")
    kind = models.CharField(max_length=64)  # e.g. mammography_screening
    status = models.CharField(max_length=16, default="open")
    due_date = models.DateField(null=True)
    closed_at = models.DateTimeField(null=True)


class StaticList(TenantOwned):
    """A named list of people fed by the EMR, CSV, API or staff."""

    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=32, default="staff")  # emr, csv, api, staff
    is_clinical = models.BooleanField(default=False)  # membership reveals a health fact
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant", "slug"], name="list_slug")]


class ListMembership(TenantOwned):
    """Membership history: rows are never deleted; leaving sets ``removed_at``."""

    static_list = models.ForeignKey(StaticList, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    added_at = models.DateTimeField()
    added_by = models.CharField(max_length=150)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.CharField(max_length=150, blank=True)

    class Meta:
        indexes = [models.Index(fields=["static_list", "removed_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["static_list", "person"],
                condition=models.Q(removed_at__isnull=True),
                name="one_open_membership",
            )
        ]


class TimelineEvent(TenantOwned):
    """Append-only per-person event stream every domain writes to; the 360 page reads it."""

    CATEGORIES = ("engagement", "clinical", "access", "messaging", "web", "service")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="timeline")
    event_id = models.CharField(max_length=100)  # producer's id: makes ingest idempotent
    type = models.CharField(max_length=64)
    category = models.CharField(max_length=16)
    source = models.CharField(max_length=64)
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    payload = EncryptedJSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "event_id"], name="timeline_event_once")
        ]
        indexes = [models.Index(fields=["person", "-occurred_at"])]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise RuntimeError("timeline events are append-only")
        super().save(*args, **kwargs)
