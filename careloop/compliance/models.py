from __future__ import annotations

from django.db import models

from careloop.kit.tenancy import TenantOwned

CHANNELS = ("email", "sms", "voice", "app", "portal", "mail")
PURPOSES = ("treatment", "operations", "marketing")


class Consent(TenantOwned):
    """One consent decision. Never updated: the latest row per (person, channel, purpose) rules."""

    person = models.ForeignKey("patients.Person", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=16, choices=[(c, c) for c in CHANNELS])
    purpose = models.CharField(max_length=16, choices=[(p, p) for p in PURPOSES])
    granted = models.BooleanField()
    recorded_at = models.DateTimeField(db_index=True)
    recorded_by = models.CharField(max_length=150)  # staff username, "patient" or a client name
    method = models.CharField(max_length=32)  # web_form, sms_keyword, paper, verbal, api, emr...
    text_version = models.CharField(max_length=64)
    source = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "channel", "purpose", "-recorded_at"])]


class AuditEvent(models.Model):
    """FHIR AuditEvent-shaped record, hash-chained per chain (tenant slug or "_system").

    ``hash = sha256(prev_hash || canonical fields)``; the chain head (last seq and hash) lives in
    :class:`AuditChainHead`, updated in the same transaction, so a truncated tail is detectable.
    """

    chain = models.CharField(max_length=64)
    seq = models.BigIntegerField()
    tenant_id = models.BigIntegerField(null=True)
    recorded = models.DateTimeField(db_index=True)
    type_code = models.CharField(max_length=32)  # rest, login, logout, export, user, break-glass
    action = models.CharField(max_length=1)  # FHIR: C R U D E
    outcome = models.CharField(max_length=2)  # FHIR: 0 success, 4 minor failure, 8 serious
    agent_id = models.BigIntegerField(null=True)
    agent_name = models.CharField(max_length=150)
    agent_role = models.CharField(max_length=32, blank=True)
    agent_is_machine = models.BooleanField(default=False)
    source_address = models.CharField(max_length=64, blank=True)
    entity_type = models.CharField(max_length=64, blank=True)
    entity_id = models.CharField(max_length=64, blank=True)
    patient_ids = models.JSONField(default=list)  # one for a record view, many for a list view
    description = models.CharField(max_length=200, blank=True)  # never PHI
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq")]
        indexes = [models.Index(fields=["tenant_id", "-recorded"])]


class AuditChainHead(models.Model):
    chain = models.CharField(max_length=64, primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
