"""Remember a layout correction, and find the one for the next file of the same layout.

Only what belongs to the layout is remembered: the column mapping and the money unit. The
unit and the year belong to one file and are never carried over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jixiao.core.formats.overrides import LayoutOverride
from jixiao.web.layouts.models import LayoutCorrection
from jixiao.web.orgs.models import Unit


@dataclass(frozen=True)
class Remembered:
    override: LayoutOverride
    source_name: str
    #: Remembered for another unit of the same region.
    from_region: bool


def layout_part(override: LayoutOverride) -> LayoutOverride:
    """What of ``override`` describes the layout (columns, money unit)."""
    return LayoutOverride(columns=dict(override.columns), money_unit=override.money_unit)


def remembered(unit: Unit | None, fingerprint: str | None) -> Remembered | None:
    """The correction stored for this layout: the unit's own, else its region's latest."""
    if unit is None or not fingerprint:
        return None
    row = LayoutCorrection.objects.filter(unit=unit, fingerprint=fingerprint).first()
    from_region = False
    if row is None:
        row = (
            LayoutCorrection.objects.filter(
                region_id=unit.department.region_id, fingerprint=fingerprint
            )
            .order_by("-updated_at")
            .first()
        )
        from_region = row is not None
    if row is None:
        return None
    try:
        override = LayoutOverride.from_dict(row.override)
    except (ValueError, TypeError):
        return None  # written by an older version with other field codes: ignore it
    return Remembered(override, row.source_name, from_region) if override else None


def remember(
    unit: Unit, fingerprint: str | None, override: LayoutOverride, user: Any, source_name: str
) -> LayoutCorrection | None:
    """Store (or replace) the layout part of ``override``; nothing when it has none."""
    part = layout_part(override)
    if not fingerprint or not part:
        return None
    row, _ = LayoutCorrection.objects.update_or_create(
        unit=unit,
        fingerprint=fingerprint,
        defaults={
            "region_id": unit.department.region_id,
            "override": part.to_dict(),
            "source_name": source_name[:255],
            "updated_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
    return row
