"""LangGraph invoke overhead of workflow_events.integrations.langgraph, in one run: the
same two-node compiled graph invoked without and with the integration (a
confluent-kafka producer to the broker at --bootstrap), in rounds (ABBA order) in one
process. Prints the median time per invoke of each and the median of the per-round
ratios, and the process's CPU time per invoke (all its threads: steadier than time on
a shared machine), then closes the emitter (the bounded shutdown wait) and checks that
every event reached the topic.

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
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--invokes", type=int, default=300)
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
    ratios: list[float] = []
    cpu: dict[str, float] = {kind: 0.0 for kind in graphs}
    invoked = 0
    for round_ in range(-1, args.rounds):  # round -1: warm-up, not counted
        # ABBA: the order alternates, so drift on the machine cancels out.
        order = list(graphs) if round_ % 2 == 0 else list(graphs)[::-1]
        medians: dict[str, float] = {}
        for kind in order:
            block: list[float] = []
            used = time.process_time()
            for i in range(args.invokes):
                started = time.perf_counter()
                graphs[kind].invoke({"question": str(i)})
                block.append(time.perf_counter() - started)
            if kind == "instrumented":
                invoked += args.invokes
                time.sleep(0.2)  # the publisher's thread ends its work of the block
            used = time.process_time() - used
            medians[kind] = statistics.median(block)
            if round_ >= 0:
                times[kind] += block
                cpu[kind] += used
        if round_ >= 0:
            ratios.append(medians["instrumented"] / medians["plain"])
    # The shutdown's bounded wait (flush: the emitter before the queue had no close).
    closing = getattr(events, "close", None) or events.flush
    closing()
    plain = statistics.median(times["plain"]) * 1e3
    with_events = statistics.median(times["instrumented"]) * 1e3
    runs = len(times["plain"])
    arrived = count_events(args.bootstrap, topic, 2 * invoked)
    print(
        f"langgraph ({args.rounds} rounds of {args.invokes} invokes each way): median "
        f"{plain:.3f} ms without, {with_events:.3f} ms with the integration per "
        "invoke; "
        f"ratio (median of per-round ratios) {statistics.median(ratios):.3f} "
        f"(rounds {min(ratios):.3f}..{max(ratios):.3f}); process CPU per invoke "
        f"{cpu['plain'] / runs * 1e3:.3f} ms without, "
        f"{cpu['instrumented'] / runs * 1e3:.3f} ms with, ratio "
        f"{cpu['instrumented'] / cpu['plain']:.3f}; events on the topic "
        f"{arrived}/{2 * invoked}"
    )
    return 0 if arrived == 2 * invoked else 1


if __name__ == "__main__":
    sys.exit(main())
