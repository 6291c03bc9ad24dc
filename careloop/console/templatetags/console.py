"""Small template helpers for the console (labels, ages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from careloop.console import labels

register = template.Library()

_TABLES = {
    "channel": labels.CHANNEL_LABELS,
    "purpose": labels.PURPOSE_LABELS,
    "kind": labels.KIND_LABELS,
    "sex": labels.SEX_LABELS,
    "contact": labels.CONTACT_KIND_LABELS,
    "category": labels.TIMELINE_CATEGORY_LABELS,
    "status": labels.STATUS_LABELS,
    "source": labels.SOURCE_LABELS,
}


@register.filter
def label(code: str | None, table: str) -> Any:
    """``{{ value|label:"channel" }}``: the translated label of a code."""
    return labels.label(_TABLES[table], code)  # type: ignore[arg-type]


@register.filter
def age(birth_date: dt.date | None) -> int | None:
    if birth_date is None:
        return None
    today = timezone.localdate()
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


@register.filter
def humanize_code(code: str) -> str:
    """``mammography_screening`` -> ``Mammography screening`` for codes without a label."""
    text = code.replace("_", " ").replace(".", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def language_name(code: str | None) -> str:
    """Translated name of a language code; unknown codes are shown as they are."""
    from django.utils.translation import get_language_info

    if not code:
        return ""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
