"""Bulk upload of units and users from the downloadable Excel template: atomic, one line
per bad cell."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from jixiao.web.audit.models import AuditEntry
from jixiao.web.orgs.models import Department, Region, Unit

pytestmark = pytest.mark.django_db


def sheet_from_template(client, kind: str, rows: list[list[object]]) -> bytes:
    r = client.get(f"/setup/template/{kind}.xlsx")
    assert r.status_code == 200
    book = load_workbook(io.BytesIO(r.content))
    ws = book.worksheets[0]
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, kind: str, data: bytes, name: str = "表.xlsx"):
    return client.post("/setup/upload/", {"kind": kind, "file": SimpleUploadedFile(name, data)})


def test_the_templates_name_their_columns_and_explain_themselves(client, users):
    client.force_login(users.carol)
    for kind, first in (("units", "单位编码"), ("users", "用户名")):
        r = client.get(f"/setup/template/{kind}.xlsx")
        book = load_workbook(io.BytesIO(r.content))
        assert book.worksheets[0]["A1"].value == first
        assert book.sheetnames[1] == "填写说明"
        assert "attachment" in r["Content-Disposition"]


def test_units_and_then_users_are_created_from_the_template(client, users, org):
    client.force_login(users.carol)
    data = sheet_from_template(
        client,
        "units",
        [
            ["601001", "新区教育局本级", "130299", "某新区", "601", "新区教育局"],
            [601002, "新区实验小学", 130299, None, 601, None],  # typed as numbers
            ["314009", "希望路社区服务中心", "130213", None, "314", None],
        ],
    )
    r = upload(client, "units", data)
    assert r.status_code == 302, r.content.decode()
    assert Unit.objects.get(code="601002").department.region.code == "130299"
    assert Region.objects.get(code="130299").name == "某新区"
    assert Department.objects.get(code="601").name == "新区教育局"
    assert AuditEntry.objects.filter(action="unit.create").count() == 3
    data = sheet_from_template(
        client,
        "users",
        [
            ["xq1", "新区财务", "填报人", "601001", None, None, "A-long-passw0rd-1"],
            ["xqsh", "新区审核", "审核人", None, "130299", None, "A-long-passw0rd-2"],
            ["jdsh", "街道审核", "reviewer", None, None, "314、315", None],
        ],
    )
    r = upload(client, "users", data)
    assert r.status_code == 302, r.content.decode()
    User = get_user_model()
    assert User.objects.get(username="xq1").profile.unit.code == "601001"
    assert User.objects.get(username="xq1").check_password("A-long-passw0rd-1")
    assert [d.code for d in User.objects.get(username="jdsh").profile.departments.all()] == [
        "314",
        "315",
    ]
    assert not User.objects.get(username="jdsh").has_usable_password()


def test_a_bad_sheet_stores_nothing_and_names_every_bad_cell(client, users, org):
    client.force_login(users.carol)
    data = sheet_from_template(
        client,
        "units",
        [
            ["701001", "好单位", "130213", None, "314", None],
            ["314003", "重复的单位", "130213", None, "314", None],
            ["701002", None, "999999", None, "1", None],
            ["701003", "某单位", "130213", None, "999", None],
            ["701001", "表内重复", "130213", None, "314", None],
        ],
    )
    r = upload(client, "units", data, "单位.xlsx")
    assert r.status_code == 400
    page = r.content.decode()
    for line in (
        "单位.xlsx：未导入任何内容，请改正以下问题后重新上传",
        "第 3 行 A 列（单位编码）：单位编码“314003”已存在",
        "第 4 行 B 列（单位名称）：不能为空",
        "第 4 行 C 列（区划编码）：区划“999999”不存在（填写区划名称即可新建）",
        "第 5 行 E 列（主管部门编码）：区划“130213”中没有主管部门“999”（填写主管部门名称即可新建）",
        "第 6 行 A 列（单位编码）：“701001”在表中重复",
    ):
        assert line in page, line
    assert not Unit.objects.filter(code__startswith="70").exists()
    assert not AuditEntry.objects.filter(action="unit.create").exists()


def test_bad_user_rows_are_named_by_row_and_column(client, users, org):
    client.force_login(users.carol)
    data = sheet_from_template(
        client,
        "users",
        [
            ["ok1", None, "填报人", "314003", None, None, "A-long-passw0rd-1"],
            ["alice", None, "填报人", "314003", None, None, None],
            ["x2", None, "局长", None, None, None, None],
            ["x3", None, "填报人", "000000", None, None, "short"],
            ["x4", None, "审核人", None, None, None, None],
        ],
    )
    r = upload(client, "users", data)
    page = r.content.decode()
    for line in (
        "第 3 行 A 列（用户名）：用户“alice”已存在",
        "第 4 行 C 列（角色）：角色“局长”无效",
        "第 5 行 D 列（所属单位编码）：单位编码“000000”不存在",
        "第 5 行 G 列（初始密码）：密码不合要求",
        "第 6 行 C 列（角色）：审核人必须指定负责的财政区划",
    ):
        assert line in page, line
    assert not get_user_model().objects.filter(username="ok1").exists()


def test_a_file_that_is_not_the_template_is_one_line(client, users):
    client.force_login(users.carol)
    book = Workbook()
    book.active.append(["姓名", "电话"])
    out = io.BytesIO()
    book.save(out)
    r = upload(client, "units", out.getvalue(), "通讯录.xlsx")
    assert r.status_code == 400 and "通讯录.xlsx：" in r.content.decode()
    assert "表头缺少列" in r.content.decode()
    r = upload(client, "units", b"PK\x03\x04garbage", "坏文件.xlsx")
    assert r.status_code == 400 and "坏文件.xlsx：" in r.content.decode()


def test_csv_works_too(client, users, org):
    client.force_login(users.carol)
    csv = "单位编码,单位名称,区划编码,主管部门编码\n801001,某单位,130213,315\n".encode()
    r = upload(client, "units", csv, "units.csv")
    assert r.status_code == 302
    assert Unit.objects.get(code="801001").department == org.dept_b
