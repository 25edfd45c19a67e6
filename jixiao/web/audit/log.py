"""`record()`: the one way to write an audit entry."""

from __future__ import annotations

from typing import Any

from django.db import models

from jixiao.web.audit.models import ACTIONS, AuditEntry


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
    ``命令行（root）`` for the commands.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor = user if isinstance(user, str) else "系统"
    if isinstance(user, str):
        user = None
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    if authenticated:
        actor = user.get_username()
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        username=actor,
        action=action,
        object_type=object_type or (obj._meta.model_name if obj is not None else "") or "",
        object_id=str(object_id if object_id is not None else getattr(obj, "pk", "") or ""),
        object_repr=(object_repr if object_repr is not None else str(obj or ""))[:300],
        old=old,
        new=new,
    )
