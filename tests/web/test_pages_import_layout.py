"""The import preview tells how each column was read, lets the user correct it, and the
correction is remembered for the next file of the same layout."""

from __future__ import annotations

import copy
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.corpus.build import T, build
from tests.corpus.cases_goals import hebei_official
from tests.web.test_pages_import import text_of, token_of

pytestmark = pytest.mark.django_db


def reworded(old: str, new: str, project: str = "残疾人专职委员队伍建设") -> bytes:
    """The seed-like corpus case with one header reworded (and the project renamed)."""
    blocks = copy.deepcopy(hebei_official.blocks)
    for b in blocks:
        if isinstance(b, T):
            b.rows = [
                [new if c == old else project if c == "残疾人专职委员队伍建设" else c for c in r]
                for r in b.rows
            ]
    return build("docx", blocks)


def upload(client, data: bytes, name: str = "目标.docx"):
    return client.post("/import/", {"file": SimpleUploadedFile(name, data)})


def form_of(response) -> dict[str, str]:
    """The correction form's fields as the page shows them (selects at their selection)."""
    html = response.content.decode()
    form = html[
        html.index('id="layout-form"') : html.index("</form>", html.index('id="layout-form"'))
    ]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.update(re.findall(r'<input name="([^"]+)" value="([^"]*)"', form))
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        fields[name] = re.search(r'<option value="([^"]*)" selected', body).group(1)
    return fields


def targets() -> list[str]:
    from jixiao.web.goals.models import Indicator

    return list(Indicator.objects.order_by("position").values_list("target_text", flat=True))


def test_the_preview_shows_how_each_column_was_read(client, users):
    client.force_login(users.alice)
    r = upload(client, reworded("指标值", "预期水平"))
    text = text_of(r)
    assert "读取方式" in text and "三级指标 三级指标" in text
    assert "预期水平 未使用" in text
    assert form_of(r)["col:预期水平"] == "ignore"
    assert form_of(r)["col:三级指标"] == "name"


def test_a_corrected_column_is_read_imported_and_applied_to_the_next_file(client, users, org):
    from jixiao.web.audit.models import AuditEntry
    from jixiao.web.layouts.models import LayoutCorrection

    client.force_login(users.alice)
    r = upload(client, reworded("指标值", "预期水平"))
    fields = form_of(r)
    fields["col:预期水平"] = "target"
    r = client.post("/import/adjust/", fields)
    assert r.status_code == 200
    text = text_of(r)
    assert "已按更正重新读取" in text and "“预期水平”→指标值（年度）" in text
    assert form_of(r)["col:预期水平"] == "target"
    r = client.post("/import/confirm/", {"token": token_of(r), "confirm": "1"}, follow=True)
    assert "已记住对该表格版式的更正" in text_of(r)
    assert "≥100" in targets() and "≥90%" in targets()
    entry = AuditEntry.objects.filter(action="document.import").latest("pk")
    assert entry.new["override"]["columns"] == {"预期水平": "target"}
    assert LayoutCorrection.objects.get().unit == org.unit_a

    # The next file of the same layout (another year, another project) reads the same way.
    from jixiao.web.goals.models import GoalDocument

    GoalDocument.objects.all().delete()
    r = upload(client, reworded("指标值", "预期水平", project="社区环境整治"), "第二个.docx")
    text = text_of(r)
    assert "已自动应用本单位上次对同样版式文件（目标.docx）所做的更正" in text
    assert form_of(r)["col:预期水平"] == "target"
    client.post("/import/confirm/", {"token": token_of(r), "confirm": "1"})
    assert "≥100" in targets()
    assert GoalDocument.objects.get().projects.get().name == "社区环境整治"


def test_another_layout_gets_no_correction(client, users, org):
    from jixiao.core.formats.overrides import LayoutOverride
    from jixiao.web.layouts.services import remember

    remember(org.unit_a, "0" * 32, LayoutOverride(columns={"预期水平": "target"}), None, "x")
    client.force_login(users.alice)
    r = upload(client, reworded("指标值", "预期水平"))
    assert "已自动应用" not in text_of(r)


def test_the_unit_year_and_money_unit_can_be_corrected(client, users):
    from jixiao.web.goals.models import GoalDocument

    client.force_login(users.alice)
    fields = form_of(upload(client, reworded("指标值", "预期水平")))
    fields.update(year="2024", money_unit="元")
    r = client.post("/import/adjust/", fields)
    assert "预算年度 2024" in text_of(r) and "2.28 元" in text_of(r)
    client.post("/import/confirm/", {"token": token_of(r), "confirm": "1"})
    doc = GoalDocument.objects.get()
    assert (doc.year, doc.money_unit) == (2024, "元")


@pytest.mark.parametrize(
    "change", [{"year": "二〇二四"}, {"col:预期水平": "no-such-field"}, {"col:三级指标": "ignore"}]
)
def test_a_bad_correction_is_refused_in_one_line_and_the_last_reading_kept(client, users, change):
    client.force_login(users.alice)
    fields = form_of(upload(client, reworded("指标值", "预期水平")))
    fields.update(change)
    r = client.post("/import/adjust/", fields)
    assert r.status_code == 400
    assert "更正未采用" in text_of(r) and "1 个项目" in text_of(r)


def test_only_the_uploader_may_correct(client, users):
    client.force_login(users.alice)
    fields = form_of(upload(client, reworded("指标值", "预期水平")))
    client.force_login(users.eve)
    r = client.post("/import/adjust/", fields, follow=True)
    assert "导入已过期或不存在" in text_of(r)


def test_a_correction_made_by_one_unit_helps_another_unit_of_the_region(client, users, org):
    from jixiao.core.formats import read_bytes
    from jixiao.core.formats.overrides import LayoutOverride
    from jixiao.web.layouts.services import remember

    data = reworded("指标值", "预期水平")
    fingerprint = read_bytes(data, "a.docx").layout_fingerprint
    remember(
        org.unit_a, fingerprint, LayoutOverride(columns={"预期水平": "target"}), None, "a.docx"
    )
    client.force_login(users.eve)  # 填报人 of unit B, same region as unit A
    r = upload(client, data)
    assert "已自动应用本区划其他单位上次对同样版式文件（a.docx）所做的更正" in text_of(r)
    assert form_of(r)["col:预期水平"] == "target"


def test_a_remembered_correction_that_no_longer_fits_is_not_applied(client, users, org):
    from jixiao.core.formats import read_bytes
    from jixiao.core.formats.overrides import LayoutOverride
    from jixiao.web.layouts.services import remember

    data = reworded("指标值", "预期水平")
    fingerprint = read_bytes(data, "a.docx").layout_fingerprint
    remember(org.unit_a, fingerprint, LayoutOverride(columns={"三级指标": None}), None, "a.docx")
    client.force_login(users.alice)
    r = upload(client, data)
    assert r.status_code == 200 and "已自动应用" not in text_of(r) and "1 个项目" in text_of(r)


def test_a_forged_column_the_file_lacks_is_refused_and_never_remembered(client, users):
    from jixiao.web.layouts.models import LayoutCorrection

    client.force_login(users.alice)
    fields = form_of(upload(client, reworded("指标值", "预期水平")))
    fields.update({"col:不存在的列" + "x" * 60: "target", "was:不存在的列" + "x" * 60: "ignore"})
    fields["col:预期水平"] = "target"
    r = client.post("/import/adjust/", fields)
    assert r.status_code == 400
    assert "更正未采用：文件的表头中没有列“不存在的列" in text_of(r) and "x" * 30 not in text_of(r)
    assert form_of(r)["col:预期水平"] == "ignore"  # the last reading kept, whole
    client.post("/import/confirm/", {"token": token_of(r), "confirm": "1"})
    assert not LayoutCorrection.objects.exists()
