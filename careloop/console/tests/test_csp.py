"""The strict CSP (script-src/style-src 'self') forbids inline code: pages must not need any."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

INLINE = (
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+=", re.I),
    re.compile(r"javascript:", re.I),
)


def test_console_pages_have_no_inline_scripts_or_styles(client, coordinator, auditor, admin,
                                                        gina, signed_in):
    pages = {
        coordinator: [reverse("console:home"), reverse("console:patients"),
                      reverse("console:patient_detail", args=[gina.id]),
                      reverse("console:otp_enrol")],
        auditor: [reverse("console:audit")],
        admin: [reverse("console:users")],
    }
    for actor, urls in pages.items():
        signed_in(client, actor)
        for url in urls:
            response = client.get(url)
            html = response.content.decode()
            assert "script-src 'self'" in response["Content-Security-Policy"]
            assert "no-store" in response["Cache-Control"]
            for pattern in INLINE:
                assert not pattern.search(html), (url, pattern.pattern)
            assert '<script src="/static/django_htmx/htmx-2.min.js"' in html
