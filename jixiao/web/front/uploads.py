"""Import pages: upload → preview (nothing stored) → confirm (stored atomically).

Between the two steps the uploaded bytes wait in ``<data dir>/uploads/<token>.bin`` with a
small JSON sidecar (file name, uploader, unit); the token is 256 random bits and only its
uploader may confirm it. Leftovers older than `MAX_AGE` are removed on the next upload.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from jixiao.core import formats
from jixiao.core import model as core
from jixiao.core.bounds import shown
from jixiao.core.errors import JixiaoError, ReadError
from jixiao.core.evaluation.table_inputs import TOLERANCE
from jixiao.core.formats.overrides import MONEY_UNITS, LayoutOverride
from jixiao.web import permissions
from jixiao.web.accounts.models import ADMIN
from jixiao.web.front.choosers import chosen_unit, few_units
from jixiao.web.front.corrections import correction_from_post, table_rows
from jixiao.web.goals import imports
from jixiao.web.goals.models import GoalDocument
from jixiao.web.layouts.services import Remembered, layout_part, remember
from jixiao.web.monitoring import table_import
from jixiao.web.orgs.models import Unit

MAX_AGE = 24 * 3600
ACCEPT = (".txt", ".docx", ".xlsx", ".pdf", ".xls", ".doc", ".wps")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")


def upload_dir() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def _clean_old(folder: Path) -> None:
    cutoff = time.time() - MAX_AGE
    for f in folder.glob("*"):
        try:
            if f.stat().st_mtime < cutoff:
                f.unlink()
        except OSError:
            pass


def stash(data: bytes, meta: dict[str, Any]) -> str:
    """Keep ``data`` for the confirm step; returns the token naming it."""
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _clean_old(folder)
    token = secrets.token_urlsafe(32)
    for suffix, content in ((".bin", data), (".json", json.dumps(meta).encode())):
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.replace(tmp, folder / f"{token}{suffix}")
    return token


def unstash(token: str, user: Any) -> tuple[bytes, dict[str, Any]] | None:
    """The stashed upload if ``token`` is well formed, present and ``user``'s own."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    folder = upload_dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text())
        data = (folder / f"{token}.bin").read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("user") != user.pk:
        return None
    return data, meta


def drop(token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        for suffix in (".bin", ".json"):
            (upload_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def _unit_choice(request: HttpRequest) -> tuple[Unit | None, list[Unit] | None]:
    """Admins choose the unit (or leave it to the document's code) from a list, or by code
    when there are many (`choosers`); units import for theirs (no choice: an empty list)."""
    if permissions.role_of(request.user) == ADMIN:
        return chosen_unit(request.POST, Unit.objects.all()), few_units(Unit.objects.all())
    unit = permissions.profile_of(request.user).unit
    if unit is None:  # a 填报人 always has a unit; never fall back to the file's unit code
        raise PermissionDenied("您的账号没有所属单位，不能导入")
    return unit, []


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    if not permissions.can_import(request.user):
        raise PermissionDenied("只有填报人和系统管理员可以导入绩效目标文档")
    unit, units = _unit_choice(request)
    ctx: dict[str, Any] = {
        "units": units,
        "choose_unit": permissions.role_of(request.user) == ADMIN,
        "unit": unit,
        "accept": ",".join(ACCEPT),
        "nav": "import",
    }
    if request.method != "POST":
        return render(request, "front/import.html", ctx)
    typed = request.POST.get("unit_code", "").strip()
    if unit is None and typed:
        ctx["error"] = (
            f"没有编码为“{shown(typed[:20])}”的单位，请核对单位编码（留空则按文档中的单位编码）"
        )
        return render(request, "front/import.html", ctx, status=400)
    upload = request.FILES.get("file")
    if upload is None:
        ctx["error"] = "请选择要导入的文件（.txt、.docx、.xlsx、.pdf、.xls、.doc 或 .wps）"
        return render(request, "front/import.html", ctx, status=400)
    name = Path(upload.name or "upload").name
    too_large = formats.too_large(upload.size or 0, name)
    if too_large:
        ctx["error"] = _message(too_large, name)
        return render(request, "front/import.html", ctx, status=400)
    data = upload.read()
    try:
        doc, used, found = imports.read_corrected(data, name, unit, None)
    except JixiaoError as e:
        ctx["error"] = _message(e, name)
        return render(request, "front/import.html", ctx, status=400)
    meta = {
        "name": name,
        "user": request.user.pk,
        "unit": unit.pk if unit else None,
        "override": used.to_dict() if used else None,
    }
    return _render_preview(request, data, meta, doc, used, found)


def _render_preview(
    request: HttpRequest,
    data: bytes,
    meta: dict[str, Any],
    doc: core.Document,
    used: LayoutOverride,
    found: Remembered | None,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Stash the upload (with the correction it was read with) and show its preview: a
    goal document's, or a self-evaluation table's."""
    unit = Unit.objects.filter(pk=meta["unit"]).first() if meta.get("unit") else None
    kind = "self_evaluation" if doc.kind == "self_evaluation" else "goals"
    token = stash(data, {**meta, "kind": kind, "override": used.to_dict() if used else None})
    if kind == "self_evaluation":
        ev = table_import.preview(doc, unit, request.user)
        ctx = {
            "ev": ev,
            "doc": doc,
            "name": meta["name"],
            "token": token,
            "problems": ev.problems,
            # How far a stated score may be from the rules' (the core's, never a copy).
            "tolerance": TOLERANCE,
            "nav": "import",
        }
    else:
        ctx = _preview_context(imports.preview_of(doc, unit, used, found), meta["name"], token)
    ctx.update(
        {
            "tables": table_rows(doc),
            "money_units": MONEY_UNITS,
            "override": used,
            "remembered": found,
            **(extra or {}),
        }
    )
    template = "front/import_evaluation.html" if kind == "self_evaluation" else None
    return render(request, template or "front/import_preview.html", ctx, status=status)


def _stashed_override(meta: dict[str, Any]) -> LayoutOverride:
    try:
        return LayoutOverride.from_dict(meta.get("override"))
    except (ValueError, TypeError):
        return LayoutOverride()


def _stashed_unit(request: HttpRequest, meta: dict[str, Any]) -> Unit | None:
    """The unit of a stashed upload, if the user may still import for it (else 403)."""
    unit_pk = meta.get("unit")
    unit = Unit.objects.filter(pk=unit_pk).first() if unit_pk else None
    # Only an admin may leave the unit to the document's own unit code.
    if not permissions.can_import(request.user, unit) or (
        unit is None and permissions.role_of(request.user) != ADMIN
    ):
        raise PermissionDenied("不能为其他单位导入")
    return unit


@login_required
def import_adjust(request: HttpRequest) -> HttpResponse:
    """The preview again, read with the user's correction of columns, unit, year, money unit."""
    if request.method != "POST":
        return redirect("import")
    if not permissions.can_import(request.user):
        raise PermissionDenied("只有填报人和系统管理员可以导入绩效目标文档")
    token = request.POST.get("token", "")
    stashed = unstash(token, request.user)
    if stashed is None:
        messages.error(request, "导入已过期或不存在，请重新上传文件")
        return redirect("import")
    data, meta = stashed
    _stashed_unit(request, meta)  # 403 if the user may no longer import for it
    old = _stashed_override(meta)
    error = None
    try:
        override = correction_from_post(request.POST, old)
    except ValueError as e:
        override, error = old, f"更正未采用：{e}"
    try:
        doc = imports.parse(data, meta["name"], override)
        override.check_columns(doc.tables)
    except ValueError as e:  # a column the file does not have (a forged form)
        error, override = f"更正未采用：{e}", old
        doc = imports.parse(data, meta["name"], old)
    except JixiaoError as e:
        # The correction made the file unreadable (e.g. no 三级指标 column left): keep the last.
        error = f"更正未采用：{_message(e, meta['name'])}"
        override = old
        doc = imports.parse(data, meta["name"], old)
    drop(token)
    extra = {"adjust_error": error, "adjusted": error is None}
    return _render_preview(
        request, data, meta, doc, override, None, extra, status=400 if error else 200
    )


def _message(error: JixiaoError, name: str) -> str:
    text = str(error)
    return text if isinstance(error, ReadError) and name in text else f"{name}：{text}"


def _preview_context(preview: imports.Preview, name: str, token: str) -> dict[str, Any]:
    scores: dict[int | None, int] = {}
    score = None
    report = preview.report  # reviewed once, by the preview
    if report is not None:
        score = report.score
        scores = {s.seq: s.score for s in report.projects}
    rows = []
    for p in preview.projects:
        findings = preview.findings_for(p.seq)
        rows.append(
            {
                "project": p,
                "indicators": len(p.indicators),
                "findings": len(findings),
                "errors": sum(1 for f in findings if f["severity"] == "error"),
                "score": scores.get(p.seq),
            }
        )
    return {
        "preview": preview,
        "doc": preview.document,
        "name": name,
        "token": token,
        "rows": rows,
        "score": score,
        "general": preview.findings_for(None),
        "problems": preview.problems(),
        # A unit/year that has a document: the file's projects may be added to it instead.
        "append_problems": preview.append_problems()
        if preview.existing and not preview.department_only
        else [],
        # A department-only file: it may replace that document's department part instead.
        "department_problems": preview.department_problems()
        if preview.existing and preview.department_only
        else [],
        "department_changes": preview.department_changes() if preview.department_only else [],
        "department_indicators": len(preview.document.department_indicators),
        "indicator_count": sum(r["indicators"] for r in rows),
        "nav": "import",
    }


@login_required
def import_confirm(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("import")
    if not permissions.can_import(request.user):
        raise PermissionDenied("只有填报人和系统管理员可以导入绩效目标文档")
    token = request.POST.get("token", "")
    if request.POST.get("cancel"):
        drop(token)
        messages.info(request, "已取消导入，没有保存任何内容")
        return redirect("import")
    stashed = unstash(token, request.user)
    if stashed is None:
        messages.error(request, "导入已过期或不存在，请重新上传文件")
        return redirect("import")
    data, meta = stashed
    unit = _stashed_unit(request, meta)
    override = _stashed_override(meta)
    if meta.get("kind") == "self_evaluation":
        return _confirm_evaluation(request, token, data, meta, unit, override)
    if request.POST.get("append"):
        return _confirm_append(request, token, data, meta, unit, override)
    if request.POST.get("department"):
        return _confirm_department(request, token, data, meta, unit, override)
    try:
        document = imports.import_bytes(
            data, meta["name"], request.user, unit, override=override or None
        )
    except JixiaoError as e:
        drop(token)
        messages.error(request, f"未导入：{_message(e, meta['name'])}")
        return redirect("import")
    drop(token)
    n = document.projects.count()
    if n == 0:
        messages.success(
            request,
            f"已导入 {document.unit.name} {document.year or ''}年度部门整体绩效目标（文件中没有项目表，"
            "文档暂无项目）。下一步：查看部门整体绩效目标的审核提示并修改，然后提交审核；"
            "项目可以再导入项目文件追加，或在文档页面新增",
        )
        _layout_remembered(request, override)
        return redirect("department", document.pk)
    messages.success(
        request,
        f"已导入 {document.unit.name} {document.year or ''}年度绩效目标，共 {n} 个项目（均为草稿）。"
        "下一步：逐个打开项目，查看右侧的审核提示并修改，然后提交审核",
    )
    _layout_remembered(request, override)
    return redirect(reverse("projects") + f"?unit={document.unit_id}&year={document.year or ''}")


def _layout_remembered(request: HttpRequest, override: LayoutOverride) -> None:
    """Tell the user a corrected layout is kept for the next file of that layout."""
    if layout_part(override):
        messages.info(request, "已记住对该表格版式的更正，下次导入同样版式的文件时将自动应用")


def _existing_document(
    data: bytes, name: str, unit: Unit | None, override: LayoutOverride
) -> GoalDocument:
    """The unit's document of the file's year, which an append or a department update
    changes; refused when there is none (it was deleted since the preview)."""
    doc = imports.parse(data, name, override or None)
    existing = imports.existing_document(doc, imports.unit_for(doc, unit))
    if existing is None:
        raise imports.ImportRefused("该单位这一年度还没有绩效目标文档，请重新上传后“确认导入”")
    return existing


def _confirm_append(
    request: HttpRequest,
    token: str,
    data: bytes,
    meta: dict[str, Any],
    unit: Unit | None,
    override: LayoutOverride,
) -> HttpResponse:
    """Add the file's projects to the unit's existing document of that year, all or none."""
    name = meta["name"]
    try:
        existing = _existing_document(data, name, unit, override)
        added = imports.append_bytes(data, name, request.user, existing, override or None)
    except JixiaoError as e:
        drop(token)
        messages.error(request, f"未导入：{_message(e, name)}")
        return redirect("import")
    drop(token)
    first, last = added[0].seq, added[-1].seq
    messages.success(
        request,
        f"已把 {name} 中的 {len(added)} 个项目追加到 {existing.unit.name} "
        f"{existing.year or ''}年度绩效目标（第 {first}–{last} 个项目，均为草稿），已有项目未改动",
    )
    _layout_remembered(request, override)
    return redirect("document", existing.pk)


def _confirm_department(
    request: HttpRequest,
    token: str,
    data: bytes,
    meta: dict[str, Any],
    unit: Unit | None,
    override: LayoutOverride,
) -> HttpResponse:
    """Replace the department part of the unit's existing document of that year by the
    file's (a department-only file), all or nothing; its projects are untouched."""
    name = meta["name"]
    try:
        existing = _existing_document(data, name, unit, override)
        changed = imports.department_bytes(data, name, request.user, existing, override or None)
    except JixiaoError as e:
        drop(token)
        messages.error(request, f"未导入：{_message(e, name)}")
        return redirect("import")
    drop(token)
    what = "、".join(changed) if changed else "没有变化的内容"
    messages.success(
        request,
        f"已用 {name} 更新 {existing.unit.name} {existing.year or ''}年度的部门整体绩效目标"
        f"（更新：{what}），项目未改动",
    )
    _layout_remembered(request, override)
    return redirect("department", existing.pk)


def _confirm_evaluation(
    request: HttpRequest,
    token: str,
    data: bytes,
    meta: dict[str, Any],
    unit: Unit | None,
    override: LayoutOverride,
) -> HttpResponse:
    """Fill the self-evaluation of the matched projects from a 自评表, all or nothing."""
    name = meta["name"]
    try:
        doc = imports.parse(data, name, override or None)
        ev = table_import.preview(doc, unit, request.user)
        count = table_import.import_table(ev, request.user)
    except (JixiaoError, ValueError) as e:
        drop(token)
        text = _message(e, name) if isinstance(e, JixiaoError) else f"{name}：{e}"
        messages.error(request, f"未导入：{text}")
        return redirect("import")
    drop(token)
    if override and ev.unit is not None:
        remember(ev.unit, doc.layout_fingerprint, override, request.user, name)
    skipped = len(ev.unmatched)
    tail = f"，{skipped} 个项目在系统中找不到，未导入" if skipped else ""
    messages.success(request, f"已导入 {count} 个项目的绩效自评{tail}")
    assert ev.unit is not None
    return redirect(reverse("monitoring:unit", args=[ev.unit.pk]))
