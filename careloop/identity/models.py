from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models

from careloop.identity.roles import Role


class Tenant(models.Model):
    """A health system. Every patient-facing row belongs to exactly one."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    time_zone = models.CharField(max_length=64, default="America/Chicago")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class StaffUser(AbstractUser):
    """A unique human (or machine) identity; audit records name it."""

    tenant = models.ForeignKey(Tenant, on_delete=models.PROTECT, null=True, related_name="+")
    role = models.CharField(max_length=32, choices=[(r.value, r.value) for r in Role])
    is_machine = models.BooleanField(default=False)
    preferred_language = models.CharField(max_length=8, default="en")


class ApiToken(models.Model):
    """A bearer token; only its digest is stored."""

    user = models.ForeignKey(StaffUser, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True)
    revoked_at = models.DateTimeField(null=True)
