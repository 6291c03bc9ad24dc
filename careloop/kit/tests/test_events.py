import pytest
from django.db import transaction

from careloop.kit import events
from careloop.kit.models import OutboxDelivery, OutboxEvent
from careloop.kit.testing import create_tenant

pytestmark = pytest.mark.django_db(transaction=True)

seen: list[int] = []


@events.subscribe("test.ping")
def _record(event: events.Event) -> None:
    seen.append(event.payload["n"])


def test_event_dispatched_after_commit_once():
    seen.clear()
    tenant = create_tenant()
    with transaction.atomic():
        event_id = events.publish(tenant.id, "test.ping", {"n": 1})
        assert seen == []  # nothing runs before the change commits
    assert seen == [1]
    assert OutboxEvent.objects.get(pk=event_id).dispatched_at is not None
    assert events.dispatch(event_id) == 0  # redelivery is harmless
    assert seen == [1]
    assert OutboxDelivery.objects.filter(event_id=event_id).count() == 1


def test_rolled_back_change_publishes_nothing():
    seen.clear()
    tenant = create_tenant()
    with pytest.raises(RuntimeError), transaction.atomic():
        events.publish(tenant.id, "test.ping", {"n": 2})
        raise RuntimeError("boom")
    assert seen == [] and not OutboxEvent.objects.filter(topic="test.ping").exists()


def test_sweep_dispatches_lost_events():
    seen.clear()
    tenant = create_tenant()
    row = OutboxEvent.objects.create(tenant_id=tenant.id, topic="test.ping", payload={"n": 3})
    from datetime import timedelta

    assert events.sweep_pending(older_than=timedelta(seconds=-1)) == 1
    assert seen == [3]
    row.refresh_from_db()
    assert row.dispatched_at is not None
