"""
### xecu_daily — scrape, report, deliver

Every morning at 05:00 Vietnam time (`Asia/Ho_Chi_Minh`):

1. **scrape_chotot**, **scrape_xetot** (in parallel, on the on-prem host): `xecu scrape --site <site> --upload …
   --json`. Each upload into the landing bucket starts an `ingest` execution by itself (S3 → EventBridge →
   trigger; offline the `xecu sfn-server` watches the bucket). The task's result is the scraper's run report;
   its `run_id` XCom goes into the report input. Retries with exponential backoff resume the crawl from its
   checkpoint.
2. **start_report**: `StepFunctionStartExecutionOperator` starts the `report` state machine with
   `{"reportDate": <the run's day in Vietnam>, "scrapeRunIds": {…}, …}` (the logical date, or when the run was
   due if it has none). It runs even when a site failed (the sales team still gets the market as loaded so far),
   and the run still ends red.
3. **wait_for_report**: `StepFunctionExecutionSensor` in reschedule mode (no worker slot held while waiting).
4. **sync_exports**: `xecu sync-exports --to <share>` copies the new workbook to the on-prem share.
   With `run_on_prem_tasks` false (Amazon MWAA) the scrape and sync tasks skip; see dags/README.md.
5. **check_run**: runs however the tasks before it ended, and fails with the execution's own `error` and `cause`
   (the provider's sensor only says "State Machine Output: None"), and with each failed task's name.

Settings: the `xecu` Variable (JSON, see `dags/xecu_common/settings.py`) and the `xecu_aws` connection.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.providers.amazon.aws.operators.step_function import StepFunctionStartExecutionOperator
from airflow.providers.amazon.aws.sensors.step_function import StepFunctionExecutionSensor
from airflow.sdk import TriggerRule, dag, task

from xecu_common.alerts import notify_failure
from xecu_common.settings import AWS_CONN_ID, SITES, TIMEZONE, load_settings


def xecu_setting(key: str):
    """Template macro: one value of the `xecu` Variable (with its default), read when the task renders."""
    return load_settings()[key]


def run_moment(dag_run) -> pendulum.DateTime:
    """The run's logical date; a run triggered without one (Airflow 3's manual default) uses when it was due."""
    return pendulum.instance(dag_run.logical_date or dag_run.run_after)


def report_day(dag_run) -> str:
    """Template macro: the Vietnam calendar day the run reports on (YYYY-MM-DD)."""
    return run_moment(dag_run).in_timezone(TIMEZONE).strftime("%Y-%m-%d")


def run_stamp(dag_run) -> str:
    """Template macro: the run's moment in UTC as 20261205T220000, for execution names."""
    return run_moment(dag_run).in_timezone("UTC").strftime("%Y%m%dT%H%M%S")


def skip_unless_on_prem(settings) -> None:
    """On Amazon MWAA (run_on_prem_tasks false) the CLI tasks skip: the on-prem host runs them on its own."""
    if not settings["run_on_prem_tasks"]:
        from airflow.sdk.exceptions import AirflowSkipException

        raise AirflowSkipException("run_on_prem_tasks is false: this runs on the on-prem host (see dags/README.md)")


@dag(
    dag_id="xecu_daily",
    schedule="0 5 * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=6),
    tags=["xecu", "daily", "step-functions", "on-prem"],
    doc_md=__doc__,
    user_defined_macros={"xecu_setting": xecu_setting, "report_day": report_day, "run_stamp": run_stamp},
    default_args={
        "owner": "data-platform",
        "retries": 2,
        "retry_delay": timedelta(minutes=2),
        "execution_timeout": timedelta(minutes=30),
        "on_failure_callback": notify_failure,
    },
)
def xecu_daily():
    @task(
        retries=3,
        retry_delay=timedelta(minutes=5),
        retry_exponential_backoff=True,
        max_retry_delay=timedelta(minutes=40),
        execution_timeout=timedelta(hours=2),
    )
    def scrape(site: str, **context) -> dict:
        """Runs the on-prem scraper for one site, uploading to the landing bucket; returns its run report."""
        from xecu_common.cli import run_xecu

        settings = load_settings()
        skip_unless_on_prem(settings)
        args = ["scrape", "--site", site, "--upload", settings["upload"], "--json", "--log", "json"]
        report = run_xecu(settings, [*args, *settings["site_args"].get(site, [])])
        context["ti"].xcom_push(key="run_id", value=report.get("runId"))
        return report

    scrapes = [scrape.override(task_id=f"scrape_{site}")(site) for site in SITES]

    start_report = StepFunctionStartExecutionOperator(
        task_id="start_report",
        aws_conn_id=AWS_CONN_ID,
        state_machine_arn="{{ xecu_setting('report_state_machine_arn') }}",
        # A retry or a cleared run starts a new execution; a name is never reused (AWS refuses a closed one's).
        name="xecu-daily-{{ run_stamp(dag_run) }}-{{ ti.try_number }}",
        state_machine_input={
            "reportDate": "{{ report_day(dag_run) }}",
            "scrapeRunIds": {site: "{{ ti.xcom_pull(task_ids='scrape_" + site + "', key='run_id') or '' }}" for site in SITES},
            "airflowRunId": "{{ run_id }}",
        },
        trigger_rule=TriggerRule.ALL_DONE,
    )

    wait_for_report = StepFunctionExecutionSensor(
        task_id="wait_for_report",
        aws_conn_id=AWS_CONN_ID,
        execution_arn=start_report.output,
        mode="reschedule",
        poke_interval=60,
        timeout=timedelta(hours=3).total_seconds(),
        # A failed execution is not a flaky poll: check_run says why, nothing to retry here.
        retries=0,
    )

    @task(execution_timeout=timedelta(minutes=30))
    def sync_exports(**context) -> dict:
        """Copies the new workbooks to the on-prem share (idempotent, atomic); returns the sync summary."""
        from xecu_common.cli import run_xecu

        settings = load_settings()
        skip_unless_on_prem(settings)
        since = run_moment(context["dag_run"]).in_timezone(TIMEZONE).subtract(days=1).strftime("%Y-%m-%d")
        return run_xecu(settings, ["sync-exports", "--to", settings["sync_to"], "--since", since, "--json", *settings["sync_args"]])

    @task(trigger_rule=TriggerRule.ALL_DONE, retries=0)
    def check_run(**context) -> dict:
        """Fails the run, loudly, with the report execution's error and cause and every task that failed."""
        from airflow.providers.amazon.aws.hooks.step_function import StepFunctionHook
        from airflow.sdk.exceptions import AirflowFailException

        from xecu_common.executions import describe_failure

        ti = context["ti"]
        states = ti.get_task_states(dag_id=ti.dag_id, run_ids=[ti.run_id]).get(ti.run_id, {})
        failed = sorted(task_id for task_id, state in states.items() if task_id != ti.task_id and state not in ("success", "skipped"))
        execution_arn = ti.xcom_pull(task_ids="start_report")
        execution = describe_failure(StepFunctionHook(aws_conn_id=AWS_CONN_ID), execution_arn) if execution_arn else None
        problems = [f"task {task_id}: {states[task_id]}" for task_id in failed]
        if execution and execution["status"] != "SUCCEEDED":
            problems.insert(0, f"report execution {execution['name']} {execution['status']}: {execution['error']}: {execution['cause']}")
        if problems:
            raise AirflowFailException("xecu_daily failed:\n  " + "\n  ".join(problems))
        return {"report": execution, "tasks": states}

    scrapes >> start_report >> wait_for_report >> sync_exports() >> check_run()


xecu_daily()
