"""Staff accounts for administrators: list, change role, create, issue an API token."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from careloop.compliance.public import Action, record_access
from careloop.console.access import error_page, staff_required
from careloop.console.forms import ApiTokenForm, CreateUserForm, RoleForm
from careloop.identity.public import (
    ROLE_LABELS,
    Actor,
    Perm,
    Role,
    do_create_staff_user,
    do_issue_token,
    do_set_role,
    list_staff,
)


def _staff_page(request: HttpRequest, actor: Actor, create_form: CreateUserForm | None = None,
                status: int = 200) -> HttpResponse:
    staff = list_staff(actor.tenant_id)
    rows = [{"user": s, "role_label": ROLE_LABELS.get(Role(s.role), s.role)
             if s.role in Role.__members__.values() else s.role,
             "role_form": RoleForm(initial={"role": s.role}, auto_id=f"id_role_{s.id}_%s"),
             "is_self": s.id == actor.user_id}
            for s in staff]
    context = {"rows": rows, "create_form": create_form or CreateUserForm(),
               "token_form": ApiTokenForm()}
    return render(request, "console/users/list.html", context, status=status)


def _staff_member(actor: Actor, user_id: int) -> Any:
    return next((s for s in list_staff(actor.tenant_id) if s.id == user_id), None)


@staff_required(Perm.USERS_MANAGE)
@require_GET
def users(request: HttpRequest, actor: Actor) -> HttpResponse:
    return _staff_page(request, actor)


@staff_required(Perm.USERS_MANAGE)
@require_POST
def set_role(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    member = _staff_member(actor, user_id)
    if member is None:
        return error_page(request, 404)
    form = RoleForm(request.POST)
    if user_id == actor.user_id:
        messages.error(request, _("You cannot change your own role."))
    elif form.is_valid():
        role = Role(form.cleaned_data["role"])
        if do_set_role(actor.tenant_id, user_id, role):
            record_access(actor, Action.UPDATE, "StaffUser", user_id,
                          description=f"role {member.role} -> {role.value}")
            messages.success(request, _("Role of %(user)s changed to %(role)s.")
                             % {"user": member.username, "role": ROLE_LABELS[role]})
    else:
        messages.error(request, _("Choose a role."))
    return redirect("console:users")


@staff_required(Perm.USERS_MANAGE)
@require_http_methods(["POST"])
def create_user(request: HttpRequest, actor: Actor) -> HttpResponse:
    form = CreateUserForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, actor, form, status=400)
    data = form.cleaned_data
    role = Role(data["role"])
    try:
        with transaction.atomic():
            created = do_create_staff_user(actor.tenant_id, data["username"], data["password1"],
                                           role, is_machine=role == Role.INTEGRATION,
                                           email=data.get("email") or "")
    except IntegrityError:
        form.add_error("username", _("This username is taken."))
        return _staff_page(request, actor, form, status=400)
    record_access(actor, Action.CREATE, "StaffUser", created.user_id,
                  description=f"created with role {role.value}")
    messages.success(request, _("User %(user)s created.") % {"user": created.username})
    return redirect("console:users")


@staff_required(Perm.USERS_MANAGE)
@require_POST
def issue_token(request: HttpRequest, actor: Actor, user_id: int) -> HttpResponse:
    member = _staff_member(actor, user_id)
    if member is None:
        return error_page(request, 404)
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the token a name."))
        return redirect("console:users")
    raw = do_issue_token(user_id, form.cleaned_data["name"])
    record_access(actor, Action.CREATE, "ApiToken", user_id,
                  description=f"token {raw[:12]} issued")
    # Shown once, in this response only (pages are sent with Cache-Control: no-store).
    return render(request, "console/users/token.html",
                  {"member": member, "token": raw, "name": form.cleaned_data["name"]})
