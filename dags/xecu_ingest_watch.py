"""
### xecu_ingest_watch — did every upload load?

Every hour, for the last `watch_window_hours` (default 2: the windows overlap, so an execution that failed late
is still seen; it may then be reported twice):

1. **list_ingest_executions**: the `ingest` executions started in the window, through the Amazon provider's
   `StepFunctionHook` (ListExecutions, then DescribeExecution for the failed ones and for each one's object key).
   The execution name is the batch id.
2. **count_landed**: the listing objects that landed in the window (`landing`: `s3://bucket/listings/` through
   the provider's S3 hook, or `file://<home>/s3?bucket=…&prefix=listings/` offline).
3. **check_ingest**: fails — and the failure callback notifies — when any execution FAILED or TIMED_OUT (batch
   ids with error and cause: `xecu sql "select * from ops.batches where batch_id = '…'"`, rejects in the
   processed bucket), or when an object landed more than 15 minutes before the window's end has no execution
   (a missed event: `xecu replay <bucket>/<key>`). Its result shows landed vs started vs loaded.

Settings: the `xecu` Variable (JSON, see `dags/xecu_common/settings.py`) and the `xecu_aws` connection.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import dag, task

from xecu_common.alerts import notify_failure
from xecu_common.settings import AWS_CONN_ID, TIMEZONE, load_settings

GRACE = timedelta(minutes=15)


def window_of(context) -> tuple[pendulum.DateTime, pendulum.DateTime]:
    """The run's window: `watch_window_hours` back from when the run was due."""
    end = context["dag_run"].run_after
    return end - timedelta(hours=load_settings()["watch_window_hours"]), end


@dag(
    dag_id="xecu_ingest_watch",
    schedule="0 * * * *",
    start_date=pendulum.datetime(2026, 12, 1, tz=TIMEZONE),
    catchup=False,
    max_active_runs=1,
    dagrun_timeout=timedelta(minutes=30),
    tags=["xecu", "monitoring", "step-functions"],
    doc_md=__doc__,
    default_args={
        "owner": "data-platform",
        "retries": 1,
        "retry_delay": timedelta(minutes=2),
        "execution_timeout": timedelta(minutes=10),
        "on_failure_callback": notify_failure,
    },
)
def xecu_ingest_watch():
    @task
    def list_ingest_executions(**context) -> dict:
        """Ingest executions started in the window, by status; the failed ones with error and cause."""
        import json

        from airflow.providers.amazon.aws.hooks.step_function import StepFunctionHook

        from xecu_common.executions import FAILED_STATES, executions_since

        since, until = window_of(context)
        hook = StepFunctionHook(aws_conn_id=AWS_CONN_ID)
        executions = executions_since(hook, load_settings()["ingest_state_machine_arn"], since, until)
        by_status: dict[str, int] = {}
        failures, keys = [], []
        for execution in executions:
            by_status[execution["status"]] = by_status.get(execution["status"], 0) + 1
            described = hook.describe_execution(execution["executionArn"])
            source = json.loads(described.get("input") or "{}").get("source", {})
            keys.append(source.get("key"))
            if execution["status"] in FAILED_STATES:
                failures.append(
                    {
                        "batch_id": execution["name"],
                        "status": execution["status"],
                        "key": source.get("key"),
                        "error": described.get("error"),
                        "cause": described.get("cause"),
                    }
                )
        return {"window": [since.isoformat(), until.isoformat()], "by_status": by_status, "failures": failures, "keys": keys}

    @task
    def count_landed(**context) -> dict:
        """Listing objects that landed in the window (LastModified), with their keys."""
        from urllib.parse import parse_qs, urlparse

        since, until = window_of(context)
        landing = urlparse(load_settings()["landing"])
        landed: list[dict] = []
        if landing.scheme == "s3":
            from airflow.providers.amazon.aws.hooks.s3 import S3Hook

            paginator = S3Hook(aws_conn_id=AWS_CONN_ID).get_conn().get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=landing.netloc, Prefix=landing.path.lstrip("/")):
                for item in page.get("Contents", []):
                    if since <= item["LastModified"] <= until:
                        landed.append({"key": item["Key"], "at": item["LastModified"].isoformat()})
        elif landing.scheme == "file":
            import os

            query = parse_qs(landing.query)
            bucket, prefix = query["bucket"][0], query.get("prefix", [""])[0]
            bucket_dir = os.path.join(landing.netloc + landing.path, bucket)
            for folder, _, files in os.walk(os.path.join(bucket_dir, prefix)):
                for name in files:
                    if ".xecu-part-" in name:
                        continue  # a write in progress, not an object yet
                    path = os.path.join(folder, name)
                    at = pendulum.from_timestamp(os.path.getmtime(path))
                    if since <= at <= until:
                        landed.append({"key": os.path.relpath(path, bucket_dir).replace(os.sep, "/"), "at": at.isoformat()})
        else:
            raise ValueError(f"landing must be s3://bucket/prefix or file://dir?bucket=…&prefix=…, not {landing.geturl()!r}")
        return {"landed": landed}

    @task(retries=0)
    def check_ingest(executions: dict, landing: dict, **context) -> dict:
        """Fails with each failed batch's id, error and cause, and each landed object no execution picked up."""
        from airflow.sdk.exceptions import AirflowFailException

        _, until = window_of(context)
        started = set(executions["keys"])
        missed = [item["key"] for item in landing["landed"] if item["key"] not in started and pendulum.parse(item["at"]) <= until - GRACE]
        summary = {
            "window": executions["window"],
            "landed": len(landing["landed"]),
            "started": sum(executions["by_status"].values()),
            "loaded": executions["by_status"].get("SUCCEEDED", 0),
            "running": executions["by_status"].get("RUNNING", 0),
            "failed": len(executions["failures"]),
            "missed": missed,
        }
        problems = [f"batch {f['batch_id']} {f['status']} ({f['key']}): {f['error']}: {f['cause']}" for f in executions["failures"]]
        problems += [f"landed with no ingest execution (replay it: xecu replay): {key}" for key in missed]
        if problems:
            raise AirflowFailException(
                f"ingest watch {summary['window'][0]} … {summary['window'][1]}: {summary['landed']} landed, {summary['started']} started, "
                f"{summary['loaded']} loaded\n  " + "\n  ".join(problems)
            )
        return summary

    check_ingest(list_ingest_executions(), count_landed())


xecu_ingest_watch()
