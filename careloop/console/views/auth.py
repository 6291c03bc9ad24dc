"""Sign-in (password, then TOTP), enrolment of an authenticator app, sign-out and lockout."""

from __future__ import annotations

import base64
import time
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from careloop.compliance.public import record_login
from careloop.console.access import (
    SECOND_FACTOR_WAIVED,
    SIGNED_IN_COOKIE,
    forget_signed_in,
    mark_signed_in,
    mfa_required,
)
from careloop.console.forms import LoginForm, TokenForm
from careloop.identity.public import Actor, access_actor_by_username, actor_for_user

NEXT_KEY = "console_next"
ENROL_KEY = "console_totp_key"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("console:home")


def _signed_in_actor(request: HttpRequest) -> Actor | None:
    actor = actor_for_user(request.user)
    return actor if actor is not None and not actor.is_machine else None


def _audit_failure(username: str, reason: str) -> None:
    # A failed sign-in for a real account belongs on that tenant's audit chain, where its
    # auditor looks; unknown names go to the system chain.
    actor = access_actor_by_username(username)
    record_login(username, actor.user_id if actor else None, actor.tenant_id if actor else None,
                 success=False, role=actor.role.value if actor else "", description=reason)


def _login_page(request: HttpRequest, form: LoginForm, *, status: int = 200,
                locked: str = "", expired: bool = False) -> HttpResponse:
    context = {"form": form, "locked": locked, "expired": expired,
               "next": request.GET.get("next", "")}
    return render(request, "console/auth/login.html", context, status=status)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login(request: HttpRequest) -> HttpResponse:
    if _signed_in_actor(request) is not None:
        return redirect("console:otp")
    expired = request.GET.get("expired") == "1" or SIGNED_IN_COOKIE in request.COOKIES
    if request.method != "POST":
        return forget_signed_in(_login_page(request, LoginForm(), expired=expired))
    form = LoginForm(request.POST)
    if not form.is_valid():
        return _login_page(request, form)
    username, password = form.cleaned_data["username"], form.cleaned_data["password"]
    # authenticate(request=...) lets django-axes count the failure and enforce the lockout.
    user = authenticate(request=request, username=username, password=password)
    actor = actor_for_user(user) if user is not None else None
    if user is None or actor is None or actor.is_machine:
        locked = bool(getattr(request, "axes_locked_out", False))
        _audit_failure(username, "account locked" if locked else "wrong username or password")
        form.add_error(None, _("The username or password is not correct."))
        # When axes flags the lockout, its middleware replaces this page with locked_out().
        return _login_page(request, form)
    auth_login(request, user)
    record_login(actor.username, actor.user_id, actor.tenant_id, success=True,
                 role=actor.role.value, description="password verified")
    request.session[NEXT_KEY] = _safe_next(request, request.POST.get("next"))
    return mark_signed_in(redirect("console:otp"))


def locked_out(request: HttpRequest, credentials: Any = None, *args: Any,
               **kwargs: Any) -> HttpResponse:
    """django-axes lockout response: the login page with the reason, HTTP 429.

    axes calls it as ``(request, original_response, credentials)`` or ``(request, credentials)``
    depending on its version; neither argument is needed to explain the lockout.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = _(
        "This account is locked after too many failed sign-in attempts. "
        "Try again in %(minutes)s minutes or ask an administrator to unlock it."
    ) % {"minutes": minutes}
    return _login_page(request, LoginForm(), status=429, locked=message)


def _confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def _finish(request: HttpRequest) -> HttpResponse:
    return mark_signed_in(redirect(_safe_next(request, request.session.pop(NEXT_KEY, None))))


def _second_factor_done(request: HttpRequest) -> bool:
    user: Any = request.user
    waived = not mfa_required() and bool(request.session.get(SECOND_FACTOR_WAIVED))
    return bool(user.is_verified()) or waived


def _waive(request: HttpRequest, actor: Actor) -> HttpResponse:
    if mfa_required():
        return redirect("console:otp")
    request.session[SECOND_FACTOR_WAIVED] = True
    record_login(actor.username, actor.user_id, actor.tenant_id, success=True,
                 role=actor.role.value, description="second factor waived (demo mode)")
    return _finish(request)


def _matches(device: TOTPDevice, token: str) -> bool:
    """Check a code against a device that is not saved yet (enrolment keeps no half-made rows)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not totp.verify(int(token), device.tolerance):
        return False
    device.last_t = totp.t()  # the same code cannot be replayed at the next step
    return True


def _check_code(request: HttpRequest, actor: Actor, device: TOTPDevice, form: TokenForm,
                what: str) -> bool:
    if not form.is_valid():
        return False
    token = form.cleaned_data["token"]
    verified = device.verify_token(token) if device.pk else _matches(device, token)
    if verified:
        if not device.pk:
            device.confirmed = True
            device.save()
        otp_login(request, device)
        record_login(actor.username, actor.user_id, actor.tenant_id, success=True,
                     role=actor.role.value, description=f"second factor {what}")
        return True
    record_login(actor.username, actor.user_id, actor.tenant_id, success=False,
                 role=actor.role.value, description="wrong one-time code")
    form.add_error("token", _("That code is not correct or has expired. Try the next one."))
    return False


@never_cache
@require_http_methods(["GET", "POST"])
def otp(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: the six-digit code from the user's authenticator app."""
    actor = _signed_in_actor(request)
    if actor is None:
        return redirect("console:login")
    if _second_factor_done(request):
        return _finish(request)
    device = _confirmed_device(request.user)
    if device is None:
        return redirect("console:otp_enrol")
    if request.method == "POST" and "skip" in request.POST:
        return _waive(request, actor)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and _check_code(request, actor, device, form, "verified"):
        return _finish(request)
    return render(request, "console/auth/otp.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def otp_enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in without an authenticator: show the QR code and confirm one code."""
    actor = _signed_in_actor(request)
    if actor is None:
        return redirect("console:login")
    if _confirmed_device(request.user) is not None:
        return redirect("console:otp")
    if request.method == "POST" and "skip" in request.POST:
        return _waive(request, actor)
    # The key lives in the session until a code confirms it; only then is a device saved.
    key = request.session.get(ENROL_KEY) or default_key()
    request.session[ENROL_KEY] = key
    device = TOTPDevice(user=request.user, name="console", key=key, confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and _check_code(request, actor, device, form, "enrolled"):
        del request.session[ENROL_KEY]
        messages.success(request, _("Your authenticator app is set up."))
        return _finish(request)
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4),
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
    }
    return render(request, "console/auth/enrol.html", context)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    actor = _signed_in_actor(request)
    if actor is not None:
        record_login(actor.username, actor.user_id, actor.tenant_id, success=True,
                     role=actor.role.value, type_code="logout", description="signed out")
    auth_logout(request)
    messages.info(request, _("You are signed out."))
    return forget_signed_in(redirect("console:login"))


