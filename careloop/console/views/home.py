from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from careloop.console.access import staff_required
from careloop.console.context import links_for
from careloop.identity.public import Actor
from careloop.patients.public import person_counts

# Aggregate counts only: no PHI, so every role sees them.
COUNT_LABELS = (
    ("persons", _("People")),
    ("patients", _("Patients")),
    ("prospects", _("Prospects")),
    ("lists", _("Lists")),
    ("timeline_events", _("Timeline events")),
    ("open_care_gaps", _("Open care gaps")),
)


@staff_required()
def home(request: HttpRequest, actor: Actor) -> HttpResponse:
    counts = person_counts(actor.tenant_id)
    context = {
        "counts": [(key, label, counts.get(key, 0)) for key, label in COUNT_LABELS],
        "quick_links": [link for link in links_for(actor) if link["name"] != "home"],
    }
    return render(request, "console/home.html", context)
