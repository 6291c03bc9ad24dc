from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def console(request: HttpRequest) -> dict[str, Any]:
    return {"demo_mode": settings.CARELOOP_DEMO, "require_mfa": settings.CARELOOP_REQUIRE_MFA}
