"""The library page: browse and search, export to Excel; the admin retires entries."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from jixiao.core.library import suggest
from jixiao.core.library.entries import LEVEL1_OF, LibraryEntry
from jixiao.web import permissions
from jixiao.web.library import services
from jixiao.web.library.models import RetiredEntry

COLUMNS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "绩效指标描述",
    "典型指标值",
    "指标值确定依据",
    "类别",
    "使用次数",
    "来源",
)


def _rows(q: str, level2: str | None) -> list[LibraryEntry]:
    entries = services.entries_for(None)
    if q:
        return [s.entry for s in suggest(entries, query=q, level2=level2, limit=500)]
    rows = [e for e in entries if level2 is None or e.level2 == level2]
    return sorted(
        rows,
        key=lambda e: (
            list(LEVEL1_OF).index(e.level2) if e.level2 in LEVEL1_OF else 99,
            -e.uses,
            e.name,
        ),
    )


@login_required
def library_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        level2, name = request.POST.get("level2", ""), request.POST.get("name", "")
        if request.POST.get("action") == "restore":
            services.restore(request.user, level2, name)
            messages.success(request, f"已恢复“{name}”")
        else:
            services.retire(request.user, level2, name)
            messages.success(request, f"已停用“{name}”，不再出现在推荐中")
        return redirect("library:page")
    q = request.GET.get("q", "").strip()[:100]
    chosen = request.GET.get("level2", "").strip() or None
    rows = _rows(q, chosen)
    if request.GET.get("format") == "xlsx":
        return _xlsx(rows)
    admin = permissions.can_manage(request.user)
    return render(
        request,
        "library/page.html",
        {
            "rows": rows[:500],
            "count": len(rows),
            "q": q,
            "level2": chosen or "",
            "levels": list(LEVEL1_OF),
            "admin": admin,
            "retired": list(RetiredEntry.objects.order_by("level2", "name")) if admin else [],
            "nav": "library",
        },
    )


def _xlsx(rows: list[LibraryEntry]) -> HttpResponse:
    from openpyxl import Workbook

    from jixiao.core.formats.render_xlsx import text_safe as safe_cell

    wb = Workbook()
    ws = wb.active
    ws.title = "指标库"
    ws.append(list(COLUMNS))
    for e in rows:
        ws.append(
            [
                e.level1,
                e.level2,
                e.name,
                e.description,
                e.target,
                e.basis,
                e.category,
                e.uses,
                e.source_label,
            ]
        )
        for cell in ws[ws.max_row]:
            safe_cell(cell)  # a target such as =8人 stays text, never a formula
    out = io.BytesIO()
    wb.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        "attachment; filename*=UTF-8''%E6%8C%87%E6%A0%87%E5%BA%93.xlsx"
    )
    return response
