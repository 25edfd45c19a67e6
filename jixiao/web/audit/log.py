"""`record()`: the one way to write an audit entry (`record_many()`: several of one action at
once, for bulk imports); `verify_chain()`: check them all."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone

from jixiao.web.audit import chain
from jixiao.web.audit.models import ACTIONS, AuditEntry, AuditHead
from jixiao.web.goals.copy_text import NULL, text
from jixiao.web.sequences import reserve_ids


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
    record_rows(
        user,
        action,
        [(str(obj._meta.model_name), obj.pk, str(obj), new) for obj, new in items],
    )


def lock_chain() -> None:
    """Take the chain head's lock now, for the rest of the caller's transaction (which must
    be open): writes that must follow one another's commits take turns from here (the
    entries written later in the transaction lock it again, already held)."""
    AuditHead.objects.select_for_update().filter(pk=1).first()


def record_rows(user: Any, action: str, rows: Sequence[tuple[str, Any, str, Any]]) -> None:
    """`record_many` for objects known only by ``(object type, id, repr, new)`` (bulk loads
    that write their rows without model instances). On PostgreSQL no model instance is
    made: ids, hashes and one COPY of text."""
    if not rows:
        return
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor, user_id = _actor(user)
    at = timezone.now()
    with transaction.atomic(savepoint=False):  # inside the caller's transaction if any
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, last_id=0, last_hash=chain.GENESIS)
        prev = head.last_hash or chain.GENESIS
        if connection.vendor == "postgresql":
            last_id, last_hash = _copy(rows, actor, user_id, action, at, prev)
        else:
            entries = [
                AuditEntry(
                    user_id=user_id,
                    username=actor,
                    at=at,
                    action=action,
                    object_type=object_type[:32],
                    object_id=str(object_id if object_id is not None else "")[:64],
                    object_repr=object_repr[:300],
                    old=None,
                    new=chain.as_json_value(new),
                )
                for object_type, object_id, object_repr, new in rows
            ]
            AuditEntry._writer.bulk_create(entries)
            _chain(entries, prev)
            AuditEntry._writer.bulk_update(entries, ["prev_hash", "hash"])
            last = max(entries, key=lambda e: e.pk)
            last_id, last_hash = last.pk, last.hash
        AuditHead.objects.filter(pk=1).update(last_id=last_id, last_hash=last_hash)


def _actor(user: Any) -> tuple[str, int | None]:
    """The username an entry shows and the user id it keeps, as `record()` sets them."""
    if isinstance(user, str):
        return user[:150], None
    if user is not None and getattr(user, "is_authenticated", False):
        return user.get_username()[:150], user.pk
    return "系统", None


def _copy(
    rows: Sequence[tuple[str, Any, str, Any]],
    actor: str,
    user_id: int | None,
    action: str,
    at: datetime,
    prev: str,
) -> tuple[int, str]:
    """PostgreSQL: ids from the sequence first (the head's lock orders them), hashes next,
    then one COPY of text; returns the last entry's id and hash."""
    conn = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the thread-local proxy
    meta = AuditEntry._meta
    with conn.cursor() as c:
        ids = reserve_ids(c, meta.db_table, meta.pk.column, len(rows))
        head = "\t".join(
            (NULL if user_id is None else str(user_id), text(actor), at.isoformat(), text(action))
        )
        lines = []
        for pk, (object_type, object_id, object_repr, new) in zip(ids, rows, strict=True):
            value = chain.as_json_value(new)
            fields = {
                "id": pk,
                "at": at,
                "username": actor,
                "action": action,
                "object_type": object_type[:32],
                "object_id": str(object_id if object_id is not None else "")[:64],
                "object_repr": object_repr[:300],
                "old": None,
                "new": value,
            }
            digest = chain.entry_hash(fields, prev)
            stored = NULL if value is None else text(json.dumps(value, ensure_ascii=False))
            lines.append(
                f"{pk}\t{head}\t{text(fields['object_type'])}\t{text(fields['object_id'])}"
                f"\t{text(fields['object_repr'])}\t{NULL}\t{stored}\t{prev}\t{digest}\n"
            )
            prev = digest
        names = [
            *("id", "user_id", "username", "at", "action", "object_type", "object_id"),
            *("object_repr", "old", "new", "prev_hash", "hash"),
        ]
        by_name = {f.attname: f.column for f in meta.concrete_fields}
        columns = ", ".join(conn.ops.quote_name(by_name[n]) for n in names)
        table = conn.ops.quote_name(meta.db_table)
        with (
            conn.wrap_database_errors,
            c.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            copy.write("".join(lines))
    return ids[-1], prev


def _chain(entries: list[AuditEntry], prev: str) -> None:
    for entry in sorted(entries, key=lambda e: e.pk):
        entry.prev_hash = prev
        fields = {name: getattr(entry, name) for name in chain.FIELDS}
        entry.hash = prev = chain.entry_hash(fields, prev)


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
