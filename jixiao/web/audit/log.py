"""`record()`: the one way to write an audit entry (`record_many()`: several of one action at
once, for bulk imports); `verify_chain()`: check them all."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from jixiao.web.audit import chain
from jixiao.web.audit.models import ACTIONS, AuditEntry, AuditHead


def record(
    user: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    old: Any = None,
    new: Any = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    object_repr: str | None = None,
) -> AuditEntry:
    """Write one audit entry. ``action`` must be one of `ACTIONS` (a typo fails loudly).

    ``user`` is a user, ``None`` (the system) or a string naming a non-user actor such as
    ``命令行（root）`` for the commands. The entry is chained to the one before it by hash.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor = user if isinstance(user, str) else "系统"
    if isinstance(user, str):
        user = None
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    if authenticated:
        actor = user.get_username()
    entry = AuditEntry(
        user=user if authenticated else None,
        username=actor[:150],
        at=timezone.now(),
        action=action,
        object_type=str(object_type or (obj._meta.model_name if obj is not None else ""))[:32],
        object_id=str(object_id if object_id is not None else getattr(obj, "pk", "") or "")[:64],
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:300],
        old=chain.as_json_value(old),
        new=chain.as_json_value(new),
    )
    # The head row is locked for the rest of the transaction, so entries are chained one at
    # a time (SQLite's IMMEDIATE transactions serialise writers anyway).
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, last_id=0, last_hash=chain.GENESIS)
        entry.prev_hash = head.last_hash or chain.GENESIS
        entry.save()
        fields = {name: getattr(entry, name) for name in chain.FIELDS}
        entry.hash = chain.entry_hash(fields, entry.prev_hash)
        AuditEntry._writer.filter(pk=entry.pk).update(hash=entry.hash)
        AuditHead.objects.filter(pk=1).update(last_id=entry.pk, last_hash=entry.hash)
    return entry


def record_many(user: Any, action: str, items: list[tuple[models.Model, Any]]) -> None:
    """One ``action`` entry per ``(obj, new)`` of ``items``, chained as `record()` would
    chain them one by one, in a few queries whatever their number (on PostgreSQL one COPY)."""
    if not items:
        return
    entries = [_one_entry(user, action, obj, new) for obj, new in items]
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, last_id=0, last_hash=chain.GENESIS)
        prev = head.last_hash or chain.GENESIS
        if connection.vendor == "postgresql":
            _copy(entries, prev)
        else:
            AuditEntry._writer.bulk_create(entries)
            _chain(entries, prev)
            AuditEntry._writer.bulk_update(entries, ["prev_hash", "hash"])
        last = max(entries, key=lambda e: e.pk)
        AuditHead.objects.filter(pk=1).update(last_id=last.pk, last_hash=last.hash)


def _copy(entries: list[AuditEntry], prev: str) -> None:
    """PostgreSQL: ids from the sequence first (the head's lock orders them), hashes next,
    then one COPY of the entries."""
    conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the thread-local proxy
    meta = AuditEntry._meta
    with conn.cursor() as c:
        c.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
        (sequence,) = c.fetchone()
        c.execute(
            "SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, len(entries)]
        )
        for entry, (pk,) in zip(entries, c.fetchall(), strict=True):
            entry.pk = pk
        _chain(entries, prev)
        fields = meta.concrete_fields
        columns = ", ".join(conn.ops.quote_name(f.column) for f in fields)
        table = conn.ops.quote_name(meta.db_table)
        with c.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for entry in entries:
                copy.write_row(
                    [f.get_db_prep_save(getattr(entry, f.attname), conn) for f in fields]
                )


def _chain(entries: list[AuditEntry], prev: str) -> None:
    for entry in sorted(entries, key=lambda e: e.pk):
        entry.prev_hash = prev
        fields = {name: getattr(entry, name) for name in chain.FIELDS}
        entry.hash = prev = chain.entry_hash(fields, prev)


def _one_entry(user: Any, action: str, obj: models.Model, new: Any) -> AuditEntry:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor = user if isinstance(user, str) else "系统"
    if isinstance(user, str):
        user = None
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    if authenticated:
        actor = user.get_username()
    return AuditEntry(
        user=user if authenticated else None,
        username=actor[:150],
        at=timezone.now(),
        action=action,
        object_type=str(obj._meta.model_name)[:32],
        object_id=str(obj.pk)[:64],
        object_repr=str(obj)[:300],
        old=None,
        new=chain.as_json_value(new),
    )


def verify_chain() -> chain.Verdict:
    """Check every audit entry against the chain and its head."""
    rows = (
        AuditEntry._writer.order_by("id")
        .values(*chain.FIELDS, "hash", "prev_hash")
        .iterator(chunk_size=2000)
    )
    head = AuditHead.objects.filter(pk=1).values_list("last_id", "last_hash").first()
    if head is not None and head[0] == 0:
        head = None
    return chain.verify(rows, head)
