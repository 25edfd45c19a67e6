"""The library as the web app sees it: shipped entries and the admin's own (approved or
imported) plus what approved projects of the region teach, with the admin's merges folded
in, minus what the admin retired. Learned entries are cached for a few minutes.

Curation (the admin only, each change audited): retire/restore, merge one entry into
another (its uses count for the kept one), approve a learned entry, import a sheet
(all or nothing)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction

from jixiao.core import library
from jixiao.core.errors import JixiaoError
from jixiao.core.library.entries import LibraryEntry, normalise
from jixiao.core.library.sheet import fold, read_sheet
from jixiao.core.model import Indicator as CoreIndicator
from jixiao.core.targets import parse_target
from jixiao.web import permissions
from jixiao.web.audit.log import record
from jixiao.web.goals.models import APPROVED, Indicator, Project
from jixiao.web.library.models import CuratedEntry, MergedEntry, RetiredEntry

#: At most this many approved indicator rows are read to learn from (newest first).
MAX_LEARNED_ROWS = 200_000
CACHE_SECONDS = 300
#: Rows per upsert statement of a library import.
IMPORT_BATCH = 500
_IMPORTED_FIELDS = ("level1", "description", "target", "basis", "category", "origin", "added_by")


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


def _curated() -> list[LibraryEntry]:
    return [
        LibraryEntry(
            level1=c.level1,
            level2=c.level2,
            name=c.name,
            description=c.description,
            target=c.target,
            basis=c.basis,
            category=c.category,
            source=c.origin,
        )
        for c in CuratedEntry.objects.order_by("id")
    ]


def _merges() -> dict[tuple[str, str], tuple[str, str]]:
    return {
        (l2, normalise(n)): (il2, normalise(i_n))
        for l2, n, il2, i_n in MergedEntry.objects.values_list(
            "level2", "name", "into_level2", "into_name"
        )
    }


def entries_for(project: Project | None) -> list[LibraryEntry]:
    region = project.document.unit.department.region_id if project is not None else None
    # The admin's entries replace shipped ones of the same (二级, 三级); learned uses add up.
    own = {e.key: e for e in library.shipped()} | {e.key: e for e in _curated()}
    merged = fold(library.merge(own.values(), _learned(region)), _merges())
    retired = _retired()
    return [e for e in merged if e.key not in retired]


def _require_admin(user: Any) -> None:
    if not permissions.can_manage(user):
        raise PermissionDenied("只有系统管理员可以维护指标库")


def _find(key: tuple[str, str]) -> LibraryEntry | None:
    wanted = (key[0], normalise(key[1]))
    return next((e for e in entries_for(None) if e.key == wanted), None)


def merge(user: Any, drop: tuple[str, str], keep: tuple[str, str]) -> LibraryEntry:
    """Fold ``drop`` into ``keep`` (both (二级, 三级)): its uses count for ``keep``, and it
    is no longer suggested. Returns the kept entry with the added uses."""
    _require_admin(user)
    if (drop[0], normalise(drop[1])) == (keep[0], normalise(keep[1])):
        raise LibraryError("不能把条目合并到它自己")
    dropped, kept = _find(drop), _find(keep)
    if dropped is None:
        raise LibraryError(f"指标库中没有“{drop[0]}/{drop[1]}”")
    if kept is None:
        raise LibraryError(f"指标库中没有“{keep[0]}/{keep[1]}”")
    with transaction.atomic():
        MergedEntry.objects.update_or_create(
            level2=dropped.level2,
            name=dropped.name,
            defaults={"into_level2": kept.level2, "into_name": kept.name, "merged_by": user},
        )
        record(
            user,
            "library.merge",
            object_type="library",
            object_repr=f"{dropped.level2}/{dropped.name} → {kept.level2}/{kept.name}",
            old={"level2": dropped.level2, "name": dropped.name, "uses": dropped.uses},
            new={"level2": kept.level2, "name": kept.name, "uses": kept.uses + dropped.uses},
        )
    return _find(keep) or kept


def approve(user: Any, level2: str, name: str) -> None:
    """Make a learned entry the admin's own (kept even if no approved project uses it)."""
    _require_admin(user)
    entry = _find((level2, name))
    if entry is None:
        raise LibraryError(f"指标库中没有“{level2}/{name}”")
    if entry.source != "learned":
        raise LibraryError(f"“{name}”不是从已审核项目中学到的条目，无需认可")
    with transaction.atomic():
        CuratedEntry.objects.create(
            level1=entry.level1,
            level2=entry.level2,
            name=entry.name,
            description=entry.description,
            target=entry.target,
            basis=entry.basis,
            category=entry.category,
            origin=CuratedEntry.APPROVED,
            added_by=user,
        )
        record(
            user,
            "library.approve",
            object_type="library",
            object_repr=f"{entry.level2}/{entry.name}",
            new={"level2": entry.level2, "name": entry.name, "uses": entry.uses},
        )


def import_sheet(user: Any, data: bytes, name: str) -> int:
    """Add or replace the admin's entries from a sheet: every row or none. Returns how many
    rows were read; a bad sheet raises `LibrarySheetError` (one line per bad row)."""
    _require_admin(user)
    entries = read_sheet(data, name)
    with transaction.atomic():
        # One upsert per batch: the sheet has no two rows of one (二级, 三级) (read_sheet
        # refuses them), so no statement touches a row twice.
        CuratedEntry.objects.bulk_create(
            [
                CuratedEntry(
                    level1=e.level1,
                    level2=e.level2,
                    name=e.name,
                    description=e.description,
                    target=e.target,
                    basis=e.basis,
                    category=e.category,
                    origin=CuratedEntry.IMPORTED,
                    added_by=user,
                )
                for e in entries
            ],
            batch_size=IMPORT_BATCH,
            update_conflicts=True,
            unique_fields=["level2", "name"],
            update_fields=[*_IMPORTED_FIELDS],
        )
        record(
            user,
            "library.import",
            object_type="library",
            object_repr=name[:200],
            new={"entries": len(entries)},
        )
    return len(entries)


class LibraryError(JixiaoError):
    """A curation step that cannot be done (an entry that is not there…)."""


def retire(user: Any, level2: str, name: str) -> None:
    _require_admin(user)
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
    _require_admin(user)
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
