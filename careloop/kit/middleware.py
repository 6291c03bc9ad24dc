from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Console pages load only our own scripts and styles; htmx needs no inline script.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/docs"):
            response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Cache-Control", "no-store")  # PHI pages never cached
        return response
