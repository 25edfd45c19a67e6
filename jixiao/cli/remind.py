"""``jixiao remind``: rectification items that are overdue or due soon (for cron or mail)."""

from __future__ import annotations

import argparse
from typing import Any

HELP = "列出已逾期或即将到期的整改事项（可供定时任务或邮件网关使用）"


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--days", type=int, default=7, help="列出多少天内到期的事项（默认 7）")
    p.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")


def run(args: argparse.Namespace) -> int:
    import datetime
    import json

    from jixiao.web.bootstrap import setup

    setup()
    from django.utils import timezone

    from jixiao.core import followup
    from jixiao.core.texttable import format_table
    from jixiao.web.rectification.models import Rectification

    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=max(0, args.days))
    rows = (
        Rectification.objects.filter(status__in=followup.AWAITING_UNIT, due__lte=horizon)
        .select_related("project__document__unit")
        .order_by("due", "id")
    )
    items: list[dict[str, Any]] = [
        {
            "id": r.pk,
            "unit": r.project.document.unit.code,
            "unit_name": r.project.document.unit.name,
            "project": r.project.name,
            "requirement": r.requirement,
            "due": r.due.isoformat(),
            "overdue": followup.is_overdue(r.status, r.due, today),
            "days_left": followup.days_left(r.due, today),
        }
        for r in rows
    ]
    if args.format == "json":
        print(json.dumps({"today": today.isoformat(), "items": items}, ensure_ascii=False))
        return 0
    if not items:
        print(f"没有 {args.days} 天内到期或已逾期的整改事项")
        return 0
    table = [
        [
            str(i["id"]),
            i["unit_name"],
            i["project"],
            i["due"],
            f"已逾期 {-i['days_left']} 天" if i["overdue"] else f"还有 {i['days_left']} 天",
            i["requirement"][:30],
        ]
        for i in items
    ]
    print(format_table(["编号", "单位", "项目", "期限", "状态", "整改要求"], table))
    return 0
