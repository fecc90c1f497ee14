"""workflow_events.integrations.langgraph with the real LangGraph (no model) and the broker."""

from __future__ import annotations

import asyncio
import operator
import time
from typing import Annotated, Any, TypedDict

import broker
import pytest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.graph import END, START, StateGraph
from langgraph.types import Command, interrupt

from workflow_events.integrations import langgraph as wfe


class State(TypedDict, total=False):
    question: str
    steps: Annotated[list[str], operator.add]
    answer: str


def plan(state: State) -> State:
    if state["question"] == "explode":
        raise ValueError("the planner cannot plan this")
    return {"steps": ["plan"]}


def answer(state: State) -> State:
    return {"steps": ["answer"], "answer": state["question"].upper()}


def build(name: str = "two_nodes") -> Any:
    builder = StateGraph(State)
    builder.add_node("plan", plan)
    builder.add_node("answer", answer)
    builder.add_edge(START, "plan")
    builder.add_edge("plan", "answer")
    builder.add_edge("answer", END)
    return builder.compile(name=name)


def kinds(received: list[Any]) -> list[tuple[str, str, str | None]]:
    return [
        (e.workflow_run_id, e.event_type.value, e.payload.data.get("status")) for _m, e in received
    ]


def test_runs_that_succeed_and_fail_arrive_in_order() -> None:
    topic = broker.new_topic("langgraph")
    events = wfe.emitter(broker.producer(), environment="dev", topic=topic)
    graph = wfe.instrument(build(), events)

    result = graph.invoke({"question": "hi"}, {"run_id": "run-ok"})
    assert result["answer"] == "HI" and result["steps"] == ["plan", "answer"]
    with pytest.raises(ValueError, match="cannot plan"):
        graph.invoke({"question": "explode"}, {"run_id": "run-bad"})
    chunks = list(graph.stream({"question": "s"}, {"run_id": "run-stream"}))
    assert [list(c) for c in chunks] == [["plan"], ["answer"]]
    assert asyncio.run(graph.ainvoke({"question": "a"}, {"run_id": "run-async"}))["answer"] == "A"

    received = broker.read(topic, 8)
    for message, event in received:
        broker.check_record(message, event)
        assert event.source.value == "langgraph"
        assert event.workflow_id == "two_nodes"
    assert kinds(received) == [
        ("run-ok", "workflow.triggered", None),
        ("run-ok", "workflow.completed", "success"),
        ("run-bad", "workflow.triggered", None),
        ("run-bad", "workflow.failed", "failed"),
        ("run-stream", "workflow.triggered", None),
        ("run-stream", "workflow.completed", "success"),
        ("run-async", "workflow.triggered", None),
        ("run-async", "workflow.completed", "success"),
    ]
    triggered = received[0][1].payload.data
    assert triggered == {
        "input_type": "dict",
        "input_keys": ["question"],
        "input_key_count": 1,
    }
    failed = received[3][1].payload.data
    assert failed["error_type"] == "ValueError"
    assert failed["error"] == "the planner cannot plan this"
    assert failed["duration_ms"] >= 0
    assert events.close()
    assert events.stats().delivered == 8


def test_an_interrupted_run_is_not_reported_as_a_success() -> None:
    def ask(state: State) -> State:
        reply = interrupt("approve?")
        return {"answer": str(reply)}

    builder = StateGraph(State)
    builder.add_node("ask", ask)
    builder.add_edge(START, "ask")
    builder.add_edge("ask", END)
    topic = broker.new_topic("langgraph-interrupt")
    events = wfe.emitter(broker.producer(), environment="dev", topic=topic)
    graph = wfe.instrument(builder.compile(checkpointer=InMemorySaver()), events, "approval")
    config = {"configurable": {"thread_id": "t-1"}}
    paused = graph.invoke({"question": "q"}, config)
    assert "__interrupt__" in paused
    resumed = graph.invoke(Command(resume="yes"), config)
    assert resumed["answer"] == "yes"

    received = broker.read(topic, 4)
    data = [(e.event_type.value, e.payload.data) for _m, e in received]
    assert [d[0] for d in data] == [
        "workflow.triggered",
        "workflow.completed",
        "workflow.triggered",
        "workflow.completed",
    ]
    assert data[1][1]["status"] == "interrupted" and data[1][1]["interrupts"] == 1
    assert data[3][1]["status"] == "success"
    assert all(d[1].get("thread_id") == "t-1" for d in data if "input_type" in d[1])
    ids = [e.workflow_run_id for _m, e in received]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]


def test_a_broker_that_is_down_costs_the_run_nothing() -> None:
    """A run never waits for the broker; the bounded wait is the shutdown's."""
    from confluent_kafka import Producer

    from workflow_events.kafka import producer_config

    timeout = 5.0
    events = wfe.emitter(
        Producer(producer_config(broker.dead_address())),
        environment="dev",
        timeout=timeout,
        topic="nowhere",
    )
    graph = wfe.instrument(build(), events)
    for question in ["hi", "explode"]:
        started = time.monotonic()
        try:
            assert graph.invoke({"question": question})["answer"] == "HI"
        except ValueError:
            assert question == "explode"
        elapsed = time.monotonic() - started
        # The old emitter waited up to `timeout` (5 s) here for the run's last event.
        assert elapsed < 1.0, elapsed
    assert asyncio.run(graph.ainvoke({"question": "a"}))["answer"] == "A"
    assert not events.close(0.5)
    stats = events.stats()
    assert (stats.published, stats.delivered, stats.timed_out) == (6, 0, 1)
