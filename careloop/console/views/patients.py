"""Patient search (POST only: terms never reach a URL) and the patient 360 page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careloop.compliance.public import ConsentState
from careloop.console.access import is_htmx, staff_required
from careloop.console.forms import ConsentForm, ListMembershipForm, SearchForm
from careloop.console.labels import PURPOSES, TIMELINE_CATEGORIES
from careloop.identity.public import Actor, Category, Perm
from careloop.kit.errors import InvalidInput, NotFound
from careloop.patients.public import (
    PersonView,
    TimelineEntry,
    access_person_by_id,
    do_add_to_list,
    do_record_consent_for,
    do_remove_from_list,
    list_static_lists,
    read_timeline,
    search_persons,
)

# Which consent channels a contact point carries.
CHANNELS_OF_CONTACT = {"email": ("email",), "phone": ("sms", "voice")}
TIMELINE_LIMIT = 100

# Domain messages are English; the console shows its own translated wording per field.
SEARCH_FIELD_ERRORS = {
    "phone": lambda: _("Enter a phone number with its area code."),
    "email": lambda: _("Enter a complete e-mail address."),
    "query": lambda: _("Enter a name, birth date, identifier, phone or e-mail."),
}


@staff_required(Perm.PERSON_SEARCH)
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_valid():
        try:
            results = search_persons(actor, form.query())
        except InvalidInput as exc:
            for field, _message in exc.errors.items():
                text = SEARCH_FIELD_ERRORS.get(field, SEARCH_FIELD_ERRORS["query"])()
                form.add_error(field if field in form.fields else None, text)
    context = {"form": form, "results": results, "searched": request.method == "POST"}
    template = "_results.html" if is_htmx(request) else "search.html"
    return render(request, f"console/patients/{template}", context)


def _consent_rows(consents: list[ConsentState] | None, channels: tuple[str, ...]) -> list[Any]:
    by_key = {(c.channel, c.purpose): c for c in consents or []}
    return [{"channel": ch, "cells": [{"purpose": p, "state": by_key.get((ch, p))}
                                      for p in PURPOSES]}
            for ch in channels]


def _timeline_filters(actor: Actor) -> list[str]:
    cats = [c for c in TIMELINE_CATEGORIES if c != "clinical" or actor.sees(Category.CLINICAL)]
    return cats if actor.sees(Category.ENGAGEMENT) else ["clinical"]


def _timeline_context(request: HttpRequest, actor: Actor, person_id: int,
                      entries: list[TimelineEntry]) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "entries": entries,
        "category": request.GET.get("category", ""),
        "type": request.GET.get("type", ""),
        "can_read_timeline": actor.can(Perm.TIMELINE_READ),
    }


def _filters(request: HttpRequest) -> tuple[set[str] | None, set[str] | None]:
    category, kind = request.GET.get("category", "").strip(), request.GET.get("type", "").strip()
    return ({category} if category else None), ({kind} if kind else None)


def _lists_context(actor: Actor, view: PersonView) -> dict[str, Any]:
    if view.lists is None:
        return {}
    active = {m.slug for m in view.lists if m.removed_at is None}
    can_write = actor.can(Perm.LIST_WRITE)
    available = ([lst for lst in list_static_lists(actor) if lst.slug not in active]
                 if can_write else [])
    return {"can_write_lists": can_write, "available_lists": available}


@staff_required(Perm.PERSON_READ)
@require_GET
def detail(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    view = access_person_by_id(actor, person_id)
    context: dict[str, Any] = {
        "person": view, "sees": {c.value: True for c in view.categories},
        "sees_consent": view.consents is not None, "contacts": None,
        "can_read_timeline": False,
    }
    if view.contact_points is not None:
        context["contacts"] = [
            {"point": cp, "consents": _consent_rows(view.consents, CHANNELS_OF_CONTACT.get(
                cp.kind, ()))}
            for cp in view.contact_points
        ]
        context["app_consents"] = _consent_rows(view.consents, ("app",))
    context.update(_lists_context(actor, view))
    if view.consents is not None and actor.can(Perm.CONSENT_WRITE):
        context["consent_form"] = ConsentForm(auto_id="consent_%s")
    if actor.can(Perm.TIMELINE_READ):
        # One audited read for the page; the filter options come from what the role may see.
        all_entries = read_timeline(actor, person_id, limit=TIMELINE_LIMIT)
        categories, types = _filters(request)
        entries = [e for e in all_entries
                   if (not categories or e.category in categories)
                   and (not types or e.type in types)]
        context.update(_timeline_context(request, actor, person_id, entries))
        context["timeline_categories"] = _timeline_filters(actor)
        context["timeline_types"] = sorted({e.type for e in all_entries})
    return render(request, "console/patients/detail.html", context)


@staff_required(Perm.TIMELINE_READ)
@require_GET
def timeline(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    """The timeline list alone, for the htmx filter (category and type names are not PHI)."""
    categories, types = _filters(request)
    entries = read_timeline(actor, person_id, categories=categories, types=types,
                            limit=TIMELINE_LIMIT)
    if not is_htmx(request):
        return redirect_to_detail(person_id, request.GET.urlencode())
    return render(request, "console/patients/_timeline.html",
                  _timeline_context(request, actor, person_id, entries))


def redirect_to_detail(person_id: int, query: str = "") -> HttpResponse:
    response = redirect("console:patient_detail", person_id=person_id)
    if query:
        response["Location"] += f"?{query}"
    return response


@staff_required(Perm.LIST_WRITE)
@require_POST
def list_add(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    form = ListMembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a list."))
    else:
        try:
            added = do_add_to_list(actor, form.cleaned_data["slug"], person_id)
        except NotFound:
            messages.error(request, _("That list does not exist."))
        else:
            messages.success(request, _("Added to the list.") if added
                             else _("Already on that list."))
    return redirect_to_detail(person_id)


@staff_required(Perm.LIST_WRITE)
@require_POST
def list_remove(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    form = ListMembershipForm(request.POST)
    if form.is_valid():
        try:
            removed = do_remove_from_list(actor, form.cleaned_data["slug"], person_id)
        except NotFound:
            removed = False
        if removed:
            messages.success(request, _("Removed from the list."))
        else:
            messages.error(request, _("Not on that list."))
    return redirect_to_detail(person_id)


@staff_required(Perm.CONSENT_WRITE)
@require_POST
def consent(request: HttpRequest, actor: Actor, person_id: int) -> HttpResponse:
    form = ConsentForm(request.POST, auto_id="consent_%s")
    if not form.is_valid():
        messages.error(request, _("The consent was not recorded: fill in every field."))
        return redirect_to_detail(person_id)
    data = form.cleaned_data
    granted = data["decision"] == "grant"
    try:
        do_record_consent_for(actor, person_id, data["channel"], data["purpose"], granted,
                              method=data["method"], text_version=data["text_version"],
                              source="console")
    except InvalidInput:
        messages.error(request, _("The consent was not recorded: fill in every field."))
    else:
        messages.success(request, _("Consent granted and recorded.") if granted
                         else _("Consent withdrawal recorded."))
    return redirect_to_detail(person_id)
