"""The library as the web app sees it: shipped entries plus what approved projects of the
region teach, minus what the admin retired. Learned entries are cached for a few minutes."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.core import library
from jixiao.core.library.entries import LibraryEntry, normalise
from jixiao.core.model import Indicator as CoreIndicator
from jixiao.core.targets import parse_target
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.goals.models import APPROVED, Indicator, Project
from jixiao.web.library.models import RetiredEntry

#: At most this many approved indicator rows are read to learn from (newest first).
MAX_LEARNED_ROWS = 200_000
CACHE_SECONDS = 300


def _learned(region_id: int | None) -> list[LibraryEntry]:
    key = f"jixiao.library.learned.{region_id or 'all'}"
    hit = cache.get(key)
    if hit is not None:
        return hit
    qs = Indicator.objects.filter(project__status=APPROVED)
    if region_id is not None:
        qs = qs.filter(project__document__unit__department__region_id=region_id)
    rows = qs.order_by("-project_id").values_list(
        "level1", "level2", "name", "description", "target_text", "basis"
    )[:MAX_LEARNED_ROWS]
    entries = library.learn(
        CoreIndicator(l1, l2, n, d, parse_target(t or ""), b) for l1, l2, n, d, t, b in rows
    )
    cache.set(key, entries, CACHE_SECONDS)
    return entries


def _retired() -> set[tuple[str, str]]:
    return {(l2, normalise(n)) for l2, n in RetiredEntry.objects.values_list("level2", "name")}


def entries_for(project: Project | None) -> list[LibraryEntry]:
    region = project.document.unit.department.region_id if project is not None else None
    merged = library.merge(library.shipped(), _learned(region))
    retired = _retired()
    return [e for e in merged if e.key not in retired]


def retire(user: Any, level2: str, name: str) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied("只有系统管理员可以维护指标库")
    with transaction.atomic():
        _, created = RetiredEntry.objects.get_or_create(
            level2=level2, name=name, defaults={"retired_by": user}
        )
        if created:
            record(
                user,
                "library.retire",
                object_type="library",
                object_repr=f"{level2}/{name}",
                new={"level2": level2, "name": name},
            )


def restore(user: Any, level2: str, name: str) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied("只有系统管理员可以维护指标库")
    with transaction.atomic():
        deleted, _ = RetiredEntry.objects.filter(level2=level2, name=name).delete()
        if deleted:
            record(
                user,
                "library.restore",
                object_type="library",
                object_repr=f"{level2}/{name}",
                old={"level2": level2, "name": name},
            )
