"""The library page: browse and search, export to Excel; the admin curates it (retire,
restore, merge, approve learned entries, import a sheet; a template to download)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from jixiao.core.errors import JixiaoError
from jixiao.core.library import suggest
from jixiao.core.library.entries import LEVEL1_OF, LibraryEntry
from jixiao.core.library.sheet import write_sheet
from jixiao.web import permissions
from jixiao.web.library import services
from jixiao.web.library.models import RetiredEntry
from jixiao.web.library.services import LibraryError

#: Entries the page lists (the count says how many more there are; the export has all).
SHOWN = 500


def _rows(q: str, level2: str | None) -> list[LibraryEntry]:
    entries = services.entries_for(None)
    if q:
        return [s.entry for s in suggest(entries, query=q, level2=level2, limit=SHOWN)]
    rows = [e for e in entries if level2 is None or e.level2 == level2]
    return sorted(
        rows,
        key=lambda e: (
            list(LEVEL1_OF).index(e.level2) if e.level2 in LEVEL1_OF else 99,
            -e.uses,
            e.name,
        ),
    )


#: Largest library sheet accepted for import.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _curate(request: HttpRequest) -> None:
    """One curation step from the page's forms; its outcome as a message."""
    post, user = request.POST, request.user
    level2, name = post.get("level2", "")[:100], post.get("name", "")[:500]
    action = post.get("action")
    if action == "restore":
        services.restore(user, level2, name)
        messages.success(request, f"已恢复“{name}”")
    elif action == "approve":
        services.approve(user, level2, name)
        messages.success(request, f"已认可“{name}”，列为指标库条目")
    elif action == "merge":
        keep = (post.get("into_level2", "")[:100], post.get("into_name", "")[:500].strip())
        kept = services.merge(user, (level2, name.strip()), keep)
        messages.success(request, f"已将“{name}”并入“{kept.name}”（合并后使用次数 {kept.uses}）")
    elif action == "import":
        upload = request.FILES.get("file")
        if upload is None:
            raise LibraryError("请选择要导入的 Excel 文件")
        if upload.size is None or upload.size > MAX_UPLOAD_BYTES:
            raise LibraryError(f"文件超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB")
        count = services.import_sheet(user, upload.read(), upload.name or "指标库.xlsx")
        messages.success(request, f"已导入 {count} 条指标库条目")
    else:
        services.retire(user, level2, name)
        messages.success(request, f"已停用“{name}”，不再出现在推荐中")


@login_required
def library_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not permissions.can_manage(request.user):
            raise PermissionDenied("只有系统管理员可以维护指标库")
        try:
            _curate(request)
        except JixiaoError as e:
            for line in str(e).splitlines():
                messages.error(request, line)
        return redirect("library:page")
    if request.GET.get("format") == "template":
        return _xlsx(write_sheet([]), "指标库导入模板.xlsx")
    q = request.GET.get("q", "").strip()[:100]
    chosen = request.GET.get("level2", "").strip() or None
    rows = _rows(q, chosen)
    if request.GET.get("format") == "xlsx":
        return _xlsx(write_sheet(rows), "指标库.xlsx")
    admin = permissions.can_manage(request.user)
    return render(
        request,
        "library/page.html",
        {
            "rows": rows[:SHOWN],
            "count": len(rows),
            "shown": SHOWN,
            "q": q,
            "level2": chosen or "",
            "levels": list(LEVEL1_OF),
            "admin": admin,
            "retired": list(RetiredEntry.objects.order_by("level2", "name")) if admin else [],
            "nav": "library",
        },
    )


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
