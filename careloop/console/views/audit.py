"""Audit log viewer for auditors: filter, page backwards, verify the hash chains."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from careloop.compliance.public import (
    Action,
    access_audit_log,
    chain_belongs_to,
    record_access,
    verify_audit_log,
)
from careloop.console.access import is_htmx, staff_required
from careloop.console.forms import AuditFilterForm
from careloop.identity.public import Actor, Perm

PAGE_SIZE = 50
KNOWN_TYPES = ("login", "logout", "rest")


def _page(request: HttpRequest, actor: Actor) -> dict[str, object]:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    records = access_audit_log(
        actor, agent=(filters.get("agent") or "").strip(), type_code=filters.get("type") or "",
        patient_id=filters.get("patient"), before_id=filters.get("before"), limit=PAGE_SIZE,
    )
    next_url = ""
    if len(records) == PAGE_SIZE:
        params = {k: v for k, v in (("agent", filters.get("agent")), ("type", filters.get("type")),
                                     ("patient", filters.get("patient"))) if v}
        params["before"] = records[-1].id
        next_url = f"?{urlencode(params)}"
    return {"form": form, "records": records, "next_url": next_url,
            "paged": bool(filters.get("before")), "known_types": KNOWN_TYPES}


@staff_required(Perm.AUDIT_READ)
@require_GET
def audit_log(request: HttpRequest, actor: Actor) -> HttpResponse:
    return render(request, "console/audit/log.html", _page(request, actor))


@staff_required(Perm.AUDIT_READ)
@require_POST
def verify(request: HttpRequest, actor: Actor) -> HttpResponse:
    checked, problems = verify_audit_log()
    # Other tenants' chains are counted, not shown: an auditor learns only that they exist.
    mine = [str(p) for p in problems if chain_belongs_to(p.chain, actor.tenant_id)]
    others = len(problems) - len(mine)
    record_access(actor, Action.EXECUTE, "AuditEvent", "verify",
                  description=f"verified {checked} records, {len(problems)} problems")
    context = {"checked": checked, "problems": mine, "other_problems": others}
    if is_htmx(request):
        return render(request, "console/audit/_verify.html", context)
    return render(request, "console/audit/log.html", {**_page(request, actor), "verify": context})
