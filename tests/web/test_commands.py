"""The commands that use the database: import, createuser and serve."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from jixiao.cli import main


def fresh_env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["JIXIAO_DATA_DIR"] = str(tmp_path / "data")
    env.pop("JIXIAO_SECRET_KEY", None)
    return env


def jixiao(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jixiao", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_commands_work_on_a_fresh_empty_data_directory(tmp_path, seed_path):
    env = fresh_env(tmp_path)
    done = jixiao(["import", str(seed_path)], env)
    assert done.returncode == 0, done.stderr
    assert (
        "已导入：314003 唐山市曹妃甸区希望路街道办事处 2022年度，36 个项目，预算合计 788.92 万元"
        in done.stdout
    )
    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "jixiao.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert (tmp_path / "data" / "secret_key").stat().st_mode & 0o077 == 0
    again = jixiao(["import", str(seed_path)], env)
    assert again.returncode == 2
    assert (
        again.stderr.strip()
        == "错误：唐山市曹妃甸区希望路街道办事处 2022年度的绩效目标已导入，不能重复导入"
    )
    user = jixiao(
        ["createuser", "wang", "--role", "unit", "--unit", "314003", "--password-stdin"],
        env,
        "A-long-passw0rd\n",
    )
    assert user.returncode == 0, user.stderr
    assert user.stdout.strip() == "已创建用户：wang（填报人）"


def test_createuser_on_a_fresh_directory_creates_the_database(tmp_path):
    done = jixiao(
        ["createuser", "root", "--role", "admin", "--password-stdin"],
        fresh_env(tmp_path),
        "A-long-passw0rd\n",
    )
    assert done.returncode == 0, done.stderr
    assert "系统管理员" in done.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["createuser", "x", "--role", "unit", "--unit", "999999"], "单位编码“999999”不存在"),
        (["createuser", "x", "--role", "unit"], "填报人必须指定所属单位"),
        (["createuser", "x", "--role", "reviewer"], "审核人必须指定负责的财政区划"),
        (["createuser", "x", "--role", "reviewer", "--region", "999"], "财政区划“999”不存在"),
        (["createuser", "alice", "--role", "admin"], "用户“alice”已存在"),
    ],
)
def test_createuser_refuses_bad_requests(users, monkeypatch, capsys, args, message):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("A-long-passw0rd\n"))
    assert main([*args, "--password-stdin"]) == 2
    assert message in capsys.readouterr().err


@pytest.mark.django_db
def test_createuser_refuses_a_short_password(org, monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["createuser", "x", "--role", "auditor", "--password-stdin"]) == 2
    assert "密码不合要求" in capsys.readouterr().err


@pytest.mark.django_db
def test_createuser_makes_a_reviewer_with_its_scope(org, monkeypatch, capsys):
    import io

    from jixiao.web.audit.models import AuditEntry
    from jixiao.web.permissions import visible_units

    monkeypatch.setattr(sys, "stdin", io.StringIO("A-long-passw0rd\n"))
    assert (
        main(["createuser", "li", "--role", "reviewer", "--department", "315", "--password-stdin"])
        == 0
    )
    from django.contrib.auth import get_user_model

    li = get_user_model().objects.get(username="li")
    assert li.check_password("A-long-passw0rd")
    assert list(visible_units(li)) == [org.unit_b]
    entry = AuditEntry.objects.get(action="user.create")
    assert entry.username.startswith("命令行") and entry.new["departments"] == ["315"]


@pytest.mark.django_db
def test_import_of_a_non_goal_file_stores_nothing(org, tmp_path, capsys):
    from jixiao.web.goals.models import GoalDocument

    bad = tmp_path / "notes.txt"
    bad.write_text("会议纪要\n", encoding="utf-8")
    assert main(["import", str(bad)]) == 2
    assert "notes.txt" in capsys.readouterr().err
    assert GoalDocument.objects.count() == 0


@pytest.mark.django_db
def test_import_into_a_named_unit(org, seed_path, capsys):
    from jixiao.web.goals.models import GoalDocument

    assert main(["import", str(seed_path), "--unit", "315001"]) == 0
    assert GoalDocument.objects.get().unit == org.unit_b
    assert main(["import", str(seed_path), "--unit", "nope"]) == 2
    assert "单位编码“nope”不存在" in capsys.readouterr().err


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_demo_serves_pages_static_files_and_the_api(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "serve", "--demo", "--port", str(port)],
        env=fresh_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = proc.stdout.readline()
        assert banner.startswith(f"jixiao 已启动：http://127.0.0.1:{port}/"), proc.stderr.read()
        rest = [proc.stdout.readline() for _ in range(6)]
        assert "密码均为 jixiao-demo" in rest[0]
        assert [line.split()[0] for line in rest[1:]] == [
            "tianbao",
            "shenhe",
            "guanli",
            "shenji",
            "tianbao2",
        ]
        base = f"http://127.0.0.1:{port}"
        for _ in range(50):
            try:
                page = urllib.request.urlopen(f"{base}/login/", timeout=5)
                break
            except OSError:
                time.sleep(0.1)
        assert "登录" in page.read().decode("utf-8")
        css = urllib.request.urlopen(f"{base}/static/jixiao/base.css", timeout=5)
        assert css.status == 200 and b"font-family" in css.read()
        req = urllib.request.Request(
            f"{base}/api/v1/token",
            data=json.dumps({"username": "shenhe", "password": "jixiao-demo"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        token = json.load(urllib.request.urlopen(req, timeout=5))["token"]
        listing = urllib.request.Request(
            f"{base}/api/v1/projects", headers={"Authorization": f"Bearer {token}"}
        )
        assert json.load(urllib.request.urlopen(listing, timeout=5))["count"] == 36
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    # The demo stored the seed for unit 314003: importing it again is refused.
    again = jixiao(
        ["import", str(Path(__file__).parents[1] / "data" / "xiwanglu-2022-performance-goals.txt")],
        fresh_env(tmp_path),
    )
    assert again.returncode == 2 and "已导入" in again.stderr


@pytest.mark.django_db
def test_load_demo_is_idempotent(db):
    from jixiao.web.demo import load_demo
    from jixiao.web.goals.models import Project

    assert load_demo() is True
    assert load_demo() is False
    assert Project.objects.count() == 36


def test_the_packaged_demo_seed_is_the_test_seed(seed_path):
    from jixiao.web.demo import SEED

    assert SEED.read_bytes() == seed_path.read_bytes()


def test_createadmin_makes_the_first_administrator_on_a_fresh_directory(tmp_path):
    env = fresh_env(tmp_path)
    done = jixiao(["createadmin", "root", "--password-stdin"], env, "A-long-passw0rd\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("已创建系统管理员：root。")
    short = jixiao(["createadmin", "root2", "--password-stdin"], env, "short\n")
    assert short.returncode == 2 and "密码不合要求" in short.stderr
    again = jixiao(["createadmin", "root", "--password-stdin"], env, "A-long-passw0rd\n")
    assert again.returncode == 2 and "用户“root”已存在" in again.stderr


def test_serve_without_an_administrator_in_the_background_offers_a_one_time_page(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "jixiao", "serve", "--port", str(port)],
        env=fresh_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        banner = [proc.stdout.readline() for _ in range(4)]
        assert banner[0].startswith(f"jixiao 已启动：http://127.0.0.1:{port}/"), proc.stderr.read()
        assert "还没有系统管理员" in banner[1]
        link = banner[2].strip()
        assert link.startswith(f"http://127.0.0.1:{port}/first-admin/?token=")
        assert "jixiao createadmin" in banner[3]
        for _ in range(50):
            try:
                page = urllib.request.urlopen(link, timeout=5).read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        assert "创建系统管理员" in page and 'name="password1"' in page
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(link[:-3] + "xyz", timeout=5)
        assert refused.value.code == 403
        assert "这个地址无效或已经用过" in refused.value.read().decode("utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.django_db
def test_serve_asks_for_the_first_administrator_in_a_terminal(monkeypatch, capsys):
    import getpass
    import io

    from jixiao.cli.createadmin import first_admin_or_refuse, has_admin

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter(["短", "A-long-passw0rd", "A-long-passw0rd", "A-long-passw0rd"])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    names = iter(["root", "root"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(names))
    assert not has_admin()
    assert first_admin_or_refuse(Terminal()) is True
    out = capsys.readouterr()
    assert "第一次使用：请创建系统管理员" in out.out
    assert "两次输入的密码不一致" in out.err  # the first try, then a good one
    assert has_admin()
    assert first_admin_or_refuse(io.StringIO()) is True  # an administrator exists now


@pytest.mark.django_db
def test_import_refuses_more_projects_than_the_import_cap(org, seed_path, capsys):
    from jixiao.web.goals.models import GoalDocument

    assert main(["import", str(seed_path), "--unit", "315001", "--max-import-projects", "10"]) == 2
    err = capsys.readouterr().err
    assert "一次导入的项目过多（超过 10 个上限）" in err and seed_path.name in err
    assert GoalDocument.all_objects.count() == 0


def test_import_append_adds_a_second_file_to_the_years_document(tmp_path, seed_path, seed_doc):
    """`jixiao import FILE --append`: the web's 追加到已有文档 on the command line."""
    import dataclasses

    from jixiao.core.formats import to_bytes

    env = fresh_env(tmp_path)
    assert jixiao(["import", str(seed_path)], env).returncode == 0
    projects = [
        dataclasses.replace(seed_doc.projects[0], name="补充项目甲", code=None),
        dataclasses.replace(seed_doc.projects[1], name="补充项目乙", code=None),
    ]
    second = tmp_path / "第二批.xlsx"
    second.write_bytes(to_bytes(dataclasses.replace(seed_doc, projects=projects), "xlsx"))
    done = jixiao(["import", str(second), "--append"], env)
    assert done.returncode == 0, done.stderr
    assert "已追加：314003 唐山市曹妃甸区希望路街道办事处 2022年度，2 个项目（第 37–38 个" in (
        done.stdout
    )
    again = jixiao(["import", str(second), "--append"], env)
    assert again.returncode == 2
    assert "未追加任何项目：文件中的项目“补充项目甲”与已有文档第 37 个项目同名" in again.stderr
    assert "共 2 处冲突" in again.stderr
