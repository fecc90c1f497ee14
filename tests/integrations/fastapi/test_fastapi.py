"""workflow_events.integrations.fastapi with the real FastAPI (TestClient) and the broker."""

from __future__ import annotations

import time
from typing import Any

import broker
import pytest
from fastapi import BackgroundTasks, FastAPI, HTTPException
from fastapi.testclient import TestClient

from workflow_events.integrations import Emitter
from workflow_events.integrations import fastapi as wfe


class Boom(RuntimeError):
    pass


def receipt(order: str) -> None:
    if order == "bad":
        raise Boom(f"cannot send the receipt of {order}")


def make_app(events: Emitter) -> FastAPI:
    app = FastAPI()

    @app.post("/orders/{order}")
    @wfe.workflow(events, "create_order")
    async def create_order(order: str, tasks: BackgroundTasks) -> dict[str, Any]:
        tasks.add_task(wfe.background(events, receipt, "send_receipt"), order)
        run = wfe.current_run()
        assert run is not None
        return {"order": order, "run_id": run.run_id}

    @app.get("/sync/{order}")
    @wfe.workflow(events)
    def sync_order(order: str) -> dict[str, Any]:
        if order == "bad":
            raise Boom("sync endpoint failed")
        run = wfe.current_run()
        assert run is not None
        return {"run_id": run.run_id}

    @app.get("/missing")
    @wfe.workflow(events, "lookup")
    async def missing() -> None:
        raise HTTPException(status_code=404, detail="no such thing")

    return app


def by_run(events: list[Any]) -> dict[str, list[Any]]:
    runs: dict[str, list[Any]] = {}
    for message, event in events:
        broker.check_record(message, event)
        runs.setdefault(event.workflow_run_id, []).append(event)
    return runs


def test_endpoints_and_background_tasks_publish_their_runs() -> None:
    topic = broker.new_topic("fastapi")
    producer = broker.producer()
    events = wfe.emitter(producer, environment="staging", topic=topic)
    client = TestClient(make_app(events), raise_server_exceptions=False)

    ok = client.post("/orders/o-1")
    assert ok.status_code == 200
    ok_run = ok.json()["run_id"]
    # The background task fails after the response was sent: still 200 (the FastAPI trap).
    bad = client.post("/orders/bad")
    assert bad.status_code == 200
    bad_run = bad.json()["run_id"]
    sync_ok = client.get("/sync/fine")
    assert sync_ok.status_code == 200
    assert client.get("/sync/bad").status_code == 500
    assert client.get("/missing").status_code == 404

    # 5 requests + 2 background tasks, 2 events each.
    received = broker.read(topic, 14)
    assert len(received) == 14
    runs = by_run(received)
    assert len(runs) == 7
    kinds = {
        run: [(e.workflow_id, e.event_type.value, e.payload.data.get("status")) for e in evs]
        for run, evs in runs.items()
    }
    assert kinds[ok_run] == [
        ("create_order", "workflow.triggered", None),
        ("create_order", "workflow.completed", "success"),
    ]
    assert kinds[bad_run] == kinds[ok_run]
    assert kinds[sync_ok.json()["run_id"]] == [
        ("sync_order", "workflow.triggered", None),
        ("sync_order", "workflow.completed", "success"),
    ]
    tasks = {
        evs[0].payload.data["parent_run_id"]: evs
        for evs in runs.values()
        if evs[0].workflow_id == "send_receipt"
    }
    assert set(tasks) == {ok_run, bad_run}
    assert [e.event_type.value for e in tasks[ok_run]] == [
        "workflow.triggered",
        "workflow.completed",
    ]
    failed_task = tasks[bad_run][1]
    assert failed_task.event_type.value == "workflow.failed"
    assert failed_task.payload.data["error_type"] == "Boom"
    assert failed_task.payload.data["error"] == "cannot send the receipt of bad"
    assert tasks[bad_run][0].payload.data["parent_workflow_id"] == "create_order"

    failures = [evs for evs in runs.values() if evs[-1].event_type.value == "workflow.failed"]
    by_workflow = {evs[0].workflow_id: evs[-1].payload.data for evs in failures}
    assert by_workflow["sync_order"]["error_type"] == "Boom"
    assert by_workflow["lookup"]["status_code"] == 404
    assert by_workflow["lookup"]["error_type"] == "HTTPException"
    for evs in runs.values():
        assert [e.event_type.value for e in evs][0] == "workflow.triggered"
        assert all(e.source.value == "fastapi" for e in evs)
        assert all(e.metadata.environment == "staging" for e in evs)
        assert evs[-1].payload.data["duration_ms"] >= 0
    stats = events.stats()
    assert (stats.published, stats.delivered, stats.failed, stats.timed_out) == (14, 14, 0, 0)


def test_a_broker_that_is_down_costs_at_most_the_timeout() -> None:
    from confluent_kafka import Producer

    from workflow_events.kafka import producer_config

    timeout = 0.5
    producer = Producer(producer_config(broker.dead_address()))
    events = wfe.emitter(producer, environment="dev", timeout=timeout, topic="nowhere")
    client = TestClient(make_app(events), raise_server_exceptions=False)
    for path, method, status in [
        ("/orders/o-1", "post", 200),
        ("/sync/fine", "get", 200),
        ("/sync/bad", "get", 500),
    ]:
        started = time.monotonic()
        response = getattr(client, method)(path)
        elapsed = time.monotonic() - started
        assert response.status_code == status
        # The endpoint's run and (for /orders) the background task's run each wait once.
        assert elapsed < 2 * timeout + 0.5, (path, elapsed)
    stats = events.stats()
    assert stats.delivered == 0
    assert stats.timed_out == 4
    assert stats.published == 8


def test_a_publisher_that_raises_or_hangs_does_not_fail_the_request() -> None:
    def raises(event: object) -> None:
        raise ConnectionError("publisher down")

    events = wfe.emitter(raises, environment="prod", timeout=0.3)
    client = TestClient(make_app(events), raise_server_exceptions=False)
    assert client.get("/sync/fine").status_code == 200
    assert events.stats().failed == 2

    def hangs(event: object) -> None:
        time.sleep(5)

    events = wfe.emitter(hangs, environment="prod", timeout=0.3)
    client = TestClient(make_app(events), raise_server_exceptions=False)
    started = time.monotonic()
    assert client.get("/sync/fine").status_code == 200
    assert time.monotonic() - started < 1.0
    assert events.stats().timed_out == 1


def test_environment_comes_from_configuration_and_is_validated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WORKFLOW_EVENTS_ENVIRONMENT", raising=False)
    with pytest.raises(ValueError, match="WORKFLOW_EVENTS_ENVIRONMENT"):
        wfe.emitter(print)
    with pytest.raises(ValueError, match="environment"):
        wfe.emitter(print, environment="qa")
    monkeypatch.setenv("WORKFLOW_EVENTS_ENVIRONMENT", "prod")
    assert wfe.emitter(print).environment == "prod"


def test_overhead_against_the_same_requests_without_the_integration() -> None:
    """Prints the ratio; asserts only that every event of the measured runs arrived."""
    topic = broker.new_topic("fastapi-overhead")
    events = wfe.emitter(broker.producer(), environment="dev", topic=topic)
    plain = FastAPI()

    @plain.get("/sync/{order}")
    def sync_order(order: str) -> dict[str, Any]:
        return {"order": order}

    n = 200
    timings = {}
    for name, app in [("plain", plain), ("instrumented", make_app(events))]:
        client = TestClient(app)
        client.get("/sync/warm")
        started = time.perf_counter()
        for i in range(n):
            assert client.get(f"/sync/{i}").status_code == 200
        timings[name] = (time.perf_counter() - started) / n
    print(
        f"\nfastapi overhead: {timings['plain'] * 1e3:.3f} ms plain, "
        f"{timings['instrumented'] * 1e3:.3f} ms instrumented per request "
        f"(ratio {timings['instrumented'] / timings['plain']:.2f}x, "
        f"broker acks included)"
    )
    assert len(broker.read(topic, 2 * (n + 1))) == 2 * (n + 1)
