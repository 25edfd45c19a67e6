"""OpenAPI paths and schemas of the rest of the year: adjustments, rectifications,
re-checks and publications (merged into `jixiao.web.api.openapi.SCHEMA`)."""

from __future__ import annotations

from typing import Any

from jixiao.core import followup
from jixiao.web.adjustments.models import STATUSES as ADJUSTMENT_STATUSES


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": required, "properties": properties}
            }
        },
    }


def _list(item: str, description: str) -> dict[str, Any]:
    return _json(
        {
            "type": "object",
            "required": ["count", "results"],
            "properties": {
                "count": {"type": "integer"},
                "results": {"type": "array", "items": _ref(item)},
            },
        },
        description,
    )


ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
    "404": {"$ref": "#/components/responses/NotFound"},
}
CONFLICT = {"409": {"$ref": "#/components/responses/Conflict"}}
STR = {"type": "string"}
NSTR = {"type": ["string", "null"]}
DATE = {"type": "string", "format": "date"}
NDATE = {"type": ["string", "null"], "format": "date"}
DT = {"type": "string", "format": "date-time"}
NDT = {"type": ["string", "null"], "format": "date-time"}
DEC = {"type": ["string", "null"], "description": "十进制数字的字符串形式"}

PATHS: dict[str, Any] = {
    "/projects/{id}/adjustments": {
        "get": {
            "summary": "项目的绩效目标调整申请",
            "parameters": [ID],
            "responses": {
                "200": _json(
                    {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "results": {"type": "array", "items": _ref("Adjustment")},
                        },
                    },
                    "调整申请列表",
                ),
                **ERRORS,
            },
        },
        "post": {
            "summary": "申请调整已审核的项目（填报人）",
            "parameters": [ID],
            "requestBody": _body(
                {"reason": STR, "changes": _ref("ProjectPatch")}, ["reason", "changes"]
            ),
            "responses": {
                "201": _json(
                    {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "status": {"enum": list(ADJUSTMENT_STATUSES)},
                            "number": {"type": "integer"},
                        },
                    },
                    "已提交的调整申请",
                ),
                **ERRORS,
                **CONFLICT,
            },
        },
    },
    "/projects/{id}/fixed-indicators": {
        "get": {
            "summary": "已固化的指标",
            "parameters": [ID],
            "responses": {"200": _json(_ref("FixedIndicators"), "固化指标"), **ERRORS},
        },
        "post": {
            "summary": "固化指标（审核人），固化后不能调整",
            "parameters": [ID],
            "requestBody": _body({"names": {"type": "array", "items": STR}}, ["names"]),
            "responses": {"200": _json(_ref("FixedIndicators"), "固化指标"), **ERRORS},
        },
    },
    "/adjustments/{id}/approve": {
        "post": {
            "summary": "批准调整（审核人）：调整后的版本自生效日期起用于监控和自评",
            "parameters": [ID],
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "properties": {"effective_from": DATE}}
                    }
                },
            },
            "responses": {"200": _json(_ref("Adjustment"), "调整申请"), **ERRORS, **CONFLICT},
        }
    },
    "/adjustments/{id}/return": {
        "post": {
            "summary": "退回调整申请（审核人）",
            "parameters": [ID],
            "requestBody": _body({"comment": STR}, ["comment"]),
            "responses": {"200": _json(_ref("Adjustment"), "调整申请"), **ERRORS, **CONFLICT},
        }
    },
    "/rectifications": {
        "get": {
            "summary": "整改事项（overdue=true 只列已逾期的）",
            "parameters": [
                {"name": "overdue", "in": "query", "schema": {"type": "boolean"}},
                {"name": "status", "in": "query", "schema": {"enum": list(followup.STATUSES)}},
                {"name": "project", "in": "query", "schema": {"type": "integer"}},
            ],
            "responses": {"200": _list("Rectification", "整改事项"), **ERRORS},
        },
        "post": {
            "summary": "下达整改通知（审核人）",
            "requestBody": _body(
                {
                    "project": {"type": "integer"},
                    "source": {"enum": list(followup.SOURCES)},
                    "requirement": STR,
                    "due": DATE,
                },
                ["project", "source", "requirement", "due"],
            ),
            "responses": {"201": _json(_ref("Rectification"), "整改事项"), **ERRORS},
        },
    },
    "/rectifications/{id}": {
        "get": {
            "summary": "一个整改事项",
            "parameters": [ID],
            "responses": {"200": _json(_ref("Rectification"), "整改事项"), **ERRORS},
        }
    },
    "/rectifications/{id}/answer": {
        "post": {
            "summary": "报送整改情况（填报人），附件为 base64",
            "parameters": [ID],
            "requestBody": _body(
                {
                    "measures": STR,
                    "attachments": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["name", "content"],
                            "properties": {
                                "name": STR,
                                "content": {"type": "string", "contentEncoding": "base64"},
                            },
                        },
                    },
                },
                ["measures"],
            ),
            "responses": {"200": _json(_ref("Rectification"), "整改事项"), **ERRORS, **CONFLICT},
        }
    },
    "/rectifications/{id}/accept": {
        "post": {
            "summary": "验收整改（审核人）",
            "parameters": [ID],
            "requestBody": {
                "required": False,
                "content": {
                    "application/json": {
                        "schema": {"type": "object", "properties": {"comment": STR}}
                    }
                },
            },
            "responses": {"200": _json(_ref("Rectification"), "整改事项"), **ERRORS, **CONFLICT},
        }
    },
    "/rectifications/{id}/return": {
        "post": {
            "summary": "退回重新整改（审核人）",
            "parameters": [ID],
            "requestBody": _body({"comment": STR}, ["comment"]),
            "responses": {"200": _json(_ref("Rectification"), "整改事项"), **ERRORS, **CONFLICT},
        }
    },
    "/rechecks": {
        "post": {
            "summary": "抽取复核项目（审核人）：同样的种子和比例得到同样的样本",
            "requestBody": _body(
                {
                    "year": {"type": "integer"},
                    "share": {"type": "string", "description": "如 0.1"},
                    "seed": {"type": "integer"},
                },
                ["year"],
            ),
            "responses": {
                "201": _json(
                    {
                        "type": "object",
                        "properties": {
                            "id": {"type": "integer"},
                            "population": {"type": "integer"},
                            "results": {"type": "array", "items": _ref("Recheck")},
                        },
                    },
                    "抽中的项目",
                ),
                **ERRORS,
            },
        }
    },
    "/rechecks/{id}/score": {
        "post": {
            "summary": "记录复核得分（审核人）；与自评得分相差较大时自动下达整改",
            "parameters": [ID],
            "requestBody": _body({"score": {"type": "string"}, "notes": STR}, ["score"]),
            "responses": {"200": _json(_ref("Recheck"), "复核结果"), **ERRORS},
        }
    },
    "/library/indicators": {
        "get": {
            "summary": "指标库推荐：按输入、项目名称与资金用途、同行使用次数排序",
            "parameters": [
                {"name": "q", "in": "query", "schema": {"type": "string"}},
                {"name": "level2", "in": "query", "schema": {"type": "string"}},
                {"name": "project", "in": "query", "schema": {"type": "integer"}},
                {
                    "name": "limit",
                    "in": "query",
                    "schema": {"type": "integer", "minimum": 1, "maximum": 50},
                },
            ],
            "responses": {"200": _list("LibraryEntry", "推荐的指标"), **ERRORS},
        }
    },
    "/publications": {
        "get": {
            "summary": "已公开的单位和年度",
            "responses": {"200": _list("Publication", "公开记录"), **ERRORS},
        },
        "post": {
            "summary": "公开一个单位一个年度的绩效目标和自评结果（系统管理员）",
            "requestBody": _body({"unit": STR, "year": {"type": "integer"}}, ["unit", "year"]),
            "responses": {"201": _json(_ref("Publication"), "公开记录"), **ERRORS},
        },
    },
}

SCHEMAS: dict[str, Any] = {
    "Adjustment": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "project": {"type": "integer"},
            "number": {"type": "integer"},
            "status": {"enum": list(ADJUSTMENT_STATUSES)},
            "status_label": STR,
            "reason": STR,
            "changes": {"type": "object", "additionalProperties": True},
            "requested_by": NSTR,
            "requested_at": DT,
            "decided_by": NSTR,
            "decided_at": NDT,
            "effective_from": NDATE,
            "comment": STR,
        },
    },
    "FixedIndicators": {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "names": {"type": "array", "items": STR}},
    },
    "Rectification": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "project": {"type": "integer"},
            "project_name": STR,
            "unit": STR,
            "source": {"enum": list(followup.SOURCES)},
            "source_label": STR,
            "requirement": STR,
            "due": DATE,
            "status": {"enum": list(followup.STATUSES)},
            "status_label": STR,
            "overdue": {"type": "boolean"},
            "measures": STR,
            "comment": STR,
            "attachments": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "name": STR,
                        "size": {"type": "integer"},
                    },
                },
            },
            "created_at": DT,
            "answered_at": NDT,
            "closed_at": NDT,
        },
    },
    "Recheck": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "project": {"type": "integer"},
            "project_name": STR,
            "unit_score": DEC,
            "bureau_score": DEC,
            "difference": DEC,
            "rectification": {"type": ["integer", "null"]},
            "notes": STR,
        },
    },
    "LibraryEntry": {
        "type": "object",
        "properties": {
            "level1": STR,
            "level2": STR,
            "name": STR,
            "description": STR,
            "target": STR,
            "basis": STR,
            "uses": {"type": "integer"},
            "category": STR,
            "source": STR,
            "score": {"type": "number"},
        },
    },
    "Publication": {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "unit": STR,
            "unit_name": STR,
            "year": {"type": "integer"},
            "published_by": NSTR,
            "published_at": DT,
        },
    },
    "Version": {
        "type": "object",
        "properties": {
            "number": {"type": "integer"},
            "kind": {"enum": ["submitted", "adjusted"]},
            "approved": {"type": "boolean"},
            "adjustment": {"type": "integer"},
            "reason": STR,
            "submitted_by": NSTR,
            "submitted_at": DT,
            "effective_from": NDATE,
            "changes": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "field": STR,
                        "indicator": {"type": ["integer", "null"]},
                        "old": {},
                        "new": {},
                    },
                },
            },
        },
    },
}
VERSIONS_RESPONSE = _json(
    {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "versions": {"type": "array", "items": _ref("Version")},
        },
    },
    "版本列表：历次提交（审核通过的一版标明）和批准的调整",
)
