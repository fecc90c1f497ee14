"""workflow_events.integrations.fastapi with the real FastAPI (TestClient) and the broker."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timezone
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
    assert events.close()
    stats = events.stats()
    assert (stats.published, stats.delivered, stats.failed, stats.timed_out) == (
        14,
        14,
        0,
        0,
    )
    assert stats.dropped == 0


def test_a_broker_that_is_down_costs_the_request_nothing() -> None:
    """Requests never wait for the broker; the bounded wait is the shutdown's."""
    from confluent_kafka import Producer

    from workflow_events.kafka import producer_config

    timeout = 5.0
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
        # The old emitter waited up to `timeout` (5 s) here for each run's last event.
        assert elapsed < 1.0, (path, elapsed)
    started = time.monotonic()
    assert not events.close(0.5)
    assert time.monotonic() - started < 0.5 + 1.0
    stats = events.stats()
    assert (stats.published, stats.delivered, stats.timed_out) == (8, 0, 1)


def test_delivery_failures_are_logged_without_another_event(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The emitter's thread polls the producer: a delivery that fails is logged at
    WARNING when the producer gives it up, not when the next event comes."""
    from confluent_kafka import Producer

    from workflow_events.kafka import producer_config

    producer = Producer(producer_config(broker.dead_address(), {"message.timeout.ms": 1000}))
    events = wfe.emitter(producer, environment="dev", topic="nowhere")
    client = TestClient(make_app(events), raise_server_exceptions=False)
    with caplog.at_level(logging.WARNING, logger="workflow_events.integrations"):
        assert client.get("/sync/fine").status_code == 200
        deadline = time.monotonic() + 10
        while events.stats().failed < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    lost = [
        r
        for r in caplog.records
        if r.levelno == logging.WARNING and "not delivered" in r.getMessage()
    ]
    assert len(lost) == 2, [r.getMessage() for r in caplog.records]
    assert "Message timed out" in lost[0].getMessage()
    assert events.stats().failed == 2
    assert events.close(0.1)


def test_a_publisher_that_raises_or_hangs_does_not_fail_the_request() -> None:
    def raises(event: object) -> None:
        raise ConnectionError("publisher down")

    events = wfe.emitter(raises, environment="prod", timeout=0.3)
    client = TestClient(make_app(events), raise_server_exceptions=False)
    assert client.get("/sync/fine").status_code == 200
    assert events.flush()
    assert events.stats().failed == 2

    release = threading.Event()

    def hangs(event: object) -> None:
        release.wait(10)

    events = wfe.emitter(hangs, environment="prod", timeout=0.3)
    client = TestClient(make_app(events), raise_server_exceptions=False)
    started = time.monotonic()
    assert client.get("/sync/fine").status_code == 200
    assert time.monotonic() - started < 1.0
    assert not events.close()
    assert events.stats().timed_out == 1
    release.set()
    # The thread finishes its call, then drops what the shutdown left queued.
    assert events.flush(5)
    assert events.stats().dropped == 1


def test_a_full_queue_drops_and_counts_never_blocks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """With the publisher stuck, the queue (2 events here) fills: further events are
    dropped and counted, one WARNING says so, and requests go on at full speed."""
    release = threading.Event()
    seen: list[Any] = []

    def stuck(event: Any) -> None:
        release.wait(10)
        seen.append(event)

    events = wfe.emitter(stuck, environment="dev", timeout=2.0, queue_size=2)
    client = TestClient(make_app(events), raise_server_exceptions=False)
    with caplog.at_level(logging.WARNING, logger="workflow_events.integrations"):
        started = time.monotonic()
        for _ in range(10):
            assert client.get("/sync/fine").status_code == 200
        elapsed = time.monotonic() - started
    assert elapsed < 5.0, elapsed
    # 20 events: two queued, one more if the thread took one before the queue was
    # full, the rest dropped.
    warned = [r for r in caplog.records if r.getMessage().startswith("workflow event dropped")]
    assert len(warned) == 1 and warned[0].levelno == logging.WARNING
    released = datetime.now(timezone.utc)
    release.set()
    assert events.close()
    stats = events.stats()
    assert len(seen) in (2, 3) and stats.delivered == len(seen), stats
    # Built on the publisher's thread after the release, stamped when the request handed
    # them over.
    assert all(event.timestamp < released for event in seen)
    assert stats.dropped == 20 - len(seen), stats


def test_the_lifespan_delivers_what_is_queued_when_the_app_stops() -> None:
    topic = broker.new_topic("fastapi-lifespan")
    events = wfe.emitter(broker.producer(), environment="dev", topic=topic)
    app = make_app(events)
    state_seen: list[Any] = []

    from contextlib import asynccontextmanager

    @asynccontextmanager
    async def own(app: FastAPI) -> Any:
        yield {"answer": 42}
        state_seen.append("own lifespan ended")

    app.router.lifespan_context = wfe.lifespan(events, own)
    with TestClient(app) as client:
        for i in range(5):
            assert client.get(f"/sync/{i}").status_code == 200
    # The app's own lifespan ran inside, then the emitter was closed: all delivered.
    assert state_seen == ["own lifespan ended"]
    stats = events.stats()
    assert (stats.published, stats.delivered, stats.timed_out) == (10, 10, 0)
    assert len(broker.read(topic, 10)) == 10


def test_environment_comes_from_configuration_and_is_validated(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("WORKFLOW_EVENTS_ENVIRONMENT", raising=False)
    with pytest.raises(ValueError, match="WORKFLOW_EVENTS_ENVIRONMENT"):
        wfe.emitter(print)
    with pytest.raises(ValueError, match="environment"):
        wfe.emitter(print, environment="qa")
    with pytest.raises(ValueError, match="queue_size"):
        wfe.emitter(print, environment="dev", queue_size=0)
    monkeypatch.setenv("WORKFLOW_EVENTS_ENVIRONMENT", "prod")
    assert wfe.emitter(print).environment == "prod"
