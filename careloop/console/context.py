"""Template context every console page needs: demo/MFA banner, the signed-in actor, the nav."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from careloop.console.access import idle_minutes, second_factor_pending
from careloop.identity.public import ROLE_LABELS, Actor, Perm, actor_for_user


@dataclass(frozen=True)
class NavLink:
    url_name: str
    label: Any
    perm: Perm | None
    description: Any


NAV = (
    NavLink("home", _("Home"), None, _("Counts for your health system.")),
    NavLink("patients", _("Patients"), Perm.PERSON_SEARCH,
            _("Find a person and open their 360 view.")),
    NavLink("locations", _("Locations"), Perm.LOCATION_READ,
            _("Sites, hours and services of the health system.")),
    NavLink("providers", _("Providers"), Perm.PROVIDER_READ,
            _("Clinicians and where they practise.")),
    NavLink("audit", _("Audit log"), Perm.AUDIT_READ,
            _("Who read or changed what, and a check that nothing was altered.")),
    NavLink("users", _("Users and roles"), Perm.USERS_MANAGE,
            _("Staff accounts, roles and API tokens.")),
)


def links_for(actor: Actor, current: str = "") -> list[dict[str, Any]]:
    links = []
    for link in NAV:
        if link.perm is not None and not actor.can(link.perm):
            continue
        try:
            url = reverse(f"console:{link.url_name}")
        except NoReverseMatch:  # a section whose module is not installed yet
            continue
        links.append({"name": link.url_name, "url": url, "label": link.label,
                      "description": link.description,
                      "active": current == link.url_name
                      or current.startswith(link.url_name.removesuffix("s") + "_")})
    return links


def console(request: HttpRequest) -> dict[str, Any]:
    data: dict[str, Any] = {
        "demo_mode": settings.CARELOOP_DEMO,
        "require_mfa": settings.CARELOOP_REQUIRE_MFA,
        "idle_minutes": idle_minutes(),
    }
    user = getattr(request, "user", None)
    actor = actor_for_user(user) if user is not None else None
    if actor is not None and not actor.is_machine and not second_factor_pending(request):
        match = getattr(request, "resolver_match", None)
        current = match.url_name if match and match.url_name else ""
        data.update(console_actor=actor, role_label=ROLE_LABELS.get(actor.role, actor.role),
                    nav_links=links_for(actor, current))
    return data
