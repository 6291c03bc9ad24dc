"""Roles, PHI categories and permissions: the minimum-necessary matrix (see docs/permissions.md).

Deny by default: a role has exactly the permissions and PHI categories listed here.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    ADMIN = "admin"
    MARKETER = "marketer"
    ACCESS_AGENT = "access_agent"
    CARE_COORDINATOR = "care_coordinator"
    CLINICIAN = "clinician"
    ANALYST = "analyst"
    AUDITOR = "auditor"
    INTEGRATION = "integration"


ROLE_LABELS = {
    Role.ADMIN: _("Administrator"),
    Role.MARKETER: _("Marketer"),
    Role.ACCESS_AGENT: _("Access agent"),
    Role.CARE_COORDINATOR: _("Care coordinator"),
    Role.CLINICIAN: _("Clinician"),
    Role.ANALYST: _("Analyst"),
    Role.AUDITOR: _("Auditor"),
    Role.INTEGRATION: _("Integration client"),
}


class Category(StrEnum):
    """PHI categories a role may see. Anything not listed is never returned to that role."""

    DEMOGRAPHICS = "demographics"  # names, birth date, sex, language
    CONTACT = "contact"  # contact points, address, preferences
    IDENTIFIERS = "identifiers"  # MRN, CRM, portal and web ids
    ENGAGEMENT = "engagement"  # consents, lists, non-clinical timeline
    CLINICAL = "clinical"  # conditions, care gaps, clinical timeline events


class Perm(StrEnum):
    PERSON_READ = "person.read"
    PERSON_SEARCH = "person.search"
    PERSON_WRITE = "person.write"
    TIMELINE_READ = "timeline.read"
    TIMELINE_WRITE = "timeline.write"
    LIST_READ = "list.read"
    LIST_WRITE = "list.write"
    CONSENT_READ = "consent.read"
    CONSENT_WRITE = "consent.write"
    CLINICAL_WRITE = "clinical.write"
    LOCATION_READ = "location.read"
    LOCATION_WRITE = "location.write"
    PROVIDER_READ = "provider.read"
    AUDIT_READ = "audit.read"
    USERS_MANAGE = "users.manage"
    STATS_READ = "stats.read"


_D, _C, _I, _E, _X = (
    Category.DEMOGRAPHICS,
    Category.CONTACT,
    Category.IDENTIFIERS,
    Category.ENGAGEMENT,
    Category.CLINICAL,
)
_PATIENT_READ = {Perm.PERSON_READ, Perm.PERSON_SEARCH, Perm.TIMELINE_READ, Perm.LIST_READ,
                 Perm.CONSENT_READ}
_DIRECTORY = {Perm.LOCATION_READ, Perm.PROVIDER_READ, Perm.STATS_READ}

CATEGORIES: dict[Role, frozenset[Category]] = {
    Role.ADMIN: frozenset({_D, _C, _I, _E}),
    Role.MARKETER: frozenset({_D, _C, _E}),
    Role.ACCESS_AGENT: frozenset({_D, _C, _I, _E}),
    Role.CARE_COORDINATOR: frozenset({_D, _C, _I, _E, _X}),
    Role.CLINICIAN: frozenset({_D, _C, _I, _E, _X}),
    Role.ANALYST: frozenset(),
    Role.AUDITOR: frozenset(),
    Role.INTEGRATION: frozenset({_D, _C, _I, _E, _X}),
}

PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.ADMIN: frozenset(_PATIENT_READ | _DIRECTORY | {Perm.LOCATION_WRITE, Perm.USERS_MANAGE}),
    Role.MARKETER: frozenset(_PATIENT_READ | _DIRECTORY | {Perm.LIST_WRITE}),
    Role.ACCESS_AGENT: frozenset(
        _PATIENT_READ | _DIRECTORY
        | {Perm.PERSON_WRITE, Perm.CONSENT_WRITE, Perm.TIMELINE_WRITE, Perm.LOCATION_WRITE}
    ),
    Role.CARE_COORDINATOR: frozenset(
        _PATIENT_READ | _DIRECTORY
        | {Perm.PERSON_WRITE, Perm.CONSENT_WRITE, Perm.LIST_WRITE, Perm.TIMELINE_WRITE,
           Perm.CLINICAL_WRITE}
    ),
    Role.CLINICIAN: frozenset(
        _PATIENT_READ | _DIRECTORY | {Perm.LIST_WRITE, Perm.CLINICAL_WRITE, Perm.TIMELINE_WRITE}
    ),
    Role.ANALYST: frozenset(_DIRECTORY),
    Role.AUDITOR: frozenset({Perm.AUDIT_READ, Perm.STATS_READ}),
    Role.INTEGRATION: frozenset(
        _PATIENT_READ | _DIRECTORY
        | {Perm.PERSON_WRITE, Perm.TIMELINE_WRITE, Perm.LIST_WRITE, Perm.CONSENT_WRITE,
           Perm.CLINICAL_WRITE, Perm.LOCATION_WRITE}
    ),
}
