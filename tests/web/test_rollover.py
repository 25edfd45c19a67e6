"""以上年为基础编制 through the pages: the seed rolled over to 2023, budgets to confirm."""

from __future__ import annotations

import pytest

from jixiao.web.audit.models import AuditEntry
from jixiao.web.goals import workflow
from jixiao.web.goals.models import GoalDocument

pytestmark = pytest.mark.django_db


def test_the_seed_rolls_over_with_every_project_plan_and_indicator(client, users, seeded):
    client.force_login(users.alice)
    form = client.get(f"/documents/{seeded.pk}/rollover/")
    assert form.status_code == 200 and 'value="2023"' in form.content.decode()
    r = client.post(f"/documents/{seeded.pk}/rollover/", {"year": 2023, "renumber": "on"})
    assert r.status_code == 200
    page = r.content.decode()
    new = GoalDocument.objects.get(unit=seeded.unit, year=2023)
    old_rows = list(seeded.projects.order_by("seq"))
    new_rows = list(new.projects.order_by("seq"))
    assert len(new_rows) == 36 and all(p.status == "draft" for p in new_rows)
    for old, p in zip(old_rows, new_rows, strict=True):
        assert p.code == old.code[:6] + "23" + old.code[8:]
        assert p.budget_total == old.budget_total and p.budget_to_confirm
        assert p.indicators.count() == old.indicators.count()
        assert list(p.plan_cells.values_list("month", "text")) == list(
            old.plan_cells.values_list("month", "text")
        )
        assert p.goals == old.goals
    assert "已从 2022 年度复制到 2023 年度：36 个项目" in page
    assert "36 个项目的预算数沿用上年，请逐个确认后再提交审核" in page
    assert old_rows[0].code in page and new_rows[0].code in page
    entry = AuditEntry.objects.get(action="document.rollover")
    assert entry.new["from_year"] == 2022 and entry.new["projects"] == 36
    # The 2022 document is unchanged.
    assert seeded.projects.filter(budget_to_confirm=True).count() == 0


def test_a_carried_over_budget_must_be_confirmed_before_submission(client, users, seeded):
    from jixiao.web.goals.drafting import roll_over

    new, _ = roll_over(seeded, 2023, users.alice)
    p = new.projects.get(seq=1)
    with pytest.raises(workflow.WorkflowError, match="预算数沿用上年"):
        workflow.submit(p, users.alice)
    client.force_login(users.alice)
    assert "预算数沿用上年" in client.get(f"/projects/{p.pk}/").content.decode()
    # Saving the budget, even unchanged, confirms it.
    workflow.edit(p, users.alice, {"budget": {"total": str(p.budget_total)}}, version=p.version)
    p.refresh_from_db()
    assert not p.budget_to_confirm
    entry = AuditEntry.objects.filter(action="project.edit").latest("id")
    assert entry.old == {"budget_to_confirm": True} and entry.new["budget_to_confirm"] is False
    workflow.submit(p, users.alice)


def test_codes_are_kept_unless_renumbering_is_asked_for(client, users, seeded):
    client.force_login(users.carol)  # the admin may roll over for a unit
    client.post(f"/documents/{seeded.pk}/rollover/", {"year": 2024})
    new = GoalDocument.objects.get(unit=seeded.unit, year=2024)
    assert list(new.projects.order_by("seq").values_list("code", flat=True)) == list(
        seeded.projects.order_by("seq").values_list("code", flat=True)
    )


def test_an_existing_year_and_outsiders_are_refused(client, users, seeded):
    client.force_login(users.alice)
    r = client.post(f"/documents/{seeded.pk}/rollover/", {"year": 2022})
    assert r.status_code == 400 and "新年度不能与原文档年度（2022）相同" in r.content.decode()
    client.post(f"/documents/{seeded.pk}/rollover/", {"year": 2023})
    r = client.post(f"/documents/{seeded.pk}/rollover/", {"year": 2023})
    assert r.status_code == 400 and "2023 年度已有绩效目标文档" in r.content.decode()
    client.force_login(users.bob)
    assert client.post(f"/documents/{seeded.pk}/rollover/", {"year": 2025}).status_code == 403
    client.force_login(users.eve)
    assert client.post(f"/documents/{seeded.pk}/rollover/", {"year": 2025}).status_code == 404
    assert GoalDocument.objects.count() == 2
