"""LangGraph invoke overhead of workflow_events.integrations.langgraph, in one run: the same
two-node compiled graph invoked without and with the integration (a confluent-kafka
producer to the broker at --bootstrap), in alternating rounds in one process. Prints the
median time per invoke of each and their ratio, then closes the emitter (the bounded
shutdown wait) and checks that every event reached the topic.

Run by scripts/bench-integrations with the LangGraph venv's Python (target/integrations/
langgraph, made by tests/integrations/venv.sh langgraph).
"""

from __future__ import annotations

import argparse
import operator
import statistics
import sys
import time
import uuid
from typing import Annotated, Any, TypedDict


class State(TypedDict, total=False):
    question: str
    steps: Annotated[list[str], operator.add]
    answer: str


def build() -> Any:
    from langgraph.graph import END, START, StateGraph

    def plan(state: State) -> State:
        return {"steps": ["plan"]}

    def answer(state: State) -> State:
        return {"steps": ["answer"], "answer": state["question"].upper()}

    builder = StateGraph(State)
    builder.add_node("plan", plan)
    builder.add_node("answer", answer)
    builder.add_edge(START, "plan")
    builder.add_edge("plan", "answer")
    builder.add_edge("answer", END)
    return builder.compile(name="bench")


def count_events(
    bootstrap: str, topic: str, expected: int, deadline: float = 60
) -> int:
    from confluent_kafka import Consumer, TopicPartition

    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": uuid.uuid4().hex})
    consumer.assign([TopicPartition(topic, 0, 0)])
    found = 0
    until = time.monotonic() + deadline
    try:
        while time.monotonic() < until and found < expected:
            message = consumer.poll(0.2)
            if message is not None and message.error() is None:
                found += 1
    finally:
        consumer.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--invokes", type=int, default=400)
    args = parser.parse_args()

    from confluent_kafka import Producer
    from confluent_kafka.admin import AdminClient, NewTopic
    from workflow_events.integrations import langgraph as wfe
    from workflow_events.kafka import producer_config

    topic = f"bench-langgraph-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": args.bootstrap})
    for future in admin.create_topics([NewTopic(topic, 1, 1)]).values():
        future.result(timeout=10)
    events = wfe.emitter(
        Producer(producer_config(args.bootstrap)), environment="dev", topic=topic
    )
    graphs = {"plain": build(), "instrumented": wfe.instrument(build(), events)}
    times: dict[str, list[float]] = {kind: [] for kind in graphs}
    invoked = 0
    for round_ in range(-1, args.rounds):  # round -1: warm-up, not counted
        for kind, graph in graphs.items():
            for i in range(args.invokes if round_ >= 0 else 200):
                started = time.perf_counter()
                graph.invoke({"question": str(i)})
                elapsed = time.perf_counter() - started
                if kind == "instrumented":
                    invoked += 1
                if round_ >= 0:
                    times[kind].append(elapsed)
    closing = (
        getattr(events, "close", None) or events.flush
    )  # before the queued emitter
    closing()
    plain = statistics.median(times["plain"]) * 1e3
    with_events = statistics.median(times["instrumented"]) * 1e3
    arrived = count_events(args.bootstrap, topic, 2 * invoked)
    print(
        f"langgraph ({len(times['plain'])} invokes each): median {plain:.3f} ms without, "
        f"{with_events:.3f} ms with the integration per invoke, ratio "
        f"{with_events / plain:.3f}; events on the topic {arrived}/{2 * invoked}"
    )
    return 0 if arrived == 2 * invoked else 1


if __name__ == "__main__":
    sys.exit(main())
