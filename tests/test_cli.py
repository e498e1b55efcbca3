"""The yiyang command over the seed index: task ledger, targets, conflicts, ask, batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app


@pytest.fixture(scope="module")
def run(seed_config):
    runner = CliRunner()
    base = ["--data-dir", str(seed_config.data_dir), "--backend", seed_config.backend]

    def invoke(*args: str) -> str:
        out = runner.invoke(app, [*base, *args])
        assert out.exit_code == 0, out.output
        return out.output

    return invoke


def test_tasks_of_a_department_include_its_alias(run) -> None:
    rows = json.loads(run("tasks", "--dept", "区大数据发展局", "--json"))
    sections = {r["section"] for r in rows}
    assert "二、（七）" in sections
    assert any(s.endswith(" 11") and s.startswith("附件") for s in sections)  # the task list says 区大数据局
    assert all(r["source"] == "000_ae185cc4bb8e5259.txt" and r["text"] for r in rows)


def test_tasks_of_the_fujian_civil_affairs_department(run) -> None:
    rows = json.loads(run("tasks", "--dept", "民政局", "--region", "福建省", "--json"))
    assert rows and all(r["jurisdiction"] == "福建省" for r in rows)
    assert {r["role"] for r in rows} <= {"lead", "co"}
    first = next(r for r in rows if r["section"] == "一、（一）")
    assert "省民政厅" in first["lead"]  # written 省卫健委、民政厅牵头


def test_targets_of_an_indicator_by_year(run) -> None:
    rows = json.loads(run("targets", "--region", "巫溪县", "--indicator", "安宁疗护", "--json"))
    table = {r["year"]: r["value"] for r in rows if r["origin"] == "table"}
    assert table == {2022: "0", 2025: "10", 2027: "20"}
    assert any(r["origin"] == "text" and r["year"] == 2027 and r["comparator"] == "以上" for r in rows)


def test_conflicts_report_both_clauses(run) -> None:
    rows = json.loads(run("conflicts", "--json"))
    talent = [r for r in rows if "老年医学人才" in r["indicator"]]
    assert talent
    values = {talent[0]["a"]["value"], talent[0]["b"]["value"]}
    assert values == {"20", "50"}
    assert {talent[0]["a"]["section"], talent[0]["b"]["section"]} == {"一、主要指标 9", "二、（四）12."}


def test_ask_json_and_batch(run, tmp_path: Path) -> None:
    one = json.loads(run("ask", "巫溪县2027年安宁疗护床位目标是多少？", "--json"))
    assert one["found"] and "20张" in one["answer"]
    batch_in = tmp_path / "in.jsonl"
    batch_in.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {"id": "a", "question": "巫溪县2027年安宁疗护床位目标是多少？"},
                {"id": "b", "question": "那2025年呢？", "history": [{"role": "user", "content": "巫溪县2027年安宁疗护床位目标是多少？"}]},
                {"id": "c", "question": "北京市医养结合机构的床位补贴标准是多少？"},
            ]
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    run("ask", "--batch", str(batch_in), "--out", str(out))
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["a"]["citations"][0]["source"] == "002_eed4c881353c92d0.txt"
    assert "10" in rows["b"]["answer"]
    assert rows["c"]["found"] is False and rows["c"]["citations"] == []
    assert all(set(r) >= {"id", "answer", "found", "citations", "contexts", "latency_ms"} for r in rows.values())
