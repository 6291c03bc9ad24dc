from __future__ import annotations

from django.db import models

from careloop.kit.fields import EncryptedJSONField


class OutboxEvent(models.Model):
    """A domain event, written in the same transaction as the change it announces."""

    tenant_id = models.BigIntegerField(db_index=True)
    topic = models.CharField(max_length=100)
    person_id = models.BigIntegerField(null=True, db_index=True)
    payload = EncryptedJSONField(default=dict)  # may carry PHI: encrypted like any other store
    created_at = models.DateTimeField(auto_now_add=True)
    dispatched_at = models.DateTimeField(null=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["dispatched_at", "id"], name="outbox_pending")]


class OutboxDelivery(models.Model):
    """One handler has applied one event: the unique pair makes redelivery harmless."""

    event = models.ForeignKey(OutboxEvent, on_delete=models.CASCADE, related_name="deliveries")
    handler = models.CharField(max_length=200)
    delivered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "handler"], name="outbox_delivery_once")
        ]


class DeadLetter(models.Model):
    """Input we could not accept, kept with the reason so nothing is lost."""

    tenant_id = models.BigIntegerField(null=True, db_index=True)
    source = models.CharField(max_length=100)  # e.g. "api.events", "hl7.mllp"
    reason = models.TextField()
    payload = EncryptedJSONField()
    received_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True)
