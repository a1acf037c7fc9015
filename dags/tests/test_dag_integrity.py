"""Every DAG file imports cleanly, cheaply, and says how it retries, times out and is documented."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[1]
DAG_IDS = {"xecu_daily", "xecu_ingest_watch", "xecu_backfill"}


def test_every_dag_imports_without_errors(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == DAG_IDS


def test_one_dag_per_file_named_after_its_dag_id(dagbag):
    for dag_id in DAG_IDS:
        assert Path(dagbag.dags[dag_id].fileloc).name == f"{dag_id}.py"


def test_no_top_level_work_in_dag_files():
    """Module level holds imports, constants, function definitions and the one DAG call: no Variable, hook or I/O."""
    allowed = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.Assign, ast.Expr)
    for dag_id in DAG_IDS:
        tree = ast.parse((DAGS / f"{dag_id}.py").read_text())
        for node in tree.body:
            assert isinstance(node, allowed), f"{dag_id}.py line {node.lineno}: {ast.dump(node)[:80]}"
            if isinstance(node, ast.Expr) and not isinstance(node.value, ast.Constant):
                assert ast.unparse(node.value) == f"{dag_id}()", f"{dag_id}.py line {node.lineno} runs {ast.unparse(node.value)}"
        source = (DAGS / f"{dag_id}.py").read_text()
        assert "Variable.get" not in source, "settings are read inside tasks (xecu_common.settings.load_settings)"


@pytest.mark.parametrize("dag_id", sorted(DAG_IDS))
def test_every_dag_is_documented_tagged_bounded_and_alerting(dagbag, dag_id):
    dag = dagbag.dags[dag_id]
    assert dag.doc_md and dag.doc_md.strip().startswith(f"### {dag_id}")
    assert "xecu" in dag.tags
    assert dag.catchup is False
    assert dag.max_active_runs == 1
    assert dag.dagrun_timeout is not None
    for task in dag.tasks:
        assert task.owner == "data-platform", task.task_id
        assert task.execution_timeout is not None or task.task_type.endswith("Sensor"), task.task_id
        assert task.on_failure_callback, task.task_id


def test_daily_scrapes_both_sites_in_parallel_then_reports_waits_syncs_and_checks(dagbag):
    dag = dagbag.dags["xecu_daily"]
    assert set(dag.task_ids) == {"scrape_chotot", "scrape_xetot", "start_report", "wait_for_report", "sync_exports", "check_run"}
    for site in ("chotot", "xetot"):
        scrape = dag.get_task(f"scrape_{site}")
        assert scrape.upstream_task_ids == set()
        assert scrape.downstream_task_ids == {"start_report"}
        assert scrape.retries == 3 and scrape.retry_exponential_backoff
        assert scrape.execution_timeout == timedelta(hours=2)
    start = dag.get_task("start_report")
    assert type(start).__name__ == "StepFunctionStartExecutionOperator"
    assert start.trigger_rule == "all_done", "the report goes out even when a site failed"
    assert set(start.state_machine_input) == {"reportDate", "scrapeRunIds", "airflowRunId"}
    sensor = dag.get_task("wait_for_report")
    assert type(sensor).__name__ == "StepFunctionExecutionSensor"
    assert sensor.mode == "reschedule" and sensor.retries == 0
    assert sensor.upstream_task_ids == {"start_report"} and sensor.downstream_task_ids == {"sync_exports"}
    check = dag.get_task("check_run")
    assert check.upstream_task_ids == {"sync_exports"} and check.trigger_rule == "all_done"
    assert dag.timetable.expression == "0 5 * * *" and str(dag.timetable.timezone.name) == "Asia/Ho_Chi_Minh"


def test_ingest_watch_runs_hourly_and_checks_both_counts(dagbag):
    dag = dagbag.dags["xecu_ingest_watch"]
    assert dag.timetable.expression == "0 * * * *"
    assert dag.get_task("check_ingest").upstream_task_ids == {"list_ingest_executions", "count_landed"}


def test_backfill_is_manual_with_a_date_range_and_a_rematch_switch(dagbag):
    dag = dagbag.dags["xecu_backfill"]
    assert type(dag.timetable).__name__ == "NullTimetable"
    assert set(dag.params) == {"start_date", "end_date", "full_rematch"}
    assert dag.get_task("run_reports").upstream_task_ids == {"report_dates"}
