"""Seed canary PHI, then scan what the database keeps on disk: zero plaintext hits."""

import subprocess
from pathlib import Path

import pytest
from django.db import connection

from careloop.identity.public import Role
from careloop.kit.deadletter import keep_rejected
from careloop.kit.events import publish
from careloop.kit.testing import create_actor, create_person
from careloop.patients.public import do_add_condition, do_append_timeline

CANARIES = {
    "given": "Zyxcanarygiven",
    "family": "Qwvcanaryfamily",
    "email": "canary.zyx@example.org",
    "mrn": "CANARYMRN778899",
    "street": "4242 Canarystreet Ave",
    "payload": "canary-payload-secret",
    "dead": "canary-deadletter-name",
    "outbox": "canary-outbox-value",
}
CONDITION_TEXT = "Unilateral primary osteoarthritis, right knee"


def _seed_canaries():
    import datetime as dt

    coordinator = create_actor(Role.CARE_COORDINATOR)
    person = create_person(
        coordinator, given_name=CANARIES["given"], family_name=CANARIES["family"],
        emails=[CANARIES["email"]], identifiers=[("urn:test:mrn", CANARIES["mrn"])],
        address={"line": CANARIES["street"], "city": "Chicago", "state": "IL"},
    )
    do_add_condition(coordinator, person.id, "M17.11")
    do_append_timeline(coordinator.tenant_id, person.id, "canary-1", "web.visit", "web", "web",
                       dt.datetime.now(dt.UTC), {"note": CANARIES["payload"]})
    keep_rejected("test", "bad input", {"name": CANARIES["dead"]}, coordinator.tenant_id)
    publish(coordinator.tenant_id, "test.canary", {"value": CANARIES["outbox"]}, person.id)


def _hits(blob: bytes) -> list[str]:
    values = [*CANARIES.values(), CONDITION_TEXT]
    found = [v for v in values if v.encode() in blob or v.lower().encode() in blob]
    return found


@pytest.mark.django_db(transaction=True)
def test_no_plaintext_phi_on_disk():
    _seed_canaries()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(FULL)")
        db_file = Path(connection.settings_dict["NAME"])
        blob = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
        assert len(blob) > 10_000
    elif connection.vendor == "postgresql":
        params = connection.get_connection_params()
        dump = subprocess.run(
            ["pg_dump", "--data-only", "-h", params.get("host", "127.0.0.1"),
             "-p", str(params.get("port", 5432)), "-U", params.get("user", "postgres"),
             params["dbname"]],
            capture_output=True, check=True,
        )
        blob = dump.stdout
        assert b"COPY public.patients_person" in blob
    else:  # pragma: no cover
        pytest.skip(f"no raw scan for {connection.vendor}")
    assert _hits(blob) == []
