"""Console pages for the care directory: locations (hours, status, waits) and providers.

``urlpatterns`` below is included by the console's URL module (namespace ``console``). Views sit
behind ``staff_required``: signed in (``login_required`` and more), second factor done, role allows.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from careloop.console.access import error_page, staff_required
from careloop.identity.public import Actor, Perm
from careloop.kit.errors import InvalidInput
from careloop.locations.public import (
    KINDS,
    LANGUAGES,
    SPECIALTIES,
    STATUSES,
    LocationView,
    ProviderView,
    access_location_by_id,
    do_set_location_status,
    do_set_wait_time,
    kind_label,
    language_label,
    list_locations,
    list_status_history,
    search_providers,
    specialty_label,
    status_label,
)

PROVIDER_PAGE = 200


def _lang() -> str:
    code = (get_language() or "en").split("-")[0]
    return code if code in LANGUAGES else "en"


# ----- forms -----

def _choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    """Choices whose labels depend on the request's language."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    message_en = forms.CharField(label=_("Message (English)"), required=False, max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    message_es = forms.CharField(label=_("Message (Spanish)"), required=False, max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    message_fr = forms.CharField(label=_("Message (French)"), required=False, max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    message_pl = forms.CharField(label=_("Message (Polish)"), required=False, max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    message_tr = forms.CharField(label=_("Message (Turkish)"), required=False, max_length=500,
                                 widget=forms.Textarea(attrs={"rows": 2}))
    effective_from = forms.DateTimeField(
        label=_("Starts"), required=False, help_text=_("Location time; empty means now."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    effective_until = forms.DateTimeField(
        label=_("Ends"), required=False, help_text=_("Empty means until replaced."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        _choices(self, "status", [(s, status_label(s, lang)) for s in STATUSES])

    def messages_by_language(self) -> dict[str, str]:
        return {lang: self.cleaned_data.get(f"message_{lang}", "") for lang in LANGUAGES}

    def message_fields(self) -> list[forms.BoundField]:
        return [self[f"message_{lang}"] for lang in LANGUAGES]


class WaitForm(forms.Form):
    minutes = forms.IntegerField(label=_("Wait (minutes)"), required=False, min_value=0,
                                 max_value=24 * 60,
                                 help_text=_("Leave empty to stop showing a wait time."))


class ProviderFilterForm(forms.Form):
    specialty = forms.ChoiceField(label=_("Specialty"), required=False)
    language = forms.ChoiceField(label=_("Speaks"), required=False)
    accepting = forms.ChoiceField(label=_("New patients"), required=False, choices=[
        ("", _("Any")), ("yes", _("Accepting")), ("no", _("Not accepting"))])
    video = forms.ChoiceField(label=_("Video visits"), required=False, choices=[
        ("", _("Any")), ("yes", _("Offers video visits")), ("no", _("In person only"))])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lang = _lang()
        specialties = sorted(((s, specialty_label(s, lang).capitalize()) for s in SPECIALTIES),
                             key=lambda c: c[1])
        _choices(self, "specialty", [("", _("Any")), *specialties])
        _choices(self, "language", [
            ("", _("Any")), *((c, language_label(c, lang).capitalize()) for c in LANGUAGES)])


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def _apply_errors(form: forms.Form, exc: InvalidInput) -> None:
    for name, message in exc.errors.items():
        form.add_error(name if name in form.fields else None, message)


# ----- presentation -----

def _badge(status: str) -> str:
    """CSS class for a status: open is good news, closed bad, anything else a warning."""
    return {"open": "badge-ok", "closed": "badge-fail"}.get(status, "badge-open")


def _row(view: LocationView, lang: str) -> dict[str, Any]:
    return {
        "view": view,
        "kind_label": kind_label(view.kind, lang),
        "status_label": status_label(view.status, lang),
        "status_badge": _badge(view.status),
        "status_message": view.status_message(lang),
        "open_now": view.is_open_now(view.as_of),
        "today": view.today,
        "services": [s.name(lang) for s in view.services],
    }


def _provider_row(p: ProviderView, lang: str) -> dict[str, Any]:
    return {
        "view": p,
        "specialties": [specialty_label(s, lang) for s in p.specialties],
        "languages": [language_label(c, lang) for c in p.languages],
        "bio": p.bio_in(lang),
    }


# ----- views -----

@staff_required(Perm.LOCATION_READ)
@require_GET
def locations(request: HttpRequest, actor: Actor) -> HttpResponse:
    lang = _lang()
    kind = request.GET.get("kind", "")
    if kind not in KINDS:
        kind = ""
    views = list_locations(actor, kind or None)
    return render(request, "console/directory/locations.html", {
        "rows": [_row(v, lang) for v in views],
        "kind": kind,
        "kinds": [(k, kind_label(k, lang)) for k in KINDS],
        "can_write": actor.can(Perm.LOCATION_WRITE),
    })


@staff_required(Perm.LOCATION_READ)
@require_http_methods(["GET", "POST"])
def location_detail(request: HttpRequest, actor: Actor, location_id: int) -> HttpResponse:
    lang = _lang()
    view = access_location_by_id(actor, location_id)
    can_write = actor.can(Perm.LOCATION_WRITE)
    status_form, wait_form = StatusForm(), WaitForm(initial={"minutes": view.wait_minutes})
    if request.method == "POST":
        if not can_write:
            return error_page(request, 403)
        # Times typed into the form are wall-clock times at the location.
        with timezone.override(ZoneInfo(view.time_zone)):
            if request.POST.get("action") == "wait":
                wait_form = WaitForm(request.POST)
                if _save_wait(request, actor, view, wait_form):
                    return redirect("console:location_detail", location_id=view.id)
            else:
                status_form = StatusForm(request.POST)
                if _save_status(request, actor, view, status_form):
                    return redirect("console:location_detail", location_id=view.id)
    history = list_status_history(actor, view.id)
    return render(request, "console/directory/location_detail.html", {
        "row": _row(view, lang),
        "loc": view,
        "week": [(WEEKDAYS[d], intervals) for d, intervals in view.week()],
        "exceptions": view.exceptions,
        "history": [{"status": s, "label": status_label(s.status, lang),
                     "badge": _badge(s.status), "message": s.message(lang)} for s in history],
        "can_write": can_write,
        "accepts_wait": view.kind in ("urgent_care", "hospital"),
        "status_form": status_form,
        "wait_form": wait_form,
    }, status=400 if request.method == "POST" else 200)


def _save_status(request: HttpRequest, actor: Actor, view: LocationView, form: StatusForm) -> bool:
    if not form.is_valid():
        return False
    try:
        do_set_location_status(actor, view.id, form.cleaned_data["status"],
                               form.messages_by_language(), form.cleaned_data["effective_from"],
                               form.cleaned_data["effective_until"])
    except InvalidInput as exc:
        _apply_errors(form, exc)
        return False
    messages.success(request, _("Status saved."))
    return True


def _save_wait(request: HttpRequest, actor: Actor, view: LocationView, form: WaitForm) -> bool:
    if not form.is_valid():
        return False
    try:
        do_set_wait_time(actor, view.id, form.cleaned_data["minutes"])
    except InvalidInput as exc:
        _apply_errors(form, exc)
        return False
    messages.success(request, _("Wait time saved."))
    return True


@staff_required(Perm.PROVIDER_READ)
@require_GET
def providers(request: HttpRequest, actor: Actor) -> HttpResponse:
    lang = _lang()
    form = ProviderFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {"specialty": data["specialty"] or None, "language": data["language"] or None,
                   "accepting": _yes_no(data["accepting"]), "video": _yes_no(data["video"])}
    try:
        found = search_providers(actor, limit=PROVIDER_PAGE, **filters)
    except InvalidInput as exc:
        _apply_errors(form, exc)
        found = []
    return render(request, "console/directory/providers.html", {
        "form": form,
        "rows": [_provider_row(p, lang) for p in found],
        "limit": PROVIDER_PAGE,
    })


urlpatterns = [
    path("locations/", locations, name="locations"),
    path("locations/<int:location_id>/", location_detail, name="location_detail"),
    path("providers/", providers, name="providers"),
]
