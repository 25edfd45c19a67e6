"""The audit log is a hash chain: a direct SQL change, insert or delete is found and named."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection

from jixiao.cli import main
from jixiao.web.audit.log import record, verify_chain
from jixiao.web.audit.models import AuditEntry, AuditLogIsAppendOnly

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(users):
    """Three more entries after the users' creation, with values that need canonical JSON."""
    from decimal import Decimal

    record(users.carol, "unit.create", object_type="unit", object_id=1, new={"x": Decimal("1.50")})
    record("命令行（root）", "backup", object_type="system", object_repr="备份")
    record(None, "login.failed", object_type="user", object_repr="nobody", new={"b": 1, "a": [2]})
    return list(AuditEntry.objects.order_by("id"))


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_log_verifies(entries, capsys):
    verdict = verify_chain()
    assert verdict.intact and verdict.checked == len(entries) >= 10
    assert main(["audit", "verify"]) == 0
    assert f"共 {len(entries)} 条记录" in capsys.readouterr().out


def test_each_entry_holds_the_hash_of_the_one_before(entries):
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.hash and len(after.hash) == 64


def test_a_direct_sql_update_of_one_row_is_found_and_named(entries, capsys):
    victim = entries[5]
    _sql("UPDATE audit_auditentry SET username = %s WHERE id = %s", "someone-else", victim.pk)
    assert main(["audit", "verify"]) == 1
    err = capsys.readouterr().err
    assert f"审计记录 #{victim.pk} 的内容已被修改" in err


def test_an_update_of_the_values_is_found(entries):
    _sql("UPDATE audit_auditentry SET new = %s WHERE id = %s", '{"x": "9.99"}', entries[-3].pk)
    assert verify_chain().first_break.entry_id == entries[-3].pk


def test_a_deleted_row_is_found(entries):
    _sql("DELETE FROM audit_auditentry WHERE id = %s", entries[4].pk)
    verdict = verify_chain()
    assert verdict.first_break.entry_id == entries[5].pk
    assert "被删除或插入" in verdict.first_break.message


def test_deleting_the_last_rows_is_found(entries):
    _sql("DELETE FROM audit_auditentry WHERE id >= %s", entries[-2].pk)
    verdict = verify_chain()
    assert not verdict.intact and f"#{entries[-3].pk} 之后" in verdict.first_break.message


def test_an_inserted_row_is_found(entries):
    e = entries[2]
    _sql(
        "INSERT INTO audit_auditentry (id, username, at, action, object_type, object_id,"
        " object_repr, prev_hash, hash) VALUES (%s, 'x', %s, 'login', 'user', '', '', %s, %s)",
        e.pk + 100000,
        e.at,
        e.hash,
        "0" * 64,
    )
    assert not verify_chain().intact


def test_the_orm_refuses_to_change_or_delete_entries(entries):
    entry = entries[0]
    entry.username = "x"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(username="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert verify_chain().intact


def test_no_role_has_a_change_or_delete_permission_on_the_log():
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(content_type__app_label="audit").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_auditentry"}


def test_deleting_a_user_keeps_the_chain(users, entries):
    users.eve.delete()
    assert verify_chain().intact
