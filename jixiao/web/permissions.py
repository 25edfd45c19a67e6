"""The one permission policy: which projects a user may see, and what they may do to one.

List and detail views both ask this module, so they can never disagree (wagtail's
permission policies). Roles (docs/web.md):

- 填报人 ``unit``: sees its own unit; writes documents and projects, edits, submits,
  resolves comments, deletes drafts.
- 审核人 ``reviewer``: sees the units of its regions and departments; returns and approves.
- 系统管理员 ``admin``: sees everything; imports for any unit, manages regions, departments,
  units and users; creates, rolls over and deletes (draft) documents for any unit.
- 审计员 ``auditor``: sees everything and the audit log; changes nothing.

Status rules (only drafts are edited…) are the workflow's job, not this module's.
A user outside a project's scope gets 404 (`get_project_or_404`), a read-only role 403.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet
from django.http import Http404

from jixiao.core.bounds import fits_int
from jixiao.web.accounts.models import ADMIN, AUDITOR, REVIEWER, UNIT
from jixiao.web.goals.models import GoalDocument, Project
from jixiao.web.orgs.models import Department, Unit

VIEW = "view"
EDIT = "edit"
SUBMIT = "submit"
RETURN = "return"
APPROVE = "approve"
RESOLVE = "resolve"  # mark a reviewer's comment as dealt with
ADJUST = "adjust"  # request an adjustment of an approved project (绩效目标调整)
RECTIFY = "rectify"  # issue, accept or return a rectification item (问题整改), re-check
ANSWER = "answer"  # answer a rectification item with measures and evidence
DELETE = "delete"  # a draft project or document (the workflow refuses once submitted)
CREATE = "create"  # a new goal document for a unit and year
COMPOSE = "compose"  # add, copy and reorder a document's projects
ROLLOVER = "rollover"  # next year's document from this one (以上年为基础编制)
CODE = "code"  # record the missing 项目编码 of an approved project (预算项目编码)
EVALUATE = "evaluate"  # fill in the department-wide self-evaluation (部门整体支出绩效自评)

#: What each role may do to a project it can see.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    UNIT: frozenset({VIEW, EDIT, SUBMIT, RESOLVE, ADJUST, ANSWER, DELETE, CODE}),
    REVIEWER: frozenset({VIEW, RETURN, APPROVE, RECTIFY, CODE}),
    ADMIN: frozenset({VIEW, DELETE}),
    AUDITOR: frozenset({VIEW}),
}
PROJECT_ACTIONS: tuple[str, ...] = (
    VIEW,
    EDIT,
    SUBMIT,
    RETURN,
    APPROVE,
    RESOLVE,
    ADJUST,
    RECTIFY,
    ANSWER,
    DELETE,
    CODE,
)

#: What each role may do to a goal document of a unit it can see. The admin sets up and
#: clears documents for any unit but writes no project content.
ROLE_DOCUMENT_ACTIONS: dict[str, frozenset[str]] = {
    UNIT: frozenset({VIEW, CREATE, COMPOSE, DELETE, ROLLOVER, EVALUATE, SUBMIT}),
    REVIEWER: frozenset({VIEW, RETURN, APPROVE}),
    ADMIN: frozenset({VIEW, CREATE, DELETE, ROLLOVER}),
    AUDITOR: frozenset({VIEW}),
}
DOCUMENT_ACTIONS: tuple[str, ...] = (
    VIEW,
    CREATE,
    COMPOSE,
    DELETE,
    ROLLOVER,
    EVALUATE,
    SUBMIT,  # SUBMIT, RETURN, APPROVE: the department part (部门整体绩效目标)
    RETURN,
    APPROVE,
)


def role_of(user: Any) -> str | None:
    """The user's role; a superuser without a profile counts as admin; anonymous is None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.role
    return ADMIN if user.is_superuser else None


def profile_of(user: Any) -> Any:
    """The user's profile (role, unit, scope), or None."""
    return getattr(user, "profile", None)


# -- which objects -----------------------------------------------------------------------

#: A reviewer's scope of up to this many departments goes into queries as a list of ids;
#: a larger one (no province has that many) as a subquery.
SCOPE_IDS = 5_000
_SCOPE = "_scope_departments"


def scope_departments(user: Any) -> list[int] | QuerySet[Department, int]:
    """The departments of a reviewer's scope: its own and those of its regions. A unit is in
    the scope exactly when its department is one of these.

    Read once per call (one small query) and written into the page's queries as ids: as a
    subquery of the reviewer's regions and departments, PostgreSQL hashed every unit of a
    province to answer "which projects" (110 ms per count at 50,000 units), where a list of
    ids lets it walk the few rows a bounded count or a short list needs (1–17 ms)."""
    profile = profile_of(user)
    cached = getattr(profile, _SCOPE, None)
    if cached is not None:  # the same request asked already (the list page asks 3 times)
        return cached
    scope = Department.objects.filter(
        Q(pk__in=profile.departments.values("pk")) | Q(region_id__in=profile.regions.values("pk"))
    ).values_list("pk", flat=True)
    ids = list(scope.order_by("pk")[: SCOPE_IDS + 1])
    found = ids if len(ids) <= SCOPE_IDS else scope
    setattr(profile, _SCOPE, found)
    return found


def forget_scope(profile: Any) -> None:
    """Drop the scope `scope_departments` kept on ``profile`` (its regions or departments
    changed): a profile is read anew for every request, so only the changing one keeps it."""
    profile.__dict__.pop(_SCOPE, None)


class _AnyOf(Func):
    """``column = ANY(%s)``: a list of ids as ONE array parameter. PostgreSQL plans it in
    1 ms where ``IN`` with 1,250 ids took 7–9 ms (each constant parsed and coerced)."""

    output_field = BooleanField()

    def __init__(self, column: str, ids: list[int]) -> None:
        super().__init__(F(column))
        # The array's text, not a list: psycopg's list adapter inspects every element (6 ms
        # for 1,250 ids, on each of the home page's queries).
        self.array = "{" + ",".join(str(int(i)) for i in ids) + "}"

    def as_sql(  # type: ignore[override]
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s::bigint[])", [*params, self.array]


def in_scope(column: str, scope: list[int] | QuerySet[Department, int]) -> Any:
    """The filter "``column`` is one of the departments of ``scope``" (`scope_departments`)."""
    if isinstance(scope, list) and scope and connection.vendor == "postgresql":
        return _AnyOf(column, scope)
    return Q(**{f"{column}__in": scope})


def visible_units(user: Any) -> QuerySet[Unit]:
    role = role_of(user)
    if role in (ADMIN, AUDITOR):
        return Unit.objects.all()
    if role == UNIT:
        return Unit.objects.filter(pk=profile_of(user).unit_id)
    if role == REVIEWER:
        return Unit.objects.filter(in_scope("department_id", scope_departments(user)))
    return Unit.objects.none()


def visible_departments(user: Any) -> QuerySet[Department] | None:
    """The departments all of whose units ``user`` sees (`visible_units` is exactly their
    units), or None when the user sees single units (a unit's 填报人): whole departments
    let the ranking read sums per department instead of every unit."""
    role = role_of(user)
    if role in (ADMIN, AUDITOR):
        return Department.objects.all()
    if role == REVIEWER:
        profile = profile_of(user)
        return Department.objects.filter(
            Q(pk__in=profile.departments.values("pk"))
            | Q(region_id__in=profile.regions.values("pk"))
        )
    if role == UNIT:
        return None
    return Department.objects.none()


def visible_projects(user: Any) -> QuerySet[Project]:
    """Every project ``user`` may see (one query; a reviewer's scope read first)."""
    role = role_of(user)
    # Projects of an import still in progress (committed in batches) are nobody's yet.
    projects = Project.objects.filter(document__complete=True)
    if role in (ADMIN, AUDITOR):
        return projects
    if role == UNIT:
        return projects.filter(document__unit_id=profile_of(user).unit_id)
    if role == REVIEWER:
        return projects.filter(in_scope("document__unit__department_id", scope_departments(user)))
    return Project.objects.none()


def visible_documents(user: Any) -> QuerySet[GoalDocument]:
    """Every complete document ``user`` may see (the documents of `visible_units`)."""
    documents = GoalDocument.objects.filter(complete=True)
    if role_of(user) in (ADMIN, AUDITOR):
        return documents
    return documents.filter(unit__in=visible_units(user))


# -- may this user… ----------------------------------------------------------------------


def role_allows(user: Any, action: str) -> bool:
    """Whether the user's role may do ``action`` to some project (ignores scope)."""
    return action in ROLE_ACTIONS.get(role_of(user) or "", frozenset())


def can_see_unit(user: Any, unit: Unit) -> bool:
    role = role_of(user)
    if role in (ADMIN, AUDITOR):
        return True
    if role == UNIT:
        return profile_of(user).unit_id == unit.pk
    return role == REVIEWER and visible_units(user).filter(pk=unit.pk).exists()


def can(user: Any, action: str, project: Project) -> bool:
    """May ``user`` do ``action`` to ``project``: role allows it and project is in scope."""
    if not role_allows(user, action):
        return False
    role = role_of(user)
    if role == UNIT:
        return project.document.unit_id == profile_of(user).unit_id
    if role == REVIEWER:
        return visible_projects(user).filter(pk=project.pk).exists()
    return True


def require(user: Any, action: str, project: Project) -> None:
    """Raise `PermissionDenied` unless `can`; the workflow calls this as a second guard."""
    if not can(user, action, project):
        raise PermissionDenied(f"没有权限对该项目执行“{ACTION_LABELS.get(action, action)}”")


def can_import(user: Any, unit: Unit | None = None) -> bool:
    """Units import for themselves, admins for any unit."""
    role = role_of(user)
    if role == ADMIN:
        return True
    return role == UNIT and (unit is None or profile_of(user).unit_id == unit.pk)


def can_view_audit(user: Any) -> bool:
    return role_of(user) in (ADMIN, AUDITOR)


def can_manage(user: Any) -> bool:
    """Regions, departments, units, users and settings."""
    return role_of(user) == ADMIN


def can_change_own_password(user: Any) -> bool:
    """Every signed-in user with a role changes their own password."""
    return role_of(user) is not None


def can_document(user: Any, action: str, unit: Unit) -> bool:
    """May ``user`` do ``action`` to a goal document of ``unit`` (role and scope)."""
    allowed = ROLE_DOCUMENT_ACTIONS.get(role_of(user) or "", frozenset())
    return action in allowed and can_see_unit(user, unit)


def document_units(user: Any, action: str) -> QuerySet[Unit]:
    """The units whose goal documents ``user`` may ``action``: what `can_document` answers
    unit by unit, as one query (a province's admin has 50,000 units)."""
    if action not in ROLE_DOCUMENT_ACTIONS.get(role_of(user) or "", frozenset()):
        return Unit.objects.none()
    return visible_units(user)


def require_document(user: Any, action: str, unit: Unit) -> None:
    if not can_document(user, action, unit):
        raise PermissionDenied(f"没有权限对该单位的文档执行“{ACTION_LABELS.get(action, action)}”")


def get_document_or_404(request_or_user: Any, pk: Any, action: str = VIEW) -> GoalDocument:
    """The document if ``action`` is allowed; 404 when out of scope, 403 when not allowed."""
    user = getattr(request_or_user, "user", request_or_user)
    try:
        document = (
            GoalDocument.objects.select_related("unit")
            .filter(unit__in=visible_units(user))
            .get(pk=pk)
        )
    except (GoalDocument.DoesNotExist, ValueError, TypeError):
        raise Http404("文档不存在") from None
    if action != VIEW:
        require_document(user, action, document.unit)
    return document


ACTION_LABELS: dict[str, str] = {
    VIEW: "查看",
    EDIT: "修改",
    SUBMIT: "提交",
    RETURN: "退回",
    APPROVE: "审核通过",
    RESOLVE: "处理审核意见",
    ADJUST: "申请调整绩效目标",
    RECTIFY: "下达或验收整改",
    ANSWER: "报送整改情况",
    DELETE: "删除",
    CREATE: "新建文档",
    COMPOSE: "增加、复制或调整项目，修改部门整体绩效目标",
    ROLLOVER: "以上年为基础编制",
    EVALUATE: "填报部门整体绩效自评",
    CODE: "补录项目编码",
}


def get_project_or_404(request_or_user: Any, pk: Any, action: str = VIEW) -> Project:
    """The project if ``action`` is allowed; 404 when out of scope, 403 when read-only."""
    user = getattr(request_or_user, "user", request_or_user)
    if not isinstance(pk, int) or not fits_int(pk):
        raise Http404("项目不存在")
    try:
        project = visible_projects(user).select_related("document__unit").get(pk=pk)
    except (Project.DoesNotExist, ValueError, TypeError):
        raise Http404("项目不存在") from None
    if action != VIEW and not role_allows(user, action):
        raise PermissionDenied(f"没有权限对该项目执行“{ACTION_LABELS.get(action, action)}”")
    return project
