"""The OpenAPI 3 schema of /api/v1/, served at /api/v1/openapi.json.

Hand-written; tests/web/test_api_openapi.py fails when a route in `jixiao.web.api.urls`
is missing here.
"""

from __future__ import annotations

from typing import Any

from jixiao.web.goals.editing import EDITABLE_FIELDS
from jixiao.web.goals.models import STATUSES


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


PAGE_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "page_size", "in": "query", "schema": {"type": "integer", "minimum": 1}},
]


def _page(item: str, description: str) -> dict[str, Any]:
    """A page of a list: the envelope every list endpoint returns."""
    return _json(
        {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer"},
                "page": {"type": "integer"},
                "page_size": {"type": "integer"},
                "results": {"type": "array", "items": _ref(item)},
            },
        },
        description,
    )


ERRORS = {
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
}
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
VERSION_BODY = {
    "required": False,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "properties": {"version": {"type": "integer", "description": "上次读取的版本"}},
            }
        }
    },
}
NULLABLE_STR = {"type": ["string", "null"]}
DECIMAL = {"type": ["string", "null"], "description": '十进制数字的字符串形式，如 "2.28"'}


def _transition(summary: str, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "summary": summary,
            "parameters": [ID],
            "requestBody": body,
            "responses": {
                "200": _json(_ref("ProjectDetail"), "转换后的项目"),
                "409": {"$ref": "#/components/responses/Conflict"},
                **ERRORS,
            },
        }
    }


def _created(body: dict[str, Any], result: dict[str, Any], summary: str) -> dict[str, Any]:
    """A POST that creates something: 201 with it, 400 for bad input."""
    return {
        "post": {
            "summary": summary,
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
            "responses": {
                "201": _json(result, "已创建"),
                "400": {"$ref": "#/components/responses/BadRequest"},
                "401": {"$ref": "#/components/responses/Unauthorized"},
                "403": {"$ref": "#/components/responses/Forbidden"},
            },
        }
    }


def _object(required: list[str], **properties: Any) -> dict[str, Any]:
    return {"type": "object", "required": required, "properties": properties}


STR = {"type": "string"}
CODES = {
    "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
    "description": "一个编码或编码列表",
}
SETUP_PATHS: dict[str, Any] = {
    "/regions": _created(
        _object(["code", "name"], code=STR, name=STR, parent=NULLABLE_STR),
        _ref("Region"),
        "新建财政区划（系统管理员）",
    ),
    "/units": _created(
        _object(
            ["code", "name", "region", "department"],
            code=STR,
            name=STR,
            region={"type": "string", "description": "区划编码"},
            department={"type": "string", "description": "该区划中已有的主管部门编码"},
        ),
        _ref("UnitCreated"),
        "新建预算单位（系统管理员）",
    ),
    "/users": _created(
        _object(
            ["username", "password", "role"],
            username=STR,
            password={"type": "string", "description": "须符合系统的密码规则"},
            role={"enum": ["unit", "reviewer", "admin", "auditor"]},
            unit={"type": "string", "description": "填报人所属单位的编码"},
            region=CODES | {"description": "审核人负责的区划编码"},
            department=CODES | {"description": "审核人负责的主管部门编码"},
            full_name=STR,
        ),
        _ref("UserCreated"),
        "新建用户（系统管理员）",
    ),
}
DOCUMENT_PATHS: dict[str, Any] = {
    "/documents": {
        "get": {
            "summary": "当前用户可见的绩效目标文档（分页）",
            "parameters": [
                {"name": "year", "in": "query", "schema": {"type": "integer"}},
                {
                    "name": "unit",
                    "in": "query",
                    "schema": {"type": "string"},
                    "description": "单位编码",
                },
                *PAGE_PARAMS,
            ],
            "responses": {
                "200": _page("DocumentSummary", "一页文档"),
                "400": {"$ref": "#/components/responses/BadRequest"},
                "401": {"$ref": "#/components/responses/Unauthorized"},
            },
        },
        **{
            k: v
            | {"responses": v["responses"] | {"409": {"$ref": "#/components/responses/Conflict"}}}
            for k, v in _created(
                _object(
                    ["unit", "year"],
                    unit={"type": "string", "description": "单位编码"},
                    year={"type": "integer"},
                    money_unit={"enum": ["万元", "元"], "default": "万元"},
                ),
                _ref("DocumentSummary"),
                "为一个单位新建某年度的空白绩效目标文档（填报人、系统管理员）；已有则 409",
            ).items()
        },
    },
    "/documents/{id}": {
        "get": {
            "summary": "一份文档：部门整体部分和项目列表",
            "parameters": [ID],
            "responses": {"200": _json(_ref("DocumentDetail"), "文档"), **ERRORS},
        },
        "delete": {
            "summary": "删除整份文档（所有项目均为草稿时；否则 409）",
            "parameters": [ID],
            "responses": {
                "204": {"description": "已删除"},
                "409": {"$ref": "#/components/responses/Conflict"},
                **ERRORS,
            },
        },
    },
    "/documents/{id}/projects": {
        "post": {
            "summary": "在文档末尾新增草稿项目（字段同 GET /projects/{id}，name 必填）",
            "parameters": [ID],
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref("ProjectCreate")}},
            },
            "responses": {
                "201": _json(_ref("ProjectDetail"), "新项目"),
                "400": {"$ref": "#/components/responses/BadRequest"},
                **ERRORS,
            },
        }
    },
    "/documents/{id}/rollover": {
        "post": {
            "summary": "以上年为基础编制：复制为新年度草稿文档，预算数待确认",
            "parameters": [ID],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": _object(
                            ["year"],
                            year={"type": "integer"},
                            renumber={
                                "type": "boolean",
                                "default": False,
                                "description": "项目编码中的年度位改为新年度",
                            },
                        )
                    }
                },
            },
            "responses": {
                "201": _json(_ref("Rollover"), "新文档与复制报告"),
                "400": {"$ref": "#/components/responses/BadRequest"},
                "409": {"$ref": "#/components/responses/Conflict"},
                **ERRORS,
            },
        }
    },
}
_PROJECT_LINE = _object(
    [],
    id={"type": "integer"},
    seq={"type": ["integer", "null"]},
    code=NULLABLE_STR,
    name=STR,
    status={"enum": list(STATUSES)},
    budget_total=DECIMAL,
    budget_to_confirm={"type": "boolean", "description": "预算数沿用上年，待确认"},
)
SETUP_SCHEMAS: dict[str, Any] = {
    "Region": _object([], id={"type": "integer"}, code=STR, name=STR, parent=NULLABLE_STR),
    "UnitCreated": _object(
        [], id={"type": "integer"}, code=STR, name=STR, region=STR, department=STR
    ),
    "UserCreated": _object(
        [],
        id={"type": "integer"},
        username=STR,
        role=STR,
        unit=NULLABLE_STR,
        region={"type": "array", "items": STR},
        department={"type": "array", "items": STR},
    ),
    "DocumentSummary": _object(
        ["id", "unit", "year"],
        id={"type": "integer"},
        unit=_object([], code=STR, name=STR),
        year={"type": ["integer", "null"]},
        money_unit=STR,
        projects={"type": "integer", "description": "项目数"},
        source_name=STR,
        created_at={"type": "string", "format": "date-time"},
    ),
    "DocumentDetail": {
        "allOf": [
            _ref("DocumentSummary"),
            _object(
                [],
                overall_goals={"type": "array", "items": STR},
                project_summaries={"type": "array", "items": {"type": "object"}},
                measures={"type": "array", "items": STR},
                project_list={"type": "array", "items": _PROJECT_LINE},
            ),
        ]
    },
    "ProjectCreate": {
        "type": "object",
        "required": ["name"],
        "description": "与 ProjectPatch 相同的字段（不需要 version）；id、status、version、seq 被忽略",
    },
    "Rollover": _object(
        ["id", "projects"],
        id={"type": "integer", "description": "新文档的 id"},
        year={"type": "integer"},
        projects={
            "type": "array",
            "items": {
                "allOf": [
                    _PROJECT_LINE,
                    _object([], old_code=NULLABLE_STR, indicators={"type": "integer"}),
                ]
            },
        },
        report={"type": "array", "items": STR, "description": "复制报告，每行一条"},
    ),
}

SCHEMA: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "jixiao 预算绩效管理 API",
        "version": "1",
        "description": "项目绩效目标的查询、修改与审核流程。除 /token 和 /openapi.json 外，"
        '请求须带 Authorization: Bearer <令牌>。错误响应为 {"error": "中文说明"}。',
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearer": []}],
    "paths": {
        "/openapi.json": {
            "get": {
                "summary": "本 API 的 OpenAPI 描述",
                "security": [],
                "responses": {"200": _json({"type": "object"}, "OpenAPI 3 文档")},
            }
        },
        "/token": {
            "post": {
                "summary": "用用户名和密码换取令牌",
                "security": [],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["username", "password"],
                                "properties": {
                                    "username": {"type": "string"},
                                    "password": {"type": "string"},
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": _json(
                        {
                            "type": "object",
                            "properties": {
                                "token": {"type": "string"},
                                "expires": {"type": "string", "format": "date-time"},
                            },
                        },
                        "新令牌（到期时间见 expires；每个用户令牌数有上限，超出时最早的令牌被撤销）",
                    ),
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "401": {"$ref": "#/components/responses/Unauthorized"},
                    "403": {"$ref": "#/components/responses/Forbidden"},
                    "429": _json(
                        {"type": "object", "properties": {"error": {"type": "string"}}},
                        "登录失败次数过多，账户或地址暂时锁定",
                    ),
                },
            },
            "delete": {
                "summary": "退出：撤销请求头中的令牌",
                "responses": {
                    "204": {"description": "已撤销"},
                    "401": {"$ref": "#/components/responses/Unauthorized"},
                },
            },
        },
        "/tokens": {
            "get": {
                "summary": "我的 API 令牌（系统管理员：全部令牌），不含令牌本身",
                "responses": {"200": _page("ApiToken", "令牌列表"), **ERRORS},
            }
        },
        "/tokens/{id}": {
            "delete": {
                "summary": "撤销一个令牌（令牌的所有者或系统管理员）",
                "parameters": [ID],
                "responses": {"204": {"description": "已撤销"}, **ERRORS},
            },
        },
        "/audit": {
            "get": {
                "summary": "审计日志（系统管理员、审计员），最新的在前",
                "parameters": [
                    {
                        "name": "object_type",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "如 project",
                    },
                    {"name": "object_id", "in": "query", "schema": {"type": "string"}},
                    {
                        "name": "action",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "如 project.edit",
                    },
                    *PAGE_PARAMS,
                ],
                "responses": {
                    "200": _page("AuditEntry", "一页审计记录"),
                    "401": {"$ref": "#/components/responses/Unauthorized"},
                    "403": {"$ref": "#/components/responses/Forbidden"},
                },
            }
        },
        "/projects": {
            "get": {
                "summary": "当前用户可见的项目（分页）",
                "parameters": [
                    {"name": "year", "in": "query", "schema": {"type": "integer"}},
                    {
                        "name": "unit",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "单位编码",
                    },
                    {"name": "status", "in": "query", "schema": {"enum": list(STATUSES)}},
                    {
                        "name": "q",
                        "in": "query",
                        "schema": {"type": "string"},
                        "description": "按项目名称或编码搜索",
                    },
                    {
                        "name": "after",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 0},
                        "description": "键集分页：返回编号大于 after 的项目（按编号排序），不返回 count",
                    },
                    *PAGE_PARAMS,
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["results"],
                            "properties": {
                                "count": {"type": "integer"},
                                "page": {"type": "integer"},
                                "page_size": {"type": "integer"},
                                "next_after": {"type": ["integer", "null"]},
                                "results": {"type": "array", "items": _ref("ProjectSummary")},
                            },
                        },
                        "一页项目（after 时为键集分页，含 next_after）",
                    ),
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "401": {"$ref": "#/components/responses/Unauthorized"},
                },
            }
        },
        "/projects/{id}": {
            "get": {
                "summary": "一个项目（与 jixiao read 输出的项目相同，另加 id、status、version）",
                "parameters": [ID],
                "responses": {"200": _json(_ref("ProjectDetail"), "项目"), **ERRORS},
            },
            "patch": {
                "summary": "修改项目的部分字段（须带上次读取的 version）",
                "parameters": [ID],
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ProjectPatch")}},
                },
                "responses": {
                    "200": _json(_ref("ProjectDetail"), "修改后的项目"),
                    "400": {"$ref": "#/components/responses/BadRequest"},
                    "409": {"$ref": "#/components/responses/Conflict"},
                    **ERRORS,
                },
            },
            "delete": {
                "summary": "删除草稿项目（填报人、系统管理员；提交过的项目不能删除）",
                "parameters": [ID],
                "responses": {
                    "204": {"description": "已删除"},
                    "409": {"$ref": "#/components/responses/Conflict"},
                    **ERRORS,
                },
            },
        },
        "/projects/{id}/submit": _transition("提交审核（草稿或已退回 → 已提交）", VERSION_BODY),
        "/projects/{id}/return": _transition(
            "退回修改（已提交 → 已退回），附审核意见",
            {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["comments"],
                            "properties": {
                                "version": {"type": "integer"},
                                "comments": {
                                    "type": "array",
                                    "minItems": 1,
                                    "items": _ref("CommentInput"),
                                },
                            },
                        }
                    }
                },
            },
        ),
        "/projects/{id}/approve": _transition("审核通过（已提交 → 已审核）", VERSION_BODY),
        "/projects/{id}/findings": {
            "get": {
                "summary": "该项目的审核发现（审核规则引擎的结果）",
                "parameters": [ID],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "id": {"type": "integer"},
                                "available": {"type": "boolean", "description": "审核引擎是否可用"},
                                "findings": {"type": "array", "items": _ref("Finding")},
                            },
                        },
                        "审核发现",
                    ),
                    **ERRORS,
                },
            }
        },
        "/projects/{id}/comments": {
            "get": {
                "summary": "审核人对该项目的意见",
                "parameters": [ID],
                "responses": {"200": _json({"type": "object"}, "审核意见列表"), **ERRORS},
            }
        },
        "/projects/{id}/versions": {
            "get": {
                "summary": "历次提交的版本及每次相对上一版本的改动",
                "parameters": [ID],
                "responses": {"200": _json({"type": "object"}, "版本列表"), **ERRORS},
            }
        },
        **SETUP_PATHS,
        **DOCUMENT_PATHS,
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "responses": {
            name: _json(
                {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}},
                },
                text,
            )
            for name, text in {
                "BadRequest": "请求有误（400），fields 列出各字段的问题",
                "Unauthorized": "未登录或令牌无效（401）",
                "Forbidden": "角色无此权限（403）",
                "NotFound": "项目或文档不存在或不在你的范围内（404）",
                "Conflict": "版本已过期或当前状态不允许此操作（409）",
            }.items()
        },
        "schemas": {
            "ProjectSummary": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "seq": {"type": ["integer", "null"]},
                    "code": NULLABLE_STR,
                    "name": {"type": "string"},
                    "unit": {
                        "type": "object",
                        "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
                    },
                    "year": {"type": ["integer", "null"]},
                    "budget_total": DECIMAL,
                    "status": {"enum": list(STATUSES)},
                    "version": {"type": "integer"},
                    "updated_at": {"type": "string", "format": "date-time"},
                },
            },
            "Target": {
                "type": "object",
                "properties": {
                    "text": {"type": "string"},
                    "comparator": {"enum": [">=", ">", "=", "<", "<=", "qualitative", None]},
                    "value": DECIMAL,
                    "unit": NULLABLE_STR,
                    "upper": DECIMAL,
                },
            },
            "Indicator": {
                "type": "object",
                "properties": {
                    "level1": NULLABLE_STR,
                    "level2": NULLABLE_STR,
                    "name": NULLABLE_STR,
                    "description": NULLABLE_STR,
                    "target": _ref("Target"),
                    "basis": NULLABLE_STR,
                    "weight": DECIMAL,
                },
            },
            "PlanCell": {
                "type": "object",
                "properties": {
                    "month": {"type": "integer", "minimum": 1, "maximum": 12},
                    "percent": DECIMAL,
                    "text": NULLABLE_STR,
                },
            },
            "ProjectDetail": {
                "type": "object",
                "required": ["id", "status", "version", "name", "budget", "indicators"],
                "properties": {
                    "id": {"type": "integer"},
                    "status": {"enum": list(STATUSES)},
                    "version": {"type": "integer"},
                    "budget_to_confirm": {
                        "type": "boolean",
                        "description": "预算数沿用上年（以上年为基础编制），待确认后才能提交",
                    },
                    "seq": {"type": ["integer", "null"]},
                    "code": NULLABLE_STR,
                    "name": {"type": "string"},
                    "budget": {
                        "type": "object",
                        "properties": {"total": DECIMAL, "fiscal": DECIMAL, "other": DECIMAL},
                    },
                    "purpose": NULLABLE_STR,
                    "spending_plan": {"type": "array", "items": _ref("PlanCell")},
                    "spending_curve": {"type": "array", "items": _ref("PlanCell")},
                    "goals": {"type": "array", "items": {"type": "string"}},
                    "goals_text": NULLABLE_STR,
                    "title": NULLABLE_STR,
                    "indicators": {"type": "array", "items": _ref("Indicator")},
                },
            },
            "ProjectPatch": {
                "type": "object",
                "required": ["version"],
                "description": "可修改字段："
                + "、".join(f"{k}（{v}）" for k, v in EDITABLE_FIELDS.items()),
                "properties": {
                    "version": {"type": "integer"},
                    "code": NULLABLE_STR,
                    "name": {"type": "string"},
                    "title": NULLABLE_STR,
                    "purpose": NULLABLE_STR,
                    "budget": {
                        "type": "object",
                        "properties": {"total": DECIMAL, "fiscal": DECIMAL, "other": DECIMAL},
                    },
                    "spending_plan": {"type": "array", "items": _ref("PlanCell")},
                    "goals": {"type": "array", "items": {"type": "string"}},
                    "goals_text": NULLABLE_STR,
                    "indicators": {"type": "array", "items": _ref("Indicator")},
                },
                "additionalProperties": False,
            },
            "CommentInput": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "field": {
                        "type": "string",
                        "description": "字段，如 purpose、indicator.target；空为整个项目",
                    },
                    "indicator": {
                        "type": ["integer", "null"],
                        "description": "指标序号（从 1 起）",
                    },
                    "text": {"type": "string"},
                },
            },
            **SETUP_SCHEMAS,
            "ApiToken": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "username": {"type": "string"},
                    "prefix": {"type": "string", "description": "令牌的前 8 个字符"},
                    "created": {"type": "string", "format": "date-time"},
                    "last_used": {"type": ["string", "null"], "format": "date-time"},
                    "expires": {"type": "string", "format": "date-time"},
                },
            },
            "AuditEntry": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "at": {"type": "string", "format": "date-time"},
                    "username": {"type": "string"},
                    "action": {"type": "string"},
                    "object_type": {"type": "string"},
                    "object_id": {"type": "string"},
                    "object_repr": {"type": "string"},
                    "old": {},
                    "new": {},
                },
            },
            "Finding": {
                "type": "object",
                "properties": {
                    "rule": {"type": "string"},
                    "severity": {"enum": ["error", "warning", "info"]},
                    "category": {"type": "string"},
                    "project_seq": {"type": ["integer", "null"]},
                    "project_code": NULLABLE_STR,
                    "indicator": {"type": ["integer", "null"]},
                    "field": {"type": "string"},
                    "message": {"type": "string"},
                    "suggestion": {"type": "string"},
                },
            },
        },
    },
}


def _merge_followup() -> None:
    from jixiao.web.api import openapi_followup as f

    SCHEMA["paths"].update(f.PATHS)
    SCHEMA["components"]["schemas"].update(f.SCHEMAS)
    SCHEMA["paths"]["/projects/{id}/versions"]["get"]["responses"]["200"] = f.VERSIONS_RESPONSE


_merge_followup()
