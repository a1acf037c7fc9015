"""
### xecu_backfill — re-run the report for a date range

Triggered by hand (no schedule): one `report` execution per day from `start_date` to `end_date` (params,
inclusive, YYYY-MM-DD), one after another — each waits for the previous one, since every report refreshes the
same marts. `full_rematch: true` re-runs matching in full first (the report machine's `Match` step, on the first
day only: a full re-match does not depend on the report date). Each report's workbook lands in the exports
bucket under its own date; `xecu_daily`'s `sync_exports` (or `xecu sync-exports --since <start_date>`) copies
them on-prem.

Trigger it from the UI ("Trigger DAG w/ config") or `airflow dags trigger xecu_backfill -c
'{"start_date": "2026-12-01", "end_date": "2026-12-03", "full_rematch": false}'`.

Settings: the `xecu` Variable (JSON, see `dags/xecu_common/settings.py`) and the `xecu_aws` connection.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Param, dag, task

from xecu_common.alerts import notify_failure
from xecu_common.settings import AWS_CONN_ID, TIMEZONE, load_settings

MAX_DAYS = 62


@dag(
    dag_id="xecu_backfill",
    schedule=None,
    start_date=pendulum.datetime(2026, 12, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(hours=24),
    tags=["xecu", "backfill", "step-functions"],
    doc_md=__doc__,
    params={
        "start_date": Param("2026-12-01", type="string", format="date", description="first report date (YYYY-MM-DD)"),
        "end_date": Param("2026-12-01", type="string", format="date", description="last report date, inclusive"),
        "full_rematch": Param(False, type="boolean", description="run a full re-match before the first report"),
    },
    default_args={
        "owner": "data-platform",
        "retries": 1,
        "retry_delay": timedelta(minutes=2),
        "execution_timeout": timedelta(minutes=30),
        "on_failure_callback": notify_failure,
    },
)
def xecu_backfill():
    @task
    def report_dates(**context) -> list[str]:
        """The days to report, validated (end not before start, at most MAX_DAYS)."""
        params = context["params"]
        start, end = pendulum.parse(params["start_date"]).date(), pendulum.parse(params["end_date"]).date()
        if end < start:
            raise ValueError(f"end_date {end} is before start_date {start}")
        days = (end - start).days + 1
        if days > MAX_DAYS:
            raise ValueError(f"{days} days asked; a backfill takes at most {MAX_DAYS} (split the range)")
        return [(start + timedelta(days=offset)).isoformat() for offset in range(days)]

    @task(execution_timeout=timedelta(hours=20))
    def run_reports(dates: list[str], **context) -> list[dict]:
        """
        Starts the report machine for each date and waits for it (StepFunctionHook), stopping at the first
        failure with its error and cause. Names carry the run id, so a retried task never reuses a name.
        """
        import json
        import time

        from airflow.providers.amazon.aws.hooks.step_function import StepFunctionHook
        from airflow.sdk.exceptions import AirflowFailException

        from xecu_common.executions import describe_failure

        hook = StepFunctionHook(aws_conn_id=AWS_CONN_ID)
        settings = load_settings()
        arn = settings["report_state_machine_arn"]
        ti = context["ti"]
        stamp = pendulum.now("UTC").format("YYYYMMDDTHHmmss")
        results = []
        for index, day in enumerate(dates):
            report_input = {"reportDate": day, "match": bool(context["params"]["full_rematch"]) and index == 0, "airflowRunId": ti.run_id}
            execution_arn = hook.start_execution(arn, name=f"xecu-backfill-{day}-{stamp}-{ti.try_number}", state_machine_input=json.dumps(report_input))
            while (status := hook.describe_execution(execution_arn)["status"]) == "RUNNING":
                time.sleep(settings["report_poll_seconds"])
            outcome = describe_failure(hook, execution_arn)
            results.append({"reportDate": day, **outcome})
            if status != "SUCCEEDED":
                raise AirflowFailException(f"report for {day} {status}: {outcome['error']}: {outcome['cause']} ({execution_arn})")
        return results

    run_reports(report_dates())


xecu_backfill()
