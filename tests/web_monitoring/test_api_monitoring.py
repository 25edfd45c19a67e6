"""The monitoring and self-evaluation API: payments (JSON or file, preview then confirm),
the monitoring table, deviations, a project's self-evaluation and the ranking, each
compared with the page that shows the same thing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jixiao.web.audit.models import AuditEntry
from jixiao.web.monitoring.models import Deviation, Payment, SelfEvaluation

D = Decimal
P1, P2 = "13021322P00000410179E", "13021322P000004101777"
CSV = (
    "日期,项目编码,金额,摘要\n"
    f"2022-03-15,{P1},3000,发放 1 季度工资\n"
    f"2022-05-10,{P2},95760,城管人员工资\n"
    f"2022-06-20,{P2},-760,退回多发工资\n"
    "2022-06-21,NOPE0001,100,不存在的项目\n"
    f"2021-12-31,{P1},500,上年度支出\n"
)


def dec(text):
    return None if text is None else D(text)


def post_json(client, url, data):
    return client.post(url, data, content_type="application/json")


def payments_list(project):
    return [
        {"project": P1, "date": "2022-03-15", "amount": "3000", "note": "发放 1 季度工资"},
        {"project": project.pk + 1, "date": "2022-05-10", "amount": 95760},
        {"project": P2, "date": "2022-06-20", "amount": "-0.076", "money_unit": "万元"},
        {"project": P1, "date": "2022-04-01", "amount": "0"},
        {"project": "NOPE0001", "date": "2022-06-21", "amount": "100"},
        {"project": P1, "date": "2021-12-31", "amount": "500"},
    ]


# -- payments --------------------------------------------------------------------------------


def test_a_json_preview_lists_every_row_and_changes_nothing(login, users, project):
    client = login(users.alice)
    audit = AuditEntry.objects.count()
    r = post_json(client, "/api/v1/payments", payments_list(project))
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["confirmed"] is False
    assert [(m["project"]["code"], m["amount"], m["money_unit"]) for m in body["matched"]] == [
        (P1, "0.30", "万元"),
        (P2, "9.576", "万元"),
        (P2, "-0.076", "万元"),
    ]
    reasons = {row["row"]: row["reason"] for row in body["refused"]}
    assert reasons == {
        4: "金额不能为 0",
        5: "项目编码“NOPE0001”不存在",
        6: "日期 2021-12-31 不在 2022 预算年度内",
    }
    assert body["totals"] == {
        "rows": 6,
        "matched": 3,
        "refused": 3,
        "refunds": 1,
        "total": "9.80",
        "unit": "万元",
    }
    assert Payment.objects.count() == 0 and AuditEntry.objects.count() == audit


def test_confirm_records_the_matched_payments_and_returns_201(login, users, project):
    client = login(users.alice)
    r = post_json(client, "/api/v1/payments?confirm=true", payments_list(project))
    assert r.status_code == 201
    assert r.json()["confirmed"] is True
    stored = sorted((p.project.code, p.amount) for p in Payment.objects.all())
    assert stored == sorted([(P1, D("0.3")), (P2, D("9.576")), (P2, D("-0.076"))])
    assert AuditEntry.objects.filter(action="payment.import").count() == 1


def test_confirm_is_all_or_nothing(login, users, project, monkeypatch):
    from jixiao.web.monitoring import services

    def fail(*args, **kwargs):
        raise RuntimeError("audit log down")

    monkeypatch.setattr(services, "record", fail)
    client = login(users.alice)
    with pytest.raises(RuntimeError):
        post_json(client, "/api/v1/payments?confirm=true", payments_list(project))
    assert Payment.objects.count() == 0


def test_a_file_gets_the_same_preview_as_the_page(login, users, org, project):
    client = login(users.alice)

    def send(confirm):
        f = SimpleUploadedFile("支付.csv", CSV.encode(), content_type="text/csv")
        url = "/api/v1/payments" + ("?confirm=true" if confirm else "")
        return client.post(url, {"file": f, "unit": "314003", "year": "2022"})

    r = send(False)
    assert r.status_code == 200, r.content
    body = r.json()
    page = client.post(
        reverse("monitoring:payments_import", args=[org.unit_a.pk]),
        {"file": SimpleUploadedFile("支付.csv", CSV.encode()), "unit": "元", "year": "2022"},
    )
    preview = page.context["preview"]
    assert [(m["project_code"], D(m["amount"])) for m in body["matched"]] == [
        (p.project_code, p.amount) for p, _ in preview.matched
    ]
    assert [row["reason"] for row in body["refused"]] == [
        "项目编码不在文档中",
        "日期 2021-12-31 不在 2022 预算年度内",
    ]
    assert D(body["totals"]["total"]) == preview.total and body["totals"]["unit"] == "万元"
    assert Payment.objects.count() == 0
    r = send(True)
    assert r.status_code == 201 and Payment.objects.count() == 3
    assert send(False).json()["already"] == 3


def test_a_bad_file_row_is_one_chinese_line_naming_file_and_line(login, users, project):
    client = login(users.alice)
    bad = f"日期,项目编码,金额\n2022-03-15,{P1},0\n"
    f = SimpleUploadedFile("坏.csv", bad.encode(), content_type="text/csv")
    r = client.post("/api/v1/payments?confirm=true", {"file": f})
    assert r.status_code == 400
    assert "坏.csv" in r.json()["error"] and "金额不能为 0" in r.json()["error"]
    assert Payment.objects.count() == 0


def test_a_payments_body_that_is_not_a_list_is_a_json_400(login, users, project):
    client = login(users.alice)
    r = post_json(client, "/api/v1/payments", {"project": 1})
    assert r.status_code == 400 and "应为列表" in r.json()["error"]
    r = client.post("/api/v1/payments", b"{nope", content_type="application/json")
    assert r.status_code == 400 and "JSON" in r.json()["error"]


# -- monitoring ------------------------------------------------------------------------------


def test_monitoring_says_what_the_unit_page_says(login, users, org, monitored_project):
    project = monitored_project  # monitored: approved
    from jixiao.web.monitoring import services

    services.import_payments(project.document, CSV.encode(), "p.csv", users.alice, "元")
    bob = login(users.bob)
    r = bob.get("/api/v1/monitoring", {"unit": "314003", "year": 2022, "as_of": "2022-06-30"})
    assert r.status_code == 200, r.content
    body = r.json()
    page = bob.get(reverse("monitoring:unit", args=[org.unit_a.pk]), {"as_of": "2022-06-30"})
    lines = page.context["lines"]
    assert len(body["projects"]) == len(lines) == 36
    for out, ln in zip(body["projects"], lines, strict=True):
        s = ln["s"]
        assert out["project"]["id"] == ln["row"].pk
        assert out["color"] == ln["color"]
        assert dec(out["execution_rate"]) == s.execution_rate
        assert D(out["expected_rate"]) == s.expected_percent
        assert D(out["paid"]) == s.executed and out["money_unit"] == "万元"
    p1 = body["projects"][0]
    assert (p1["execution_rate"], p1["expected_rate"], p1["deviation"]) == (
        "13.16",
        "50.00",
        "-36.84",
    )
    assert (p1["color"], p1["color_label"]) == ("red", "红灯")
    totals = page.context["totals"]
    assert body["totals"]["unit"] == "万元"
    assert D(body["totals"]["paid"]) == totals.executed
    assert D(body["totals"]["execution_rate"]) == totals.execution_rate
    assert {c["key"]: c["projects"] for c in body["colors"]} == totals.colors


def test_monitoring_of_an_unknown_or_invisible_unit_is_a_json_404(login, users, org, project):
    r = login(users.eve).get("/api/v1/monitoring", {"unit": "314003"})
    assert r.status_code == 404 and "不存在" in r.json()["error"]
    r = login(users.bob).get("/api/v1/monitoring")
    assert r.status_code == 400 and "unit" in r.json()["error"]


def test_monitoring_defaults_to_the_users_own_unit(login, users, project):
    r = login(users.alice).get("/api/v1/monitoring", {"as_of": "2022-12-31"})
    assert r.status_code == 200 and r.json()["unit"]["code"] == "314003"
    assert r.json()["months"] == 12


# -- deviation -------------------------------------------------------------------------------


def test_a_deviation_with_no_keeps_no(login, users, project):
    client = login(users.alice)
    url = f"/api/v1/projects/{project.pk}/deviation"
    r = post_json(
        client,
        url,
        {"reason": "人员到岗晚", "correction_needed": "否", "likelihood": "有可能完成"},
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["correction_needed"] is False and body["likelihood"] == "likely"
    assert Deviation.objects.get().correction_needed is False
    r = post_json(client, url, {"reason": "x", "correction_needed": False, "likelihood": "likely"})
    assert r.status_code == 201 and r.json()["correction_needed"] is False


def test_a_deviation_takes_the_colour_monitoring_shows(login, users, monitored_project):
    project = monitored_project  # monitored: approved
    from jixiao.web.monitoring import services

    services.import_payments(project.document, CSV.encode(), "p.csv", users.alice, "元")
    r = post_json(
        login(users.alice),
        f"/api/v1/projects/{project.pk}/deviation",
        {
            "reason": "进度慢",
            "correction_needed": True,
            "correction": "加快支付",
            "likelihood": "likely",
            "as_of": "2022-06-30",
        },
    )
    assert r.status_code == 201
    assert (r.json()["color"], r.json()["correction"]) == ("red", "加快支付")


def test_a_deviation_needing_correction_without_one_is_refused_in_chinese(login, users, project):
    r = post_json(
        login(users.alice),
        f"/api/v1/projects/{project.pk}/deviation",
        {"reason": "进度慢", "correction_needed": "是", "likelihood": "likely"},
    )
    assert r.status_code == 400
    assert r.json()["fields"] == {"follow_up": "需要整改时请填写整改措施"}
    assert Deviation.objects.count() == 0


# -- self-evaluation -------------------------------------------------------------------------


def test_an_evaluation_not_started_has_no_score(login, users, project):
    r = login(users.dave).get(f"/api/v1/projects/{project.pk}/evaluation")
    assert r.status_code == 200
    body = r.json()
    assert (body["status"], body["score"], body["grade"], body["grade_text"]) == (
        "not_started",
        None,
        None,
        "未开始",
    )
    assert body["version"] == "" and len(body["lines"]) == 3
    assert "全年预算数或全年执行数" in body["missing"]


def test_put_scores_the_evaluation_as_the_page_does(login, users, project):
    client = login(users.alice)
    url = f"/api/v1/projects/{project.pk}/evaluation"
    lines = [{"indicator": n, "actual": "100"} for n in (1, 2, 3)]
    r = client.put(
        url,
        {"budget_adjusted": "2.28", "executed": "2.28", "lines": lines},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["status"], body["score"], body["grade"], body["execution_rate"]) == (
        "complete",
        "100.00",
        "优",
        "100.00",
    )
    page = client.get(reverse("monitoring:evaluation", args=[project.pk])).context["score"]
    assert (D(body["score"]), body["grade_text"], body["status"]) == (
        page.score,
        page.grade_text,
        page.status,
    )
    # Lines not sent are cleared (the whole evaluation is replaced): provisional.
    r = client.put(
        url, {"budget_adjusted": "2.28", "executed": "1.14"}, content_type="application/json"
    )
    assert r.json()["status"] == "provisional" and r.json()["execution_rate"] == "50.00"


def test_put_with_a_stale_version_is_409_and_stores_nothing(login, users, project):
    client = login(users.alice)
    url = f"/api/v1/projects/{project.pk}/evaluation"
    first = client.put(url, {"executed": "1", "version": ""}, content_type="application/json")
    assert first.status_code == 200
    version = first.json()["version"]
    assert version
    second = client.put(url, {"executed": "2", "version": version}, content_type="application/json")
    assert second.status_code == 200
    stale = client.put(url, {"executed": "3", "version": version}, content_type="application/json")
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["error"]
    assert SelfEvaluation.objects.get().executed == D("2")


def test_put_refuses_bad_values_in_chinese(login, users, project):
    client = login(users.alice)
    url = f"/api/v1/projects/{project.pk}/evaluation"
    r = client.put(
        url,
        {"executed": "1e3", "lines": [{"indicator": 9, "actual": "1"}]},
        content_type="application/json",
    )
    assert r.status_code == 400 and r.json()["fields"] == {"line-9": "没有第 9 个指标（共 3 个）"}
    r = client.put(url, {"executed": "1e3"}, content_type="application/json")
    assert r.status_code == 400 and "全年执行数" in r.json()["fields"]["executed"]
    assert SelfEvaluation.objects.count() == 0


def test_missing_ids_are_json_404s(login, users, project):
    client = login(users.alice)
    for method, url, data in [
        ("get", "/api/v1/projects/999999/evaluation", {}),
        ("put", "/api/v1/projects/999999/evaluation", {}),
        ("post", "/api/v1/projects/999999/deviation", {"reason": "慢"}),
    ]:
        r = getattr(client, method)(url, data, content_type="application/json")
        assert r.status_code == 404 and r.json()["error"] == "项目不存在", url


# -- ranking ---------------------------------------------------------------------------------


def test_the_ranking_equals_the_ranking_page(login, users, org, project, seed_doc):
    from jixiao.web.goals.imports import import_document
    from jixiao.web.monitoring import services

    import_document(seed_doc, users.eve, org.unit_b, source_name="seed.txt")
    lines = [services.LineInput(n, "100") for n in (1, 2, 3)]
    services.save_evaluation(
        project, users.alice, budget_adjusted=D("2.28"), executed=D("2"), lines=lines
    )
    bob = login(users.bob)
    r = bob.get("/api/v1/evaluation", {"year": 2022})
    assert r.status_code == 200, r.content
    body = r.json()
    page = bob.get(reverse("monitoring:ranking"), {"year": 2022}).context
    assert [u["unit"]["code"] for u in body["units"]] == [row["unit"].code for row in page["rows"]]
    for out, row in zip(body["units"], page["rows"], strict=True):
        roll = row["rollup"]
        assert (out["rollup"]["evaluated"], out["rollup"]["projects"]) == (
            roll.complete,
            roll.projects,
        )
        assert out["rollup"]["coverage"] == roll.coverage
        assert dec(out["rollup"]["weighted_average"]) == roll.weighted_average
        assert dec(out["rollup"]["execution_rate"]) == roll.execution_rate
    a = body["units"][0]
    assert (a["unit"]["code"], a["rank"], a["rollup"]["evaluated"], a["rollup"]["projects"]) == (
        "314003",
        1,
        1,
        36,
    )
    assert body["total"]["coverage"] == page["total"].coverage == "已评 1/72"
    # Only the region asked for.
    other = bob.get("/api/v1/evaluation", {"year": 2022, "region": "130214"}).json()
    assert other["units"] == [] and other["total"] is None


def test_a_unit_sees_only_itself_in_the_ranking(login, users, org, project, seed_doc):
    from jixiao.web.goals.imports import import_document

    import_document(seed_doc, users.eve, org.unit_b, source_name="seed.txt")
    body = login(users.alice).get("/api/v1/evaluation").json()
    assert [u["unit"]["code"] for u in body["units"]] == ["314003"]


# -- rights ----------------------------------------------------------------------------------

# What each user gets from each endpoint on unit A's project 1: the status code.
MATRIX = """
       monitoring payments deviation evaluation evaluate ranking
alice  200        201      201       200        200      200
eve    404        400      404       404        404      200
bob    200        403      403       200        403      200
frank  404        403      404       404        404      200
carol  200        403      403       200        403      200
dave   200        403      403       200        403      200
"""


def call(client, endpoint, project):
    pid = project.pk
    if endpoint == "monitoring":
        return client.get("/api/v1/monitoring", {"unit": "314003"})
    if endpoint == "payments":
        data = [{"project": pid, "date": "2022-03-01", "amount": "1"}]
        return post_json(client, "/api/v1/payments?confirm=true", data)
    if endpoint == "deviation":
        data = {"reason": "慢", "likelihood": "likely"}
        return post_json(client, f"/api/v1/projects/{pid}/deviation", data)
    if endpoint == "evaluation":
        return client.get(f"/api/v1/projects/{pid}/evaluation")
    if endpoint == "evaluate":
        url = f"/api/v1/projects/{pid}/evaluation"
        return client.put(url, {"executed": "1"}, content_type="application/json")
    return client.get("/api/v1/evaluation")


def test_every_role_and_endpoint_matches_the_matrix(client, users, project):
    header, *rows = [line.split() for line in MATRIX.strip().splitlines()]
    expected = {(row[0], e): int(c) for row in rows for e, c in zip(header, row[1:], strict=True)}
    actual = {}
    for name, endpoint in expected:
        client.force_login(getattr(users, name))
        r = call(client, endpoint, project)
        assert "error" in r.json() if r.status_code >= 400 else True
        actual[(name, endpoint)] = r.status_code
    assert actual == expected
    # eve's payment naming another unit's project was refused (400), not stored.
    assert Payment.objects.filter(project=project).count() == 1


def test_anonymous_gets_401(client, project):
    assert client.get("/api/v1/monitoring").status_code == 401


# -- schema ----------------------------------------------------------------------------------


def test_every_response_of_these_routes_is_typed(client, db):
    paths = client.get("/api/v1/openapi.json").json()
    schemas = paths["components"]["schemas"]

    def untyped(schema):
        if "$ref" in schema:
            schema = schemas[schema["$ref"].rsplit("/", 1)[-1]]
        return schema.get("type") == "object" and not schema.get("properties")

    words = ("payments", "monitoring", "deviation", "evaluation")
    ours = [p for p in paths["paths"] if any(w in p for w in words)]
    assert len(ours) == 5
    for path in ours:
        for method, op in paths["paths"][path].items():
            for status, response in op["responses"].items():
                for media in response.get("content", {}).values():
                    assert not untyped(media["schema"]), (path, method, status)


def test_xlsx_payments_are_accepted_too(login, users, project):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "项目编码", "金额"])
    ws.append(["2022-03-15", P1, 3000])
    buf = io.BytesIO()
    wb.save(buf)
    f = SimpleUploadedFile("支付.xlsx", buf.getvalue())
    r = login(users.alice).post("/api/v1/payments", {"file": f, "money_unit": "元"})
    assert r.status_code == 200, r.content
    assert [m["amount"] for m in r.json()["matched"]] == ["0.30"]


def test_an_unparsable_body_is_a_chinese_400(login, users, project):
    client = login(users.alice)
    r = client.post(
        f"/api/v1/projects/{project.pk}/deviation", b"{", content_type="application/json"
    )
    assert r.status_code == 400 and r.json() == {"error": "请求内容不是有效的 JSON"}


def test_a_file_without_a_year_uses_the_newest_document_and_says_why_rows_are_refused(
    login, users, project
):
    f = SimpleUploadedFile("支付.csv", CSV.encode(), content_type="text/csv")
    r = login(users.alice).post("/api/v1/payments", {"file": f})
    assert r.status_code == 200
    assert [row["reason"] for row in r.json()["refused"]] == [
        "项目编码不在文档中",
        "日期 2021-12-31 不在 2022 预算年度内",
    ]


# -- hostile input to payments -----------------------------------------------------------


def test_confirm_with_every_row_refused_is_400_naming_the_rows_and_stores_nothing(
    login, users, project
):
    client = login(users.alice)
    audit = AuditEntry.objects.count()
    rows = [
        {"project": P1, "date": "2022-04-01", "amount": "0"},
        {"project": "NOPE0001", "date": "2022-06-21", "amount": "100"},
    ]
    r = post_json(client, "/api/v1/payments?confirm=true", rows)
    assert r.status_code == 400, r.content
    text = r.json()["error"]
    assert "未保存" in text and "第 1 项：金额不能为 0" in text and "第 2 项" in text
    r = post_json(client, "/api/v1/payments?confirm=true", [])
    assert r.status_code == 400 and "没有可记录的支付记录" in r.json()["error"]
    assert Payment.objects.count() == 0 and AuditEntry.objects.count() == audit


def test_a_file_with_every_row_refused_is_400_naming_file_and_rows(login, users, project):
    client = login(users.alice)
    audit = AuditEntry.objects.count()
    bad = "日期,项目编码,金额\n2022-06-21,NOPE0001,100\n2021-12-31,NOPE0002,5\n"
    f = SimpleUploadedFile("全错.csv", bad.encode(), content_type="text/csv")
    r = client.post("/api/v1/payments?confirm=true", {"file": f})
    assert r.status_code == 400, r.content
    text = r.json()["error"]
    assert text.startswith("全错.csv：没有可记录的支付记录") and "第 2 行" in text
    assert Payment.objects.count() == 0 and AuditEntry.objects.count() == audit


def test_a_bad_field_in_a_list_names_its_row_and_the_field_in_chinese(login, users, project):
    rows = [*payments_list(project)[:3], {"project": P1, "date": "2022-13-01", "amount": 1.5}]
    r = post_json(login(users.alice), "/api/v1/payments", rows)
    assert r.status_code == 400
    body = r.json()
    assert "第 4 项 日期（date）应为日期" in body["error"]
    assert "第 4 项 金额（amount）应为文本" in body["error"]
    assert set(body["fields"]) == {"payments[4].date", "payments[4].amount"}


def test_api_answers_are_utf8_json_not_escaped(login, users, project):
    client = login(users.alice)
    r = post_json(client, "/api/v1/payments", payments_list(project))
    assert r.status_code == 200 and "发放 1 季度工资".encode() in r.content
    assert b"\\u" not in r.content
    r = client.get("/api/v1/openapi.json")
    assert "运行监控与绩效自评".encode() in r.content and b"\\u" not in r.content


def test_put_refuses_texts_and_weights_beyond_the_bounds(login, users, project):
    client = login(users.alice)
    url = f"/api/v1/projects/{project.pk}/evaluation"
    lines = [
        {"indicator": 1, "actual": "1" * 1001},
    ]
    r = client.put(url, {"achieved": "完" * 20001}, content_type="application/json")
    assert r.status_code == 400
    assert r.json()["fields"]["achieved"].startswith("实际完成情况：文字过长")
    r = client.put(url, {"lines": lines}, content_type="application/json")
    assert r.status_code == 400
    fields = r.json()["fields"]
    assert fields["line-1-actual"] == "第 1 个指标：实际完成值过长（1001 字，最多 1000 字）"
    lines = [{"indicator": 1, "actual": "1" * 30 + "个个"}]
    r = client.put(url, {"lines": lines}, content_type="application/json")
    fields = r.json()["fields"]
    assert "“111111" in fields["line-1-actual"] and "1" * 40 not in fields["line-1-actual"]
    lines = [{"indicator": 2, "weight": "5000"}]
    r = client.put(url, {"lines": lines}, content_type="application/json")
    assert r.json()["fields"]["line-2-weight"].startswith("第 2 个指标的分值：百分比“5000”超出范围")
    assert SelfEvaluation.objects.count() == 0
