"""The audit log is tamper-evident: edits, deletions, insertions, reordering and truncation."""

import random

import pytest
from django.core.management import call_command

from careloop.compliance.audit import row_hash
from careloop.compliance.models import AuditEvent
from careloop.compliance.public import Action, record_access, verify_audit_log
from careloop.identity.public import Role
from careloop.kit.testing import create_actor

pytestmark = pytest.mark.django_db


def _fill(n=20):
    actor = create_actor(Role.CLINICIAN)
    for i in range(n):
        record_access(actor, Action.READ, "Patient", i, [i])
    return actor


def _rows():
    return list(AuditEvent.objects.order_by("chain", "seq"))


def test_intact_chain_verifies():
    _fill()
    count, problems = verify_audit_log()
    assert count >= 20 and problems == []


def test_edited_row_is_detected_and_named():
    _fill()
    victim = _rows()[7]
    AuditEvent.objects.filter(pk=victim.pk).update(agent_name="somebody-else")
    _, problems = verify_audit_log()
    assert problems and problems[0].record_id == victim.pk
    assert "changed" in problems[0].reason


def test_edit_with_recomputed_hash_breaks_the_next_link():
    _fill()
    rows = _rows()
    victim = rows[5]
    victim.patient_ids = [999]
    victim.hash = row_hash(victim)
    victim.save()
    _, problems = verify_audit_log()
    assert problems and problems[0].record_id == rows[6].pk


def test_deleted_row_is_detected():
    _fill()
    rows = _rows()
    AuditEvent.objects.filter(pk=rows[3].pk).delete()
    _, problems = verify_audit_log()
    assert problems and problems[0].record_id == rows[4].pk


def test_inserted_row_is_detected():
    """A forged record slotted in (later seqs shifted, its own hash valid) breaks the next link."""
    _fill()
    rows = _rows()
    for row in reversed(rows[3:]):
        AuditEvent.objects.filter(pk=row.pk).update(seq=row.seq + 1)
    forged = AuditEvent(**{f.name: getattr(rows[2], f.name) for f in AuditEvent._meta.fields
                           if f.name != "id"})
    forged.seq, forged.prev_hash, forged.agent_name = rows[3].seq, rows[2].hash, "intruder"
    forged.hash = row_hash(forged)
    forged.save()
    _, problems = verify_audit_log()
    assert problems and problems[0].record_id == rows[3].pk


def test_reordered_rows_are_detected():
    _fill()
    rows = _rows()
    a, b = rows[2], rows[3]
    AuditEvent.objects.filter(pk=a.pk).update(seq=-1)
    AuditEvent.objects.filter(pk=b.pk).update(seq=a.seq)
    AuditEvent.objects.filter(pk=a.pk).update(seq=b.seq)
    _, problems = verify_audit_log()
    assert problems and problems[0].seq == a.seq


def test_truncated_tail_is_detected():
    _fill()
    rows = _rows()
    AuditEvent.objects.filter(pk=rows[-1].pk).delete()
    _, problems = verify_audit_log()
    assert problems and "truncated" in problems[0].reason


def test_random_tampering_always_detected_without_false_positives():
    rng = random.Random(7)
    _fill(30)
    fields = ["agent_name", "description", "entity_id", "source_address", "outcome", "action"]
    baseline = {r.pk: {f: getattr(r, f) for f in fields} for r in _rows()}
    for _ in range(40):
        victim = rng.choice(list(baseline))
        field = rng.choice(fields)
        AuditEvent.objects.filter(pk=victim).update(**{field: "X"})
        _, problems = verify_audit_log()
        assert problems and problems[0].record_id == victim
        AuditEvent.objects.filter(pk=victim).update(**baseline[victim])
        assert verify_audit_log()[1] == []


def test_cli_exits_non_zero_and_names_record(capsys):
    _fill()
    victim = _rows()[4]
    AuditEvent.objects.filter(pk=victim.pk).update(description="edited")
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify")
    assert exc.value.code == 1
    assert f"id={victim.pk}" in capsys.readouterr().err


def _append(chain, n):
    from careloop.compliance import audit

    return audit.append(chain, tenant_id=None, type_code="rest", action="R", outcome="0",
                        agent_id=1, agent_name="t", agent_role="", agent_is_machine=False,
                        source_address="", entity_type="Patient", entity_id=str(n),
                        patient_ids=[n], description="")


def test_consecutive_appends_take_the_compare_and_swap_path():
    from careloop.compliance import audit

    _append("cas-chain", 1)
    row = audit._swap_append(audit._statements(), "cas-chain", {
        "tenant_id": None, "type_code": "rest", "action": "R", "outcome": "0", "agent_id": 1,
        "agent_name": "t", "agent_role": "", "agent_is_machine": False, "source_address": "",
        "entity_type": "Patient", "entity_id": "2", "patient_ids": [2], "description": "",
    })
    assert row is not None and row.seq == 2
    assert verify_audit_log()[1] == []


def test_a_rolled_back_append_never_forks_the_chain():
    from django.db import transaction

    _append("rollback-chain", 1)
    with pytest.raises(RuntimeError), transaction.atomic():
        _append("rollback-chain", 2)  # this process now believes the head is seq 2
        raise RuntimeError("the request failed")
    _append("rollback-chain", 3)
    rows = list(AuditEvent.objects.filter(chain="rollback-chain").order_by("seq"))
    assert [r.seq for r in rows] == [1, 2] and rows[1].entity_id == "3"
    assert verify_audit_log()[1] == []


def test_another_writer_on_the_same_chain_is_detected_and_joined():
    from careloop.compliance import audit

    _append("shared-chain", 1)
    stale = audit._last_head["shared-chain"]
    _append("shared-chain", 2)  # as if another process wrote seq 2
    audit._last_head["shared-chain"] = stale
    _append("shared-chain", 3)
    assert [r.seq for r in AuditEvent.objects.filter(chain="shared-chain")] == [1, 2, 3]
    assert verify_audit_log()[1] == []
