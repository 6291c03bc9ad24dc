"""The one gate every console view passes: signed in, second factor done, role allows it.

``staff_required(perm)`` resolves the ``Actor`` for the signed-in user and hands it to the view as
its second argument. Domain errors raised inside a view become the matching error page, so views
stay a straight line: parse input, call a public domain function, render.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from careloop.identity.public import Actor, NotPermitted, Perm, actor_for_user
from careloop.kit.errors import NotFound

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, Actor, P], HttpResponse]

# Set while signed in; a request that still carries it but has no session means the session
# expired while idle, so the login page can say why the user is there.
SIGNED_IN_COOKIE = "careloop_signed_in"
SECOND_FACTOR_WAIVED = "careloop_mfa_waived"


def mfa_required() -> bool:
    return bool(settings.CARELOOP_REQUIRE_MFA)


def idle_minutes() -> int:
    return max(1, settings.SESSION_COOKIE_AGE // 60)


def second_factor_pending(request: HttpRequest) -> bool:
    """True while the user must still pass (or, in demo mode, may still skip) the second factor."""
    user: Any = request.user
    return mfa_required() and not user.is_verified()


def mark_signed_in(response: HttpResponse) -> HttpResponse:
    response.set_cookie(SIGNED_IN_COOKIE, "1", httponly=True, samesite="Lax",
                        secure=settings.SESSION_COOKIE_SECURE)
    return response


def forget_signed_in(response: HttpResponse) -> HttpResponse:
    response.delete_cookie(SIGNED_IN_COOKIE, samesite="Lax")
    return response


def is_htmx(request: HttpRequest) -> bool:
    """True for requests htmx sent (django-htmx's middleware sets ``request.htmx``)."""
    return bool(getattr(request, "htmx", False))


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if is_htmx(request):
        return HttpResponseClientRedirect(url)  # swap the whole page, not a fragment
    return redirect(url)


def _next_path(request: HttpRequest) -> str:
    # Only a GET path is worth coming back to; console URLs carry ids, never PHI.
    return request.get_full_path() if request.method == "GET" and not is_htmx(request) else "/"


def to_login(request: HttpRequest) -> HttpResponse:
    params = {"next": _next_path(request)}
    expired = SIGNED_IN_COOKIE in request.COOKIES
    if expired:
        params["expired"] = "1"
    response = _redirect(request, f"{reverse('console:login')}?{urlencode(params)}")
    return forget_signed_in(response) if expired else response


def to_second_factor(request: HttpRequest) -> HttpResponse:
    request.session["console_next"] = _next_path(request)
    return _redirect(request, reverse("console:otp"))


def error_page(request: HttpRequest, status: int) -> HttpResponse:
    return render(request, "console/error.html", {"status": status}, status=status)


def staff_required(
    perm: Perm | None = None,
) -> Callable[[View[P]], Callable[Concatenate[HttpRequest, P], HttpResponse]]:
    def decorate(view: View[P]) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return to_login(request)
            actor = actor_for_user(request.user)
            if actor is None or actor.is_machine:
                logout(request)
                return forget_signed_in(to_login(request))
            if second_factor_pending(request):
                return to_second_factor(request)
            if perm is not None and not actor.can(perm):
                return error_page(request, 403)
            try:
                response = view(request, actor, *args, **kwargs)
            except NotPermitted:
                return error_page(request, 403)
            except NotFound:
                return error_page(request, 404)
            return mark_signed_in(response)

        return cast(Callable[Concatenate[HttpRequest, P], HttpResponse], wrapper)

    return decorate
