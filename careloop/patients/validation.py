"""Normalisers for contact points and codes; each raises InvalidInput with a readable message."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from phonenumbers import timezone as phone_timezone

from careloop.kit.errors import InvalidInput


def normalise_phone(raw: str, field: str = "phone", region: str = "US") -> tuple[str, str]:
    """Return (E.164, IANA time zone or "") for a phone number."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise InvalidInput({field: "This is not a phone number."}) from None
    if not phonenumbers.is_possible_number(number):
        raise InvalidInput({field: "This phone number has the wrong number of digits."})
    zones = [z for z in phone_timezone.time_zones_for_number(number) if z != "Etc/Unknown"]
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    # An area code spanning several zones is ambiguous: leave it to the address or the send rules.
    return e164, zones[0] if len(zones) == 1 else ""


def normalise_email(raw: str, field: str = "email") -> str:
    value = raw.strip().lower()
    try:
        validate_email(value)
    except ValidationError:
        raise InvalidInput({field: "This is not an e-mail address."}) from None
    return value


def icd10_description(code: str, field: str = "code") -> tuple[str, str]:
    """Return (canonical code with dot, description) from the ICD-10-CM data package."""
    # Imported on first use: the package parses its 98,505 codes at import (about 3 s of CPU),
    # which every web worker would otherwise pay before its first request.
    import simple_icd_10_cm as icd

    raw = code.strip().upper()
    if not raw or not icd.is_valid_item(raw):
        raise InvalidInput({field: f"{code!r} is not an ICD-10-CM code."})
    dotted = icd.add_dot(raw) if "." not in raw and len(raw) > 3 else raw
    return dotted, icd.get_description(raw)
