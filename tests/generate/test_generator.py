"""The document generator: deterministic, varied, and readable by our own readers."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from jixiao.core import read_bytes
from jixiao.core.generate import FORMATS, GeneratorOptions, document_bytes, generate_documents
from jixiao.core.generate.documents import generate_unit
from jixiao.core.generate.output import file_name
from jixiao.core.generate.vocabulary import COPIED_INDICATOR, sectors


def docs(units: int = 40, projects: int = 8, seed: int = 3) -> list:
    return list(generate_documents(GeneratorOptions(units, projects, seed=seed)))


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_same_seed_gives_the_same_bytes(fmt):
    a = [document_bytes(d, fmt) for d in docs(6, 5, seed=11)]
    b = [document_bytes(d, fmt) for d in docs(6, 5, seed=11)]
    assert a == b
    c = [document_bytes(d, fmt) for d in docs(6, 5, seed=12)]
    assert a != c


def test_a_unit_does_not_depend_on_the_units_before_it():
    opts = GeneratorOptions(10, 4, seed=5)
    assert generate_unit(opts, 7) == docs(10, 4, seed=5)[7]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_generated_document_reads_back_equal(fmt):
    for doc in docs(9, 6, seed=2):
        back = read_bytes(document_bytes(doc, fmt), file_name(doc, fmt))
        assert back == doc, (fmt, doc.unit)


def test_documents_vary_like_a_region():
    generated = docs(60, 10, seed=1)
    projects = [p for d in generated for p in d.projects]
    indicators = [i for p in projects for i in p.indicators]
    # many sectors, not the seed cycled
    stems = {s for sec in sectors().values() for s in sec.names}
    used = {s for s in stems if any(p.name.startswith(s) for p in projects)}
    assert len(used) >= 30
    # both taxonomies (成本 under 产出 and as its own 一级)
    level1_of_cost = {i.level1 for i in indicators if i.level2 in ("成本指标", "经济成本指标")}
    assert level1_of_cost == {"产出指标", "成本指标"}
    # 3–12 own indicators per project (a copied template row may come on top)
    own = [sum(1 for i in p.indicators if i.name != COPIED_INDICATOR[1]) for p in projects]
    assert min(own) >= 3 and max(own) <= 12
    # a share of documents in 元, with exact amounts
    in_yuan = [d for d in generated if d.money_unit == "元"]
    assert 0 < len(in_yuan) < len(generated) / 2
    assert all(p.budget.total % 100 == 0 for d in in_yuan for p in d.projects)
    # skewed amounts: the largest project is far above the median
    totals = sorted(p.budget.total for d in generated if d.money_unit == "万元" for p in d.projects)
    assert totals[-1] > 20 * totals[len(totals) // 2]
    # plans with blank cells, and some projects copying the template indicator
    assert any(c.text is None for p in projects for c in p.spending_plan.cells)
    copied = Counter(
        d.unit.code
        for d in generated
        for p in d.projects
        for i in p.indicators
        if i.name == COPIED_INDICATOR[1]
    )
    assert copied and max(copied.values()) >= 3
    # a realistic rate of defective rows (some, but few)
    defective = [i for i in indicators if i.basis in (None, "年底实际情况") or i.target.text == "1"]
    assert 0 < len(defective) < len(indicators) * 0.1
    # project codes are unique and carry the region and the year
    codes = [p.code for p in projects]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 21 and c[6:8] == "24" for c in codes)
    assert all(isinstance(p.budget.total, Decimal) for p in projects)


def _env(tmp_path: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["JIXIAO_DATA_DIR"] = str(tmp_path / "data")
    return env


def _jixiao(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "jixiao", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_generate_to_a_directory_twice_gives_identical_files(tmp_path):
    env = _env(tmp_path)
    for out in ("a", "b"):
        done = _jixiao(
            [
                "generate",
                "--units",
                "6",
                "--projects-per-unit",
                "3",
                "--seed",
                "9",
                "--to",
                str(tmp_path / out),
            ],
            env,
        )
        assert done.returncode == 0, done.stderr
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert [f.rsplit(".", 1)[1] for f in files] == ["txt", "docx", "xlsx"] * 2
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_generate_to_the_database_creates_units_regions_and_projects(tmp_path):
    env = _env(tmp_path)
    done = _jixiao(
        [
            "generate",
            "--units",
            "3",
            "--projects-per-unit",
            "4",
            "--seed",
            "1",
            "--to",
            "db",
            "--format",
            "json",
        ],
        env,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"units": 3, "projects": 12, "to": "数据库"}
    with sqlite3.connect(tmp_path / "data" / "jixiao.sqlite3") as db:
        tables = {r[0] for r in db.execute("select name from sqlite_master where type='table'")}
        unit_table = next(t for t in tables if t.endswith("_unit"))
        region_table = next(t for t in tables if t.endswith("_region"))
        project_table = next(t for t in tables if t.endswith("_project"))
        assert db.execute(f"select count(*) from {unit_table}").fetchone() == (3,)
        assert db.execute(f"select count(*) from {project_table}").fetchone() == (12,)
        names = [r[0] for r in db.execute(f"select name from {region_table}")]
        assert names and all(n.endswith(("县", "区", "市")) for n in names)


def test_bad_arguments_get_one_line_and_exit_2(tmp_path):
    done = _jixiao(
        ["generate", "--units", "0", "--projects-per-unit", "3", "--to", str(tmp_path)],
        _env(tmp_path),
    )
    assert done.returncode == 2
    assert done.stderr.strip() == "错误：--units 和 --projects-per-unit 必须是正整数"
    done = _jixiao(
        [
            "generate",
            "--units",
            "1",
            "--projects-per-unit",
            "3",
            "--formats",
            "pdf",
            "--to",
            str(tmp_path),
        ],
        _env(tmp_path),
    )
    assert done.returncode == 2
    assert "不支持的格式“pdf”" in done.stderr
