"""Runs the on-prem ``xecu`` CLI from a task: its stderr goes to the task log line by line, its JSON stdout is the result."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import threading
from typing import Any

from xecu_common.settings import XecuSettings

log = logging.getLogger(__name__)


class XecuCommandError(RuntimeError):
    """The CLI exited non-zero; the message carries its exit code and the last lines it wrote to stderr."""


def run_xecu(settings: XecuSettings, args: list[str]) -> Any:
    """
    Runs ``<xecu_command> <args>`` (args must ask for ``--json``) and returns the parsed JSON it printed.
    Exit code 2 (usage) and 1 (failed) raise XecuCommandError; the task's retries decide what happens next. When
    the task is stopped (execution_timeout, marked failed), the CLI is killed with it, not left running.
    """
    command = [*settings.xecu_command(), *args]
    env = {**os.environ, **{key: str(value) for key, value in settings["xecu_env"].items()}}
    log.info("running %s", " ".join(command))
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    tail: list[str] = []

    def forward_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            line = line.rstrip("\n")
            log.info("%s", line)
            tail.append(line)
            del tail[:-20]

    reader = threading.Thread(target=forward_stderr, daemon=True)
    reader.start()
    try:
        assert process.stdout is not None
        stdout = process.stdout.read()
        process.wait()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        reader.join(timeout=5)
    if process.returncode != 0:
        last = "\n".join(tail[-5:])
        raise XecuCommandError(f"xecu {' '.join(args[:1])} exited {process.returncode}:\n{last}")
    try:
        return json.loads(stdout)
    except json.JSONDecodeError as error:
        raise XecuCommandError(f"xecu {' '.join(args[:1])} printed no JSON summary ({error}): {stdout[-500:]!r}") from error
