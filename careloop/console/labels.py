"""Translated labels for the codes the domains return (channels, purposes, kinds, categories)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CONSENT_CHANNELS = ("email", "sms", "voice", "app")
PURPOSES = ("treatment", "operations", "marketing")
TIMELINE_CATEGORIES = ("engagement", "clinical", "access", "messaging", "web", "service")

CHANNEL_LABELS = {
    "email": _("E-mail"),
    "sms": _("Text message (SMS)"),
    "voice": _("Voice call"),
    "app": _("App notification"),
    "portal": _("Patient portal"),
    "mail": _("Post"),
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
    "female": _("Female"),
    "male": _("Male"),
    "other": _("Other"),
    "unknown": _("Unknown"),
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
    "open": _("Open"),
    "closed": _("Closed"),
    "active": _("Active"),
    "resolved": _("Resolved"),
    "inactive": _("Inactive"),
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
