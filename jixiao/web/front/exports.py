"""Export a project, a unit or a selection of projects to docx, xlsx or pdf (a download).

The selection is mapped to core documents (`mapping.document_from_db`) and written by
`jixiao.core.formats.to_bytes`. Projects of one document give one file; a selection that
spans several documents (units or years) gives a zip with one file per document.
"""

from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from jixiao.core.bounds import parse_int
from jixiao.core.errors import JixiaoError
from jixiao.core.files import safe_filename
from jixiao.core.formats import to_bytes
from jixiao.web.goals import mapping
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.permissions import visible_projects, visible_units

FORMATS: dict[str, tuple[str, str]] = {
    "docx": (
        "Word 文档",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    "xlsx": ("Excel 表格", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": ("PDF", "application/pdf"),
}
#: Largest selection exported at once (a whole region's documents stay well below it).
MAX_PROJECTS = 5000


def _id(raw: str, low: int = 0) -> int | None:
    try:
        return parse_int(raw, "", low)
    except ValueError:
        return None


def _ids(raw: list[str]) -> list[int]:
    out = []
    for value in raw:
        for part in value.split(","):
            pk = _id(part)
            if pk is not None:
                out.append(pk)
    return out


def _selection(request: HttpRequest) -> Any:
    qs = visible_projects(request.user)
    ids = _ids(request.GET.getlist("project"))
    unit = _id(request.GET.get("unit", ""))
    year = _id(request.GET.get("year", ""))
    if ids:
        return qs.filter(pk__in=ids)
    if unit is not None:
        if not visible_units(request.user).filter(pk=unit).exists():
            raise Http404("单位不存在")
        qs = qs.filter(document__unit_id=unit)
        return qs.filter(document__year=year) if year is not None else qs
    raise Http404("没有选择要导出的项目")


def _filename(document: GoalDocument, rows: list[Project], subset: bool, fmt: str) -> str:
    """Unit, year and what is inside: the whole document, one project or how many."""
    unit = document.unit
    year = f"{document.year}年度" if document.year else None
    if not subset:
        what = "部门整体及项目绩效目标"
    elif len(rows) == 1:
        what = f"{rows[0].seq or ''}.{rows[0].name}-项目绩效目标表"
    else:
        what = f"{len(rows)}个项目绩效目标表"
    # A long unit name is cut, not the year and what the file holds.
    return safe_filename(unit.code, unit.name[:40], year, what, ext=fmt)


def _document(document: GoalDocument, rows: list[Project], subset: bool) -> Any:
    doc = mapping.document_from_db(document, rows)
    if subset:  # some projects of the document: those projects only, no department part
        doc.overall_goals, doc.project_summaries, doc.measures = [], [], []
        doc.department_indicators = []
    return doc


def _unique(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Archive entries with distinct names (two units may share a sanitised name)."""
    seen: set[str] = set()
    out = []
    for name, data in files:
        stem, dot, ext = name.rpartition(".")
        entry, n = name, 1
        while entry in seen:
            n += 1
            entry = f"{stem}（{n}）{dot}{ext}"
        seen.add(entry)
        out.append((entry, data))
    return out


@login_required
def export(request: HttpRequest) -> HttpResponse:
    fmt = request.GET.get("format", "docx")
    if fmt not in FORMATS:
        return HttpResponse(
            f"不支持的导出格式“{fmt}”，可选：docx、xlsx、pdf",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    qs = _selection(request)
    # Documents are loaded once each below, not joined onto every project row.
    ordered = mapping.with_children(qs.order_by("document_id", "seq", "id")).select_related(None)
    rows = list(ordered[: MAX_PROJECTS + 1])
    if not rows:
        raise Http404("没有可导出的项目")
    if len(rows) > MAX_PROJECTS:
        return HttpResponse(
            f"一次最多导出 {MAX_PROJECTS} 个项目，请缩小范围",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    by_doc: dict[int, list[Project]] = defaultdict(list)
    for p in rows:
        by_doc[p.document_id].append(p)
    documents = GoalDocument.objects.select_related("unit").in_bulk(list(by_doc))
    totals = dict(
        Project.objects.filter(document_id__in=list(by_doc))
        .order_by()
        .values_list("document_id")
        .annotate(n=Count("id"))
    )
    files = []
    try:
        for doc_id, doc_rows in by_doc.items():
            subset = len(doc_rows) < totals.get(doc_id, 0)
            document = documents[doc_id]
            data = to_bytes(_document(document, doc_rows, subset), fmt)
            files.append((_filename(document, doc_rows, subset, fmt), data))
    except JixiaoError as e:
        return HttpResponse(f"导出失败：{e}", status=500, content_type="text/plain; charset=utf-8")
    if len(files) == 1:
        name, data = files[0]
        content_type = FORMATS[fmt][1]
    else:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in _unique(files):
                z.writestr(name, data)
        name, data, content_type = (
            f"绩效目标导出（{len(files)} 个文件）.zip",
            buffer.getvalue(),
            "application/zip",
        )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
