"""Every surface tells the same numbers: for the seed (万元, unit A) and a generated document
(元, unit B), each project's budget, 执行率, score, grade, status, quality score and
findings agree between the pages (project, document, list, monitoring, self-evaluation,
ranking), the JSON API, the exports (xlsx of the goals and of the self-evaluation) and the
command line run on the exported file (`read`, `review`, `evaluate --format json`).

The test never recomputes a rule: it reads what each surface shows and compares.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from jixiao.core.amounts import format_amount

D = Decimal
TEN_THOUSAND = D(10000)
#: (executed share of the budget, actual as a share of each numeric target) per project
#: seq; project 3 gets budget figures only (provisional), the rest nothing (not started).
PLAN = {1: (D("0.95"), D(1)), 2: (D("0.5"), D("0.8")), 3: (D("0.7"), None)}


def _actual(target, share: Decimal) -> str:
    if target.value is None or target.comparator in (None, "定性"):
        return "达成" if share >= 1 else "部分达成"
    value = (target.value * share).quantize(D("0.01"))
    return f"{value.normalize():f}{target.unit or ''}"


def _evaluate(document, user) -> tuple[str, str]:
    """Store the self-evaluations of `PLAN`; the same figures as the CLI's two CSV files."""
    from jixiao.web.goals.mapping import project_from_db
    from jixiao.web.monitoring import services

    actuals, budgets = ["project_code,indicator,actual"], []
    budgets.append("project_code,budget_initial,budget_adjusted,executed")
    for seq, (spent, share) in PLAN.items():
        row = document.projects.get(seq=seq)
        total = row.budget_total
        executed = (total * spent).quantize(D("0.01"))
        lines = []
        if share is not None:
            for n, ind in enumerate(project_from_db(row).indicators, start=1):
                text = _actual(ind.target, share)
                lines.append(services.LineInput(n, text, "原因" if share != 1 else ""))
                actuals.append(f"{row.code},{n},{text}")
        services.save_evaluation(
            row,
            user,
            budget_initial=total,
            budget_adjusted=total,
            executed=executed,
            budget_reason="进度慢" if spent < D("0.9") else "",
            lines=lines,
        )
        budgets.append(f"{row.code},{total},{total},{executed}")
    return "\n".join(actuals) + "\n", "\n".join(budgets) + "\n"


@pytest.fixture
def documents(org, users, seed_doc):
    from jixiao.core.generate.documents import GeneratorOptions, generate_unit
    from jixiao.web.goals.imports import import_document

    generated = generate_unit(
        GeneratorOptions(units=1, projects_per_unit=5, seed=7, year=2022, yuan_share=1.0), 0
    )
    assert generated.money_unit == "元"
    wan = import_document(seed_doc, users.alice, org.unit_a, source_name="seed.txt")
    yuan = import_document(generated, users.eve, org.unit_b, source_name="generated.txt")
    from jixiao.web.goals.models import APPROVED

    for document in (wan, yuan):  # monitored: the monitoring page lists approved projects
        document.projects.update(status=APPROVED)
    return [(wan, users.alice), (yuan, users.eve)]


def _cli(capsys, *args: str) -> dict:
    from jixiao.cli import main

    capsys.readouterr()
    assert main(list(args)) in (0, 1)  # review exits 1 when it finds errors
    return json.loads(capsys.readouterr().out)


def _dec(text) -> Decimal | None:
    return None if text in (None, "", "—") else D(str(text).rstrip("%"))


def test_every_surface_shows_the_same_numbers(login, users, documents, capsys, tmp_path):
    import openpyxl

    bob = login(users.bob)
    ranking_budget = D(0)
    for document, owner in documents:
        actuals_csv, budgets_csv = _evaluate(document, owner)
        factor = D(1) if document.money_unit == "万元" else TEN_THOUSAND
        rows = {p.seq: p for p in document.projects.order_by("seq")}
        unit_code = document.unit.code

        # -- the goals exported as xlsx, read back by the command line ------------------
        r = bob.get(reverse("export"), {"unit": document.unit_id, "year": 2022, "format": "xlsx"})
        assert r.status_code == 200
        path = Path(tmp_path) / f"{unit_code}.xlsx"
        path.write_bytes(r.content)
        (tmp_path / f"{unit_code}-a.csv").write_text(actuals_csv, "utf-8")
        (tmp_path / f"{unit_code}-b.csv").write_text(budgets_csv, "utf-8")
        read = _cli(capsys, "read", str(path), "--format", "json")
        reviewed = _cli(capsys, "review", str(path), "--format", "json")["documents"][0]
        evaluated = _cli(
            capsys,
            "evaluate",
            str(path),
            "--actuals",
            str(tmp_path / f"{unit_code}-a.csv"),
            "--budget",
            str(tmp_path / f"{unit_code}-b.csv"),
            "--format",
            "json",
        )
        assert read["money_unit"] == document.money_unit
        cli_budget = {p["seq"]: _dec(p["budget"]["total"]) for p in read["projects"]}
        cli_score = {p["seq"]: p["score"] for p in reviewed["projects"]}
        cli_findings: dict[int, list] = {}
        for f in reviewed["findings"]:
            cli_findings.setdefault(f["project_seq"], []).append((f["rule"], f["indicator"]))
        cli_eval = {p["seq"]: p for p in evaluated["projects"]}

        # -- pages and API about the goals ---------------------------------------------
        listed = bob.get(
            "/api/v1/projects", {"unit": unit_code, "year": 2022, "page_size": 100}
        ).json()["results"]
        api_budget = {p["seq"]: _dec(p["budget_total"]) for p in listed}
        doc_page = bob.get(reverse("document", args=[document.pk])).context
        page_budget = {p.seq: p.budget_total for p in doc_page["projects"]}
        list_page = bob.get(reverse("projects"), {"unit": document.unit_id, "page_size": 100})
        list_score = {p.seq: p.score for p in list_page.context["rows"]}
        monitoring = bob.get(
            reverse("monitoring:unit", args=[document.unit_id]), {"as_of": "2022-12-31"}
        ).context
        monitored_budget = {ln["row"].seq: ln["s"].budget for ln in monitoring["lines"]}
        assert len(rows) == len(cli_budget) == len(api_budget) == len(list_score)
        # The unit's home and the document page: the document's sum and quality score.
        home = login(owner).get(reverse("home")).context
        on_home = next(d for d in home["documents"] if d.pk == document.pk)
        assert on_home.budget == sum(p.budget_total for p in rows.values())
        assert on_home.budget == monitoring["totals"].budget
        api_score = bob.get(f"/api/v1/documents/{document.pk}").json()["score"]
        assert on_home.score == doc_page["score"] == reviewed["score"] == api_score
        body = bob.get(reverse("document", args=[document.pk])).content.decode()
        for row in rows.values():  # written as every page writes amounts in this unit
            assert format_amount(row.budget_total, document.money_unit) in body
        bob = login(users.bob)
        for seq, row in rows.items():
            where = f"{unit_code} 项目 {seq}"
            detail = bob.get(f"/api/v1/projects/{row.pk}").json()
            assert (
                row.budget_total
                == _dec(detail["budget"]["total"])
                == api_budget[seq]
                == page_budget[seq]
                == monitored_budget[seq]
                == cli_budget[seq]
            ), where
            project_page = bob.get(reverse("project", args=[row.pk])).context
            api_findings = bob.get(f"/api/v1/projects/{row.pk}/findings").json()["findings"]
            assert project_page["score"] == list_score[seq] == cli_score[seq], where
            own = sorted(
                (f["rule"], f["indicator"]) for f in api_findings if f["project_seq"] == seq
            )
            assert own == sorted(cli_findings.get(seq, [])), where
            assert len(project_page["open_errors"]) == sum(
                1 for f in api_findings if f["severity"] == "error"
            ), where

        # -- the self-evaluation: pages, API, export, command line ---------------------
        unit_page = bob.get(
            reverse("monitoring:evaluation_unit", args=[document.unit_id]), {"year": 2022}
        ).context
        on_unit_page = {s.seq: s for _, s in unit_page["lines"]}
        url = reverse("monitoring:evaluation_unit_export", args=[document.unit_id, "xlsx"])
        ws = openpyxl.load_workbook(io.BytesIO(bob.get(url, {"year": 2022}).content)).active
        exported = {
            int(row[0]): row
            for row in ws.iter_rows(min_row=2, values_only=True)
            if str(row[0]).isdigit()
        }
        for seq, row in rows.items():
            where = f"{unit_code} 项目 {seq}"
            page = bob.get(reverse("monitoring:evaluation", args=[row.pk])).context["score"]
            api = bob.get(f"/api/v1/projects/{row.pk}/evaluation").json()
            cli = cli_eval[seq]
            shown = on_unit_page[seq]
            assert page.status == api["status"] == cli["status"] == shown.status, where
            assert (
                page.execution_rate
                == _dec(api["execution_rate"])
                == _dec(cli["execution_rate"])
                == shown.execution_rate
                == _dec(exported[seq][5])
            ), where
            assert page.grade_text == api["grade_text"] == shown.grade_text, where
            assert str(exported[seq][-1]) == page.grade_text, where
            if page.status == "complete":
                assert page.score == _dec(api["score"]) == _dec(cli["score"]), where
                assert (page.grade, cli["grade"]) == (page.grade_text, page.grade_text), where
                assert _dec(exported[seq][-2]) == page.score, where
                ranking_budget += page.budget.budget_adjusted / factor
    # The ranking's total over both units, in 万元, sums the evaluated projects' budgets.
    total = bob.get("/api/v1/evaluation", {"year": 2022}).json()["total"]
    assert total["unit"] == "万元"
    evaluated_budget = D(total["budget_adjusted"])
    assert evaluated_budget == ranking_budget.quantize(D("0.01"))
