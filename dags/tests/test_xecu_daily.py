"""xecu_daily end to end under real Airflow (dag.test) against xecu sfn-server and the fixture sites."""

from __future__ import annotations

import json
import re

import pendulum
from conftest import offline_settings, use_offline

LOGICAL_DATE = pendulum.datetime(2026, 12, 5, 5, 0, tz="Asia/Ho_Chi_Minh")


def states_of(run) -> dict[str, str]:
    return {ti.task_id: str(ti.state) for ti in run.get_task_instances()}


def test_scrapes_land_ingest_runs_the_report_succeeds_and_the_workbook_reaches_the_share(dagbag, sfn_server, fixture_sites, workdir, monkeypatch):
    # Prepare
    use_offline(monkeypatch, offline_settings(workdir, sfn_server, fixture_sites, workdir / "xecu"), sfn_server)
    dag = dagbag.dags["xecu_daily"]
    dag.get_task("wait_for_report").poke_interval = 1

    # Act
    run = dag.test(logical_date=LOGICAL_DATE)

    # Assess
    assert str(run.state) == "success", states_of(run)
    assert set(states_of(run).values()) == {"success"}
    ingest_dir = workdir / "xecu" / "sfn-server" / "executions" / "xecu-offline-ingest"
    ingests = [json.loads(path.read_text()) for path in ingest_dir.glob("*.json")]
    assert sorted(json.loads(record["input"])["source"]["key"].split("/")[1] for record in ingests) == ["source=chotot", "source=xetot"]
    assert {record["status"] for record in ingests} == {"SUCCEEDED"}
    reports = list((workdir / "xecu" / "sfn-server" / "executions" / "xecu-offline-report").glob("*.json"))
    report = json.loads(reports[0].read_text())
    assert report["status"] == "SUCCEEDED"
    report_input = json.loads(report["input"])
    assert report_input["reportDate"] == "2026-12-05"
    assert all(report_input["scrapeRunIds"][site] for site in ("chotot", "xetot"))
    # The loads happened before the report (queued ahead of it), so the report saw the scraped listings.
    first_state = next(event["timestamp"] for event in report["events"] if event["type"] == "TaskStateEntered")
    assert max(record["stopDate"] for record in ingests) <= first_state
    assert (workdir / "share" / "sales" / "2026-12-05" / "sales-2026-12-05.xlsx").stat().st_size > 0


def test_a_report_that_fails_fails_the_run_with_the_executions_cause(dagbag, broken_sfn_server, workdir, monkeypatch, capfd):
    # Prepare: the warehouse is a PostgreSQL server nothing answers; the scrapes are not the point here.
    use_offline(monkeypatch, offline_settings(workdir, broken_sfn_server, None, workdir / "xecu-broken"), broken_sfn_server)
    dag = dagbag.dags["xecu_daily"]
    dag.get_task("wait_for_report").poke_interval = 1

    # Act
    run = dag.test(logical_date=LOGICAL_DATE.add(days=1), mark_success_pattern=r"scrape_.*")

    # Assess
    states = states_of(run)
    assert str(run.state) == "failed", states
    assert states["wait_for_report"] == "failed" and states["sync_exports"] == "upstream_failed" and states["check_run"] == "failed"
    log = capfd.readouterr()
    text = log.out + log.err
    # check_run names the execution, its error and its cause (the warehouse refused the connection), which the
    # provider's sensor alone does not ("State Machine Output: None").
    assert re.search(r"report execution xecu-daily-20261205T220000-\d+ FAILED: \w+: .*ECONNREFUSED", text), text[-3000:]


def test_on_mwaa_the_on_prem_tasks_skip_and_a_manual_run_without_logical_date_reports_and_is_checked(dagbag, sfn_server, workdir, monkeypatch):
    # Prepare: run_on_prem_tasks false, as on Amazon MWAA (the on-prem host scrapes and syncs on its own).
    settings = {**offline_settings(workdir, sfn_server, None, workdir / "xecu"), "run_on_prem_tasks": False}
    use_offline(monkeypatch, settings, sfn_server)
    dag = dagbag.dags["xecu_daily"]
    dag.get_task("wait_for_report").poke_interval = 1

    # Act: triggered without a logical date (Airflow 3's default for a manual run): the run's due time stands in.
    run = dag.test(logical_date=None)

    # Assess
    states = states_of(run)
    assert str(run.state) == "success", states
    assert {states["scrape_chotot"], states["scrape_xetot"], states["sync_exports"]} == {"skipped"}
    assert states["start_report"] == states["wait_for_report"] == states["check_run"] == "success"
