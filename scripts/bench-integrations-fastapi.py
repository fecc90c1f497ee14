"""FastAPI request overhead of workflow_events.integrations.fastapi, in one run: the
same endpoint served by two uvicorn processes, one without the integration and one with
it (a confluent-kafka producer to the broker at --bootstrap), requested one at a time
over keep-alive HTTP, in rounds (ABBA order). Prints the median latency per request of
each, the median of the per-round ratios, and the CPU time of each server process per
request (its event loop and the publisher's thread: steadier than latency on a shared
machine), then stops the instrumented server (SIGTERM: its lifespan flushes) and checks
that every event of its requests reached the topic.

Run by scripts/bench-integrations with the FastAPI venv's Python (target/integrations/
fastapi, made by tests/integrations/venv.sh fastapi).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from typing import Any


def app(instrumented: bool, bootstrap: str, topic: str) -> Any:
    from fastapi import FastAPI

    if not instrumented:
        plain = FastAPI()

        @plain.get("/orders/{order}")
        async def order(order: str) -> dict[str, str]:
            return {"order": order}

        return plain

    from confluent_kafka import Producer
    from workflow_events.integrations import fastapi as wfe
    from workflow_events.kafka import producer_config

    events = wfe.emitter(
        Producer(producer_config(bootstrap)), environment="dev", topic=topic
    )
    lifespan = getattr(wfe, "lifespan", None)  # absent before the queued emitter
    served = FastAPI(lifespan=lifespan(events) if lifespan else None)

    @served.get("/orders/{order}")
    @wfe.workflow(events, "order")
    async def order_run(order: str) -> dict[str, str]:
        return {"order": order}

    return served


def serve(args: argparse.Namespace) -> None:
    import uvicorn

    uvicorn.run(
        app(args.kind == "instrumented", args.bootstrap, args.topic),
        host="127.0.0.1",
        port=args.port,
        log_level="warning",
        access_log=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_port(port: int, deadline: float = 60) -> None:
    until = time.monotonic() + deadline
    while time.monotonic() < until:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"no server on port {port} after {deadline} s")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its threads so far (Linux /proc)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


def bench(args: argparse.Namespace) -> int:
    import httpx
    from confluent_kafka.admin import AdminClient, NewTopic

    topic = f"bench-fastapi-{uuid.uuid4().hex[:8]}"
    admin = AdminClient({"bootstrap.servers": args.bootstrap})
    for future in admin.create_topics([NewTopic(topic, 1, 1)]).values():
        future.result(timeout=10)
    servers: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    try:
        for kind in ("plain", "instrumented"):
            port = free_port()
            servers[kind] = (
                subprocess.Popen(
                    [sys.executable, __file__, "serve", kind, "--port", str(port)]
                    + ["--bootstrap", args.bootstrap, "--topic", topic]
                ),
                port,
            )
        for _, port in servers.values():
            wait_port(port)
        times: dict[str, list[float]] = {kind: [] for kind in servers}
        ratios: list[float] = []
        cpu: dict[str, float] = {kind: 0.0 for kind in servers}
        sent = 0
        with httpx.Client() as client:
            for round_ in range(-1, args.rounds):  # round -1: warm-up, not counted
                # ABBA: the order alternates, so drift on the machine cancels out.
                order = list(servers) if round_ % 2 == 0 else list(servers)[::-1]
                medians: dict[str, float] = {}
                for kind in order:
                    url = f"http://127.0.0.1:{servers[kind][1]}/orders/"
                    block: list[float] = []
                    used = cpu_seconds(servers[kind][0].pid)
                    for i in range(args.requests):
                        started = time.perf_counter()
                        response = client.get(f"{url}{i}")
                        block.append(time.perf_counter() - started)
                        assert response.status_code == 200
                    if kind == "instrumented":
                        sent += args.requests
                        time.sleep(
                            0.2
                        )  # the publisher's thread ends its work of the block
                    used = cpu_seconds(servers[kind][0].pid) - used
                    medians[kind] = statistics.median(block)
                    if round_ >= 0:
                        times[kind] += block
                        cpu[kind] += used
                if round_ >= 0:
                    ratios.append(medians["instrumented"] / medians["plain"])
        instrumented = servers.pop("instrumented")[0]
        instrumented.send_signal(signal.SIGTERM)  # its lifespan flushes the events
        instrumented.wait(30)
    finally:
        for process, _ in servers.values():
            process.terminate()
            process.wait(30)
    plain = statistics.median(times["plain"]) * 1e3
    with_events = statistics.median(times["instrumented"]) * 1e3
    requests = len(times["plain"])
    arrived = count_events(args.bootstrap, topic, 2 * sent)
    print(
        f"fastapi (uvicorn, {args.rounds} rounds of {args.requests} requests each way):"
        " "
        f"median {plain:.3f} ms without, {with_events:.3f} ms with the integration per "
        f"request; ratio (median of per-round ratios) {statistics.median(ratios):.3f} "
        f"(rounds {min(ratios):.3f}..{max(ratios):.3f}); server CPU per request "
        f"{cpu['plain'] / requests * 1e3:.3f} ms without, "
        f"{cpu['instrumented'] / requests * 1e3:.3f} ms with, ratio "
        f"{cpu['instrumented'] / cpu['plain']:.3f}; events on the topic "
        f"{arrived}/{2 * sent}"
    )
    return 0 if arrived == 2 * sent else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serving = sub.add_parser("serve")
    serving.add_argument("kind", choices=["plain", "instrumented"])
    serving.add_argument("--port", type=int, required=True)
    serving.add_argument("--bootstrap", required=True)
    serving.add_argument("--topic", required=True)
    measuring = sub.add_parser("bench")
    measuring.add_argument("--bootstrap", required=True)
    measuring.add_argument("--rounds", type=int, default=10)
    measuring.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    if args.command == "serve":
        serve(args)
        return 0
    return bench(args)


if __name__ == "__main__":
    sys.exit(main())
