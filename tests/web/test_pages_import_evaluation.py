"""Uploading a 自评表 fills the self-evaluation of the unit's matching projects."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.corpus.build import N, Sheet, build
from tests.corpus.cases_self import _sichuan
from tests.web.test_pages_import import text_of, token_of

pytestmark = pytest.mark.django_db

UNIT = "唐山市曹妃甸区希望路街道办事处"
SAT = "服务对象满意度指标"


def table(code_name: str, budget: float, actuals: tuple[int, int, int], scores: tuple):
    """A Sichuan-template 自评表 of a seed-like project (targets ≥100, weights 50/30/10)."""
    names = (
        ("产出指标", "数量指标", "工资发放人数"),
        ("效益指标", "社会效益指标", "树立良好形象"),
        ("满意度指标", SAT, "服务对象满意度"),
    )
    indicators = [
        (l1, l2, name, "≥", N(100), "/", N(actual), w, s)
        for (l1, l2, name), actual, w, s in zip(names, actuals, (50, 30, 10), scores, strict=True)
    ]
    money = (budget, budget, budget, 1, 10, 10)  # all spent
    t = _sichuan(code_name, "希望路街道", UNIT, money, indicators)
    t.rows[0][0] = "部门预算项目支出绩效自评表(2022年度)"
    return t


def evaluation_file() -> bytes:
    return build(
        "xlsx",
        [
            Sheet("1"),
            # By code: every score the table states is what the rules give.
            table(
                "13021322P00000410179E-残疾人专职委员队伍建设", 2.28, (100, 100, 100), (50, 30, 10)
            ),
            Sheet("2"),
            # By name (no code): the table claims full marks for half the target.
            table("城管人员工资", 15.96, (50, 100, 100), (50, 30, 10)),
            Sheet("3"),
            table("不存在的项目", 2.28, (100, 100, 100), (50, 30, 10)),
        ],
    )


def upload(client, data: bytes):
    return client.post("/import/", {"file": SimpleUploadedFile("自评表.xlsx", data)})


def test_the_preview_lists_matched_unmatched_and_score_mismatches(client, users, seeded):
    from jixiao.web.monitoring.models import SelfEvaluation

    client.force_login(users.alice)
    r = upload(client, evaluation_file())
    assert r.status_code == 200
    text = text_of(r)
    assert "导入预览：绩效自评表" in text
    assert "表中 3 个项目：已匹配 2 个，未匹配 1 个；得分不一致 1 个" in text
    assert "项目编码" in text and "项目名称" in text and "不存在的项目" in text
    assert "指标“工资发放人数”：表中得分 50，按评分规则应为 25.00" in text
    assert SelfEvaluation.objects.count() == 0  # the preview stores nothing


def test_the_preview_states_the_cores_tolerance(client, users, seeded, monkeypatch):
    """The page says how far a stated score may be off with the core's constant (R123 and
    the import use `table_inputs.TOLERANCE`), never a number of its own."""
    from jixiao.web.front import uploads

    monkeypatch.setattr(uploads, "TOLERANCE", Decimal("0.07"))
    client.force_login(users.alice)
    assert "相差超过 0.07 分的标为不一致" in text_of(upload(client, evaluation_file()))


def test_confirming_fills_the_matched_projects_atomically_and_audited(client, users, seeded):
    from jixiao.web.audit.models import AuditEntry
    from jixiao.web.monitoring.data import project_score
    from jixiao.web.monitoring.models import SelfEvaluation

    client.force_login(users.alice)
    token = token_of(upload(client, evaluation_file()))
    r = client.post("/import/confirm/", {"token": token, "confirm": "1"}, follow=True)
    assert "已导入 2 个项目的绩效自评，1 个项目在系统中找不到，未导入" in text_of(r)
    first = seeded.projects.get(seq=1)
    e = SelfEvaluation.objects.get(project=first)
    assert (e.budget_adjusted, e.executed) == (Decimal("2.28"), Decimal("2.28"))
    assert [(a.indicator, a.actual, a.weight) for a in e.actuals.all()] == [
        (1, "100", Decimal(50)),
        (2, "100", Decimal(30)),
        (3, "100", Decimal(10)),
    ]
    assert project_score(first).score == Decimal("100.00")
    assert project_score(seeded.projects.get(seq=2)).score == Decimal("75.00")
    assert AuditEntry.objects.filter(action="evaluation.save").count() == 2


def test_nothing_is_stored_when_one_project_cannot_be(client, users, seeded, monkeypatch):
    from jixiao.web.monitoring import services
    from jixiao.web.monitoring.models import SelfEvaluation

    client.force_login(users.alice)
    token = token_of(upload(client, evaluation_file()))
    real = services.save_evaluation
    calls = []

    def failing(row, user, **kw):
        calls.append(row)
        if len(calls) == 2:
            raise services.InputError({"x": "磁盘已满"})
        return real(row, user, **kw)

    monkeypatch.setattr("jixiao.web.monitoring.table_import.save_evaluation", failing)
    r = client.post("/import/confirm/", {"token": token, "confirm": "1"}, follow=True)
    assert "未导入" in text_of(r) and "磁盘已满" in text_of(r)
    assert SelfEvaluation.objects.count() == 0


def test_a_table_for_a_year_without_goals_is_refused_in_the_preview(client, users, org):
    client.force_login(users.alice)
    r = upload(client, evaluation_file())
    text = text_of(r)
    assert "没有 2022年度的绩效目标，请先导入绩效目标，再导入自评表" in text
    assert "确认导入自评" not in text


def test_only_the_units_own_filler_may_import_it(client, users, org, seeded):
    client.force_login(users.carol)  # 系统管理员
    r = client.post(
        "/import/",
        {"file": SimpleUploadedFile("自评表.xlsx", evaluation_file()), "unit": org.unit_a.pk},
    )
    assert "只有本单位的填报人可以导入绩效自评表" in text_of(r)
    assert "确认导入自评" not in text_of(r)


def test_a_self_evaluation_table_can_be_corrected_in_its_preview(client, users, seeded):
    from tests.web.test_pages_import_layout import form_of

    client.force_login(users.alice)
    fields = form_of(upload(client, evaluation_file()))
    assert fields["col:完成值"] == "actual"
    fields["col:完成值"] = "ignore"
    r = client.post("/import/adjust/", fields)
    text = text_of(r)
    assert r.status_code == 200 and "导入预览：绩效自评表" in text
    assert "“完成值”→忽略" in text and "已按更正重新读取" in text


def test_a_table_with_an_overlong_actual_value_is_refused_in_one_line(client, users, seeded):
    from jixiao.web.monitoring.models import SelfEvaluation

    # 1,200 characters where a 实际完成值 holds 1,000.
    indicators = [("产出指标", "数量指标", "工资发放人数", "≥", N(100), "/", "达成" * 600, 90, 90)]
    money = (2.28, 2.28, 2.28, 1, 10, 10)
    t = _sichuan(
        "13021322P00000410179E-残疾人专职委员队伍建设", "希望路街道", UNIT, money, indicators
    )
    t.rows[0][0] = "部门预算项目支出绩效自评表(2022年度)"
    client.force_login(users.alice)
    r = upload(client, build("xlsx", [Sheet("1"), t]))
    assert r.status_code == 400
    assert "实际完成值：文字过长（1200 字，最多 1000 字）" in text_of(r)
    assert SelfEvaluation.objects.count() == 0


def test_the_preview_and_the_command_line_flag_the_same_scores(
    client, users, seeded, tmp_path, seed_path, capsys
):
    import json

    from jixiao.cli import main

    path = tmp_path / "自评表.xlsx"
    path.write_bytes(evaluation_file())
    capsys.readouterr()
    main(["evaluate", str(seed_path), "--actuals", str(path), "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    checks = out["table_check"]
    assert "项目“不存在的项目”在绩效目标中找不到，未计入" in checks
    flagged = [c for c in checks if "表中得分" in c]
    assert flagged  # the table's wrong score, matched by name as the web matches it
    client.force_login(users.alice)
    r = upload(client, evaluation_file())
    text = text_of(r)
    for line in flagged:  # 项目“…” 第 n 个指标“…”：表中得分 …: the same words on the page
        assert line.split("” ", 1)[1] in text
    # The scores the preview computes are the command line's, project by project.
    cli = {p["seq"]: (p["score"], p["grade"], p["execution_rate"]) for p in out["projects"]}
    for m in r.context["ev"].matched:
        s = m.score
        assert cli[m.row.seq] == (str(s.score), s.grade, str(s.execution_rate))
