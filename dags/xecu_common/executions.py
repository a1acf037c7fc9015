"""Reading Step Functions executions through the Amazon provider's StepFunctionHook (boto3 underneath)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

FAILED_STATES = ("FAILED", "TIMED_OUT", "ABORTED")


def describe_failure(hook: Any, execution_arn: str) -> dict[str, Any]:
    """Status, error and cause of one execution: what the provider's sensor does not say when it fails."""
    described = hook.describe_execution(execution_arn)
    return {
        "execution_arn": execution_arn,
        "name": described.get("name"),
        "status": described["status"],
        "error": described.get("error"),
        "cause": described.get("cause"),
    }


def executions_since(hook: Any, state_machine_arn: str, since: datetime, until: datetime) -> list[dict[str, Any]]:
    """ListExecutions (newest first, paginated) down to the first one started before ``since``."""
    found: list[dict[str, Any]] = []
    paginator = hook.get_conn().get_paginator("list_executions")
    for page in paginator.paginate(stateMachineArn=state_machine_arn, PaginationConfig={"PageSize": 100}):
        for execution in page["executions"]:
            started = execution["startDate"]
            if started < since:
                return found
            if started <= until:
                found.append(execution)
    return found
