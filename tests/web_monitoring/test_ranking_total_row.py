"""The ranking's 合计 row shows its 部门整体得分 cell as the unit rows show a missing score."""

from __future__ import annotations

import re

from django.urls import reverse


def test_the_total_row_marks_the_department_score_as_not_applicable(login, users, seeded):
    html = login(users.bob).get(reverse("monitoring:ranking")).content.decode()
    total = re.search(r'<tbody class="total">(.*?)</tbody>', html, re.S).group(1)
    unit = re.search(r'class="num department-score" data-status="[^"]*">([^<]*)<', html).group(1)
    assert unit.strip() == "—"  # no department evaluation saved
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", total)
    # 项目, 已评, 加权平均分, 简单平均分, 部门整体得分, 优 良 中 差, 预算执行率
    assert cells[4] == "—"
    assert "" not in cells
