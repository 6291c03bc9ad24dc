"""Translated labels for the codes the domains return (channels, purposes, kinds, categories)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CONSENT_CHANNELS = ("email", "sms", "voice", "app")
PURPOSES = ("treatment", "operations", "marketing")
TIMELINE_CATEGORIES = ("engagement", "clinical", "access", "messaging", "web", "service")

CHANNEL_LABELS = {
    "email": _("E-mail"),
    "sms": _("Text message (SMS)"),
    "voice": _("Voice call"),
    "app": _("App notification"),
    "portal": _("Patient portal"),
    "mail": _("Postal mail"),
}
PURPOSE_LABELS = {
    "treatment": _("Treatment"),
    "operations": _("Operations"),
    "marketing": _("Marketing"),
}
KIND_LABELS = {
    "patient": _("Patient"),
    "prospect": _("Prospect"),
    "hcp": _("Health-care professional"),
}
SEX_LABELS = {
    "female": pgettext_lazy("sex", "Female"),
    "male": pgettext_lazy("sex", "Male"),
    "other": pgettext_lazy("sex", "Other"),
    "unknown": pgettext_lazy("sex", "Unknown"),
}
CONTACT_KIND_LABELS = {"email": _("E-mail"), "phone": _("Phone")}
TIMELINE_CATEGORY_LABELS = {
    "engagement": _("Engagement"),
    "clinical": _("Clinical"),
    "access": _("Access"),
    "messaging": _("Messaging"),
    "web": _("Web"),
    "service": _("Service"),
}
STATUS_LABELS = {
    # Care gap and condition statuses.
    "open": pgettext_lazy("clinical status", "Open"),
    "closed": pgettext_lazy("clinical status", "Closed"),
    "active": pgettext_lazy("clinical status", "Active"),
    "resolved": pgettext_lazy("clinical status", "Resolved"),
    "inactive": pgettext_lazy("clinical status", "Inactive"),
}
SOURCE_LABELS = {
    "emr": _("EMR"),
    "csv": _("CSV import"),
    "api": _("API"),
    "staff": _("Staff"),
}


def label(table: dict[str, object], code: str | None) -> object:
    """The translated label, or the code itself for values this console does not know yet."""
    if code is None:
        return ""
    return table.get(code, code)
