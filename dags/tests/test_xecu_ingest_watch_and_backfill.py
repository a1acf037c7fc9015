"""xecu_ingest_watch and xecu_backfill under real Airflow (dag.test) against xecu sfn-server."""

from __future__ import annotations

import gzip
import json
import re
import time
from pathlib import Path

import boto3
import pendulum
from conftest import offline_settings, use_offline


def states_of(run) -> dict[str, str]:
    return {ti.task_id: str(ti.state) for ti in run.get_task_instances()}


def sfn_client(server: dict):
    return boto3.client("stepfunctions", endpoint_url=server["endpoint"], region_name="ap-southeast-1", aws_access_key_id="offline", aws_secret_access_key="offline")


def test_backfill_reports_each_day_of_the_range_in_order(dagbag, sfn_server, workdir, monkeypatch):
    # Prepare
    settings = {**offline_settings(workdir, sfn_server, None, workdir / "xecu"), "report_poll_seconds": 1}
    use_offline(monkeypatch, settings, sfn_server)
    dag = dagbag.dags["xecu_backfill"]

    # Act
    run = dag.test(run_conf={"start_date": "2026-11-29", "end_date": "2026-11-30", "full_rematch": False})

    # Assess
    assert str(run.state) == "success", states_of(run)
    executions = sfn_client(sfn_server).list_executions(stateMachineArn=sfn_server["stateMachines"]["report"])["executions"]
    backfilled = sorted(e["name"][len("xecu-backfill-") :][:10] for e in executions if e["name"].startswith("xecu-backfill-") and e["status"] == "SUCCEEDED")
    assert backfilled == ["2026-11-29", "2026-11-30"]
    for day in ("2026-11-29", "2026-11-30"):
        assert (workdir / "xecu" / "s3" / "xecu-local-exports" / "reports" / "sales" / day / f"sales-{day}.xlsx").exists()


def land_listing(home: Path, key: str) -> None:
    """Writes a listing object into the landing bucket of `home` as `xecu scrape --upload file://…` does (by rename)."""
    listing = {
        "source": "chotot", "listing_id": key[-12:-9], "url": "https://xe.chotot.com/1.htm", "title": "Toyota Vios 1.5G 2019",
        "make": "Toyota", "model": "Vios", "year": 2019, "price_vnd": 420000000, "seller_type": "private", "scraped_at": "2026-12-06T00:00:00.000Z",
    }
    target = home / "s3" / "xecu-local-landing" / key
    target.parent.mkdir(parents=True, exist_ok=True)
    target.with_name(target.name + ".xecu-part-test").write_bytes(gzip.compress(json.dumps(listing).encode() + b"\n"))
    target.with_name(target.name + ".xecu-part-test").rename(target)


def finished_ingests(server: dict, count: int) -> list[dict]:
    """Waits (bounded) until the server has `count` ingest executions and none is running."""
    client = sfn_client(server)
    deadline = time.monotonic() + 90
    while True:
        executions = client.list_executions(stateMachineArn=server["stateMachines"]["ingest"])["executions"]
        if len(executions) >= count and all(e["status"] != "RUNNING" for e in executions):
            return executions
        assert time.monotonic() < deadline, f"the server never finished its ingests: {executions}"
        time.sleep(0.5)


def test_ingest_watch_passes_and_counts_when_every_landed_object_loaded(dagbag, sfn_server, workdir, monkeypatch, capfd):
    # Prepare: one more upload; the server's watcher starts its ingest.
    home = workdir / "xecu"
    before = len(sfn_client(sfn_server).list_executions(stateMachineArn=sfn_server["stateMachines"]["ingest"])["executions"])
    land_listing(home, "listings/source=chotot/dt=2026-12-06/watch-ok-001.ndjson.gz")
    executions = finished_ingests(sfn_server, before + 1)
    assert {e["status"] for e in executions} == {"SUCCEEDED"}
    use_offline(monkeypatch, offline_settings(workdir, sfn_server, None, home), sfn_server)

    # Act
    run = dagbag.dags["xecu_ingest_watch"].test()

    # Assess
    assert str(run.state) == "success", states_of(run)
    text = "".join(capfd.readouterr())
    counts = re.search(r"'landed': (\d+), 'started': (\d+), 'loaded': (\d+), 'running': 0, 'failed': 0, 'missed': \[\]", text)
    assert counts, text[-3000:]
    landed, started, loaded = map(int, counts.groups())
    assert landed == started == loaded == len(executions)


def test_ingest_watch_fails_with_the_batch_id_and_cause_of_a_failed_ingest(dagbag, broken_sfn_server, workdir, monkeypatch, capfd):
    # Prepare: an upload lands where the broken server (warehouse unreachable) watches; its ingest fails.
    home = workdir / "xecu-broken"
    key = "listings/source=chotot/dt=2026-12-06/watch-bad-001.ndjson.gz"
    land_listing(home, key)
    executions = finished_ingests(broken_sfn_server, 1)
    batch_id = executions[0]["name"]
    assert executions[0]["status"] == "FAILED"
    use_offline(monkeypatch, offline_settings(workdir, broken_sfn_server, None, home), broken_sfn_server)

    # Act
    run = dagbag.dags["xecu_ingest_watch"].test()

    # Assess
    states = states_of(run)
    assert str(run.state) == "failed" and states["check_ingest"] == "failed", states
    text = "".join(capfd.readouterr())
    assert re.search(rf"batch {batch_id} FAILED \({re.escape(key)}\): \S+: .*ECONNREFUSED", text), text[-3000:]
    assert re.search(r"\d+ landed, \d+ started, 0 loaded", text)
