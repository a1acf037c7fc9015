"""The failure callback every xecu task carries: one structured log line, and an email when ``alert_email`` is set."""

from __future__ import annotations

import json
import logging
from typing import Any

log = logging.getLogger(__name__)


def notify_failure(context: Any) -> None:
    """
    on_failure_callback: says which DAG, task and run failed and why. Mails ``alert_email`` through the
    ``smtp_default`` connection when the variable lists anyone; a mail that cannot go out is logged, never raised
    (the task has failed already; the callback must not hide why).
    """
    ti = context["ti"]
    error = context.get("exception")
    summary = {
        "event": "xecu task failed",
        "dag_id": ti.dag_id,
        "task_id": ti.task_id,
        "run_id": ti.run_id,
        "try_number": ti.try_number,
        "error": f"{type(error).__name__}: {error}" if error else None,
    }
    log.error("%s", json.dumps(summary, ensure_ascii=False))
    try:
        from xecu_common.settings import load_settings

        recipients = load_settings()["alert_email"]
        if not recipients:
            return
        from airflow.providers.smtp.notifications.smtp import SmtpNotifier

        SmtpNotifier(
            to=recipients,
            subject=f"[xecu] {ti.dag_id}.{ti.task_id} failed ({ti.run_id})",
            html_content=f"<pre>{json.dumps(summary, ensure_ascii=False, indent=2)}</pre>",
        ).notify(context)
    except Exception:  # noqa: BLE001 — see the docstring
        log.exception("could not send the failure alert")
