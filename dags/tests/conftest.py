"""
A throwaway Airflow (SQLite metadata DB in a temp AIRFLOW_HOME, `airflow db migrate`) with dags/ as its DAG folder,
and the offline world the DAGs run against: `xecu sfn-server` on a free 127.0.0.1 port with its own XECU_HOME, and
the chotot/xetot fixture sites. The environment must be set before anything imports airflow.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DAGS = REPO / "dags"
NODE = REPO / "node_modules" / ".bin" / "node"
XECU = [str(NODE), str(REPO / "bin" / "xecu.mjs")]

_home = Path(tempfile.mkdtemp(prefix="xecu-airflow-"))
os.environ.update(
    {
        "AIRFLOW_HOME": str(_home / "airflow"),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{_home / 'airflow' / 'airflow.db'}",
        "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(_home / "airflow" / "logs"),
        "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "60",
    }
)
os.environ.pop("AIRFLOW_VAR_XECU", None)
os.environ.pop("AIRFLOW_CONN_XECU_AWS", None)


def pytest_sessionstart(session: pytest.Session) -> None:
    (_home / "airflow").mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True, env=os.environ)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if os.environ.get("XECU_KEEP_TEST_HOME") != "1":
        shutil.rmtree(_home, ignore_errors=True)


class Background:
    """A CLI process that prints one JSON line when it is ready; stopped with SIGTERM (it cleans up on its own)."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None):
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})}, cwd=REPO)
        line = self.process.stdout.readline() if self.process.stdout else ""
        if not line:
            raise RuntimeError(f"{' '.join(args)} did not start: {self.process.stderr.read() if self.process.stderr else ''}")
        self.ready = json.loads(line)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="session")
def dagbag():
    """The DAGs as the DAG processor parses the bundle (its folder goes on sys.path, so xecu_common imports)."""
    from airflow.dag_processing.dagbag import BundleDagBag

    return BundleDagBag(dag_folder=str(DAGS), bundle_path=DAGS, bundle_name="dags-folder")


@pytest.fixture(scope="session")
def workdir() -> Path:
    return _home


@pytest.fixture(scope="session")
def fixture_sites():
    sites = Background([*XECU, "fixture-sites", "--chotot-listings", "30", "--xetot-listings", "6", "--page-size", "6"])
    yield sites.ready
    sites.stop()


def start_sfn_server(home: Path, env: dict[str, str] | None = None) -> Background:
    return Background([*XECU, "sfn-server", "--port", "0", "--home", str(home), "--poll-ms", "500"], env=env)


@pytest.fixture(scope="session")
def sfn_server(workdir: Path):
    server = start_sfn_server(workdir / "xecu")
    yield server.ready
    server.stop()


@pytest.fixture(scope="session")
def broken_sfn_server(workdir: Path):
    """A server whose warehouse is a PostgreSQL server that does not answer (a port nothing listens on)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    server = start_sfn_server(workdir / "xecu-broken", env={"DATABASE_URL": f"postgres://xecu:xecu@127.0.0.1:{closed_port}/xecu"})
    yield server.ready
    server.stop()


def offline_settings(workdir: Path, server: dict, sites: dict | None, xecu_home: Path) -> dict:
    """The `xecu` Variable for an offline run against `server` and the fixture sites."""
    fixture = ["--allow-private-network", "--delay-ms", "0", "--max-rpm", "0", "--max-pages", "1", "--fresh"]
    return {
        "report_state_machine_arn": server["stateMachines"]["report"],
        "ingest_state_machine_arn": server["stateMachines"]["ingest"],
        "xecu_command": " ".join(XECU),
        "xecu_env": {"XECU_HOME": str(xecu_home)},
        "upload": f"file://{xecu_home / 's3'}",
        "site_args": {
            site: ["--base-url", (sites or {}).get(f"{site}BaseUrl", "http://127.0.0.1:9"), "--out", str(workdir / "scrape" / f"{site}.ndjson.gz"), *fixture]
            for site in ("chotot", "xetot")
        },
        "sync_to": str(workdir / "share"),
        "landing": f"file://{xecu_home / 's3'}?bucket=xecu-local-landing&prefix=listings/",
    }


def use_offline(monkeypatch: pytest.MonkeyPatch, settings: dict, server: dict) -> None:
    """Points the `xecu` Variable and the `xecu_aws` connection (endpoint_url in its extra) at one server."""
    monkeypatch.setenv("AIRFLOW_VAR_XECU", json.dumps(settings))
    connection = {
        "conn_type": "aws",
        "login": "sfn-server-key-id",
        "password": "sfn-server-dummy-secret",
        "extra": {"endpoint_url": server["endpoint"], "region_name": "ap-southeast-1"},
    }
    monkeypatch.setenv("AIRFLOW_CONN_XECU_AWS", json.dumps(connection))
