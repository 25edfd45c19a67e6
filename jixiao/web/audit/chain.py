"""The audit log's hash chain: each entry holds the hash of the one before it.

An entry's hash is SHA-256 over a canonical serialisation (`canonical`) of its fields and the
previous entry's hash, so a changed, inserted or deleted row breaks the chain at that row.
`AuditHead` keeps the last entry's id and hash, so deleting entries at the end shows too.
`verify()` walks the chain and names the first break; it is what ``jixiao audit verify`` runs.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

#: The hash "before" the first entry.
GENESIS = "0" * 64

#: The fields covered by the hash, in this order. ``user`` (a foreign key that is set to NULL
#: when the user is deleted) is left out: ``username`` says who it was.
FIELDS = ("id", "at", "username", "action", "object_type", "object_id", "object_repr", "old", "new")


def as_json_value(value: Any) -> Any:
    """``value`` as it reads back from a JSON column (Decimal and dates become strings)."""
    if value is None or _plain(value):
        return value
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _plain(value: Any) -> bool:
    """Whether ``value`` is a flat dict of strings, integers and None (a bulk import's
    summary), which reads back from JSON as it is."""
    return isinstance(value, dict) and all(
        type(k) is str and (v is None or type(v) in (str, int)) for k, v in value.items()
    )


def _at(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(fields: dict[str, Any], prev_hash: str) -> bytes:
    """The bytes hashed for one entry: sorted-key JSON of `FIELDS` and ``prev_hash``."""
    data = {name: fields[name] for name in FIELDS}
    data["at"] = _at(fields["at"])
    data["id"] = int(fields["id"])
    data["prev_hash"] = prev_hash
    return json.dumps(
        data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder
    ).encode("utf-8")


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(fields, prev_hash)).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first place where the chain does not hold."""

    entry_id: int | None
    message: str


@dataclass(frozen=True)
class Verdict:
    checked: int
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


def verify(rows: Any, head: tuple[int, str] | None) -> Verdict:
    """Walk ``rows`` (field dicts with ``hash`` and ``prev_hash``, in id order) and compare
    the end with ``head`` (last id and hash, None when nothing was ever written)."""
    prev_hash, prev_id, checked = GENESIS, None, 0
    for row in rows:
        checked += 1
        rid = int(row["id"])
        if row["hash"] != entry_hash(row, row["prev_hash"]):
            return Verdict(checked, Break(rid, f"审计记录 #{rid} 的内容已被修改（哈希不符）"))
        if row["prev_hash"] != prev_hash:
            where = f"#{prev_id} 与 #{rid} 之间" if prev_id is not None else f"#{rid} 之前"
            return Verdict(
                checked, Break(rid, f"审计记录 {where}有记录被删除或插入（#{rid} 的前序哈希不符）")
            )
        prev_hash, prev_id = row["hash"], rid
    if head is None:
        if prev_id is not None:
            return Verdict(checked, Break(prev_id, "审计日志缺少链尾记录（链尾信息被删除）"))
        return Verdict(checked, None)
    head_id, head_hash = head
    if prev_id != head_id or prev_hash != head_hash:
        if prev_id is None or prev_id < head_id:
            after = f"#{prev_id} 之后" if prev_id is not None else "全部"
            return Verdict(
                checked,
                Break(prev_id, f"审计记录{after}的记录已被删除（链尾应为 #{head_id}）"),
            )
        return Verdict(
            checked, Break(prev_id, f"审计记录 #{prev_id} 与链尾信息不符（链尾为 #{head_id}）")
        )
    return Verdict(checked, None)
