"""``GET /check/``: the edit page's live checks, answered by `jixiao.core.live_checks`.

Query: ``unit`` (the money unit), ``total``/``fiscal``/``other``/``carryover`` (the budget inputs) and,
per plan checkpoint, ``month`` and ``text`` in the same order. Answers JSON; a bad month
or money unit is a 400 with a Chinese message. Reads nothing from the database.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse

from jixiao.core.amounts import MONEY_UNITS
from jixiao.core.bounds import parse_int
from jixiao.core.live_checks import BUDGET_KEYS, check_entry

#: More plan checkpoints than a year has months is not a plan.
MAX_CELLS = 12


def _error(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


@login_required
def live_check(request: HttpRequest) -> HttpResponse:
    get = request.GET
    unit = get.get("unit") or "万元"
    if unit not in MONEY_UNITS:
        return _error(f"不支持的金额单位（可用：{'、'.join(MONEY_UNITS)}）")
    months, texts = get.getlist("month"), get.getlist("text")
    if len(months) != len(texts) or len(months) > MAX_CELLS:
        return _error(f"month 与 text 应一一对应，最多 {MAX_CELLS} 个")
    plan = []
    for raw, text in zip(months, texts, strict=True):
        try:
            month = parse_int(raw, "month", 1, 12)
        except ValueError as e:
            return _error(str(e))
        if month is not None:
            plan.append((month, text))
    budget = {key: get.get(key) for key in BUDGET_KEYS}
    return JsonResponse(check_entry(budget, plan, unit), json_dumps_params={"ensure_ascii": False})
