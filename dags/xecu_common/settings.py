"""
Where the DAGs' settings come from: one JSON Airflow Variable, ``xecu``, read at run time (never at parse time).

Connections: ``xecu_aws`` (the AWS connection the Step Functions operators, sensor and hook use; for the offline
``xecu sfn-server`` its extra holds ``{"endpoint_url": "http://127.0.0.1:8083", "region_name": "ap-southeast-1"}``
and any key pair). Everything else lives in the variable; a missing key falls back to the default below.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from typing import Any

AWS_CONN_ID = "xecu_aws"
VARIABLE = "xecu"
TIMEZONE = "Asia/Ho_Chi_Minh"
SITES = ("chotot", "xetot")

DEFAULTS: dict[str, Any] = {
    # The state machines serverless.yml deploys (stage prod); offline: xecu sfn-server's ARNs.
    "report_state_machine_arn": "arn:aws:states:ap-southeast-1:000000000000:stateMachine:xecu-offline-report",
    "ingest_state_machine_arn": "arn:aws:states:ap-southeast-1:000000000000:stateMachine:xecu-offline-ingest",
    # False where Airflow cannot reach the on-prem host (Amazon MWAA): the scrape and sync tasks skip, the scraper
    # runs on-prem on its own schedule (its uploads still start ingest), the report and the checks run here.
    "run_on_prem_tasks": True,
    # How the on-prem host runs the CLI (a command line; `node /opt/xecu/bin/xecu.mjs` works too).
    "xecu_command": "xecu",
    # Extra environment for the CLI: XECU_HOME, AWS_PROFILE, CHROMIUM_PATH, …
    "xecu_env": {},
    # Where `xecu scrape --upload` puts the listings: s3://<landing bucket> in AWS, file://<home>/s3 offline.
    "upload": "file://.xecu/s3",
    # Extra `xecu scrape` arguments per site (base URL, politeness, page limits).
    "site_args": {"chotot": [], "xetot": []},
    # The on-prem share the sales team opens, and extra `xecu sync-exports` arguments (--bucket in AWS).
    "sync_to": "/srv/sales-reports",
    "sync_args": [],
    # Where listing objects land, for the ingest watch's "landed" count: s3://bucket/listings/ or file://dir/listings/.
    "landing": "file://.xecu/s3/xecu-local-landing/listings/",
    # Report input: recipients instead of the stage's sales list (empty: the stage's list).
    "report_email": [],
    # Who hears about a failed run (needs the smtp_default connection); empty: the failure is logged only.
    "alert_email": [],
    # xecu_backfill asks Step Functions for each report's status this often.
    "report_poll_seconds": 30,
    # xecu_ingest_watch looks this many hours back (overlapping hourly windows: a late failure is still seen).
    "watch_window_hours": 2,
}


@dataclass(frozen=True)
class XecuSettings:
    """The variable merged over the defaults; built inside a task (Variable.get is a metadata-DB call)."""

    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def xecu_command(self) -> list[str]:
        return shlex.split(self.values["xecu_command"])


def load_settings() -> XecuSettings:
    from airflow.sdk import Variable

    stored = Variable.get(VARIABLE, default=None, deserialize_json=True) or {}
    unknown = sorted(set(stored) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"Airflow Variable '{VARIABLE}' has unknown keys {unknown}; known: {sorted(DEFAULTS)}")
    return XecuSettings({**DEFAULTS, **stored})
