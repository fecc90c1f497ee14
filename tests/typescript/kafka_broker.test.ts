/**
 * The TypeScript Kafka helper through a real Kafka-protocol broker (noida-db, started by
 * scripts/test's kafka block, which sets `KAFKA_BOOTSTRAP` and `KAFKA_REQUIRE=1`), with KafkaJS:
 *
 * - events published with `publish` all arrive, keyed by run and in order within each run,
 *   with exactly `record(event)`'s key, value and headers;
 * - events published by the Python helper (`workflow_events.kafka.publish`, confluent-kafka)
 *   are decoded here, and re-recording them gives the same bytes and headers;
 * - events published here are decoded by the Python helper, whose `record` gives the same
 *   key, value and headers: the record layout is one across the languages;
 * - a consumer running `eachEvent` over valid and invalid messages hands every event to its
 *   handler and writes every invalid message, bytes unchanged, to `<topic>.dlq` with its errors.
 *
 * Without `KAFKA_BOOTSTRAP` the tests are skipped (a failure with `KAFKA_REQUIRE=1`).
 * Tansu, the second broker of the Rust and Python tests, refuses KafkaJS's idempotent
 * producer (`InitProducerId` v1 answers an unknown server error), so only noida-db is used.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { describe, it } from "node:test";

import { Kafka, logLevel, Partitioners, type IHeaders, type KafkaMessage } from "kafkajs";

import { createWorkflowEvent, type WorkflowEvent } from "../../generated/typescript/src/v1_0/index.js";
import { decode, defaultDlqTopic, eachEvent, PRODUCER_OPTIONS, publish, record } from "../../generated/typescript/src/kafka.js";
import type { WorkflowEventOfAnyVersion } from "../../generated/typescript/src/versions.js";
import { ROOT, examples } from "./corpus.js";

const bootstrap = process.env["KAFKA_BOOTSTRAP"];
if (bootstrap === undefined && process.env["KAFKA_REQUIRE"] === "1") {
  throw new Error("KAFKA_REQUIRE=1 but KAFKA_BOOTSTRAP is not set: no broker to test against");
}
const python = process.env["KAFKA_PYTHON"] ?? join(ROOT, ".venv", "bin", "python");
/** Every wait on the broker is bounded by this. */
const WAIT_MS = 60_000;

function kafka(): Kafka {
  return new Kafka({ clientId: "workflow-events-tests", brokers: [bootstrap ?? ""], logLevel: logLevel.ERROR });
}

async function newTopic(client: Kafka, partitions: number): Promise<string> {
  const topic = `ts-${randomUUID()}`;
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

/** The first `count` messages of `topic` (every partition, from the start), in arrival order. */
async function consume(client: Kafka, topic: string, count: number): Promise<{ partition: number; message: KafkaMessage }[]> {
  const consumer = client.consumer({ groupId: `ts-${randomUUID()}` });
  await consumer.connect();
  const seen: { partition: number; message: KafkaMessage }[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${seen.length} of ${count} messages within ${WAIT_MS} ms`)), WAIT_MS);
      void consumer
        .run({
          eachMessage: async ({ partition, message }) => {
            seen.push({ partition, message });
            if (seen.length >= count) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

/** A message's headers as text, in the order they came. */
function headerText(headers: IHeaders | undefined): [string, string][] {
  return Object.entries(headers ?? {}).map(([name, value]) => [name, Buffer.isBuffer(value) ? value.toString("utf8") : String(value)]);
}

function serializeOf(event: WorkflowEventOfAnyVersion): string {
  return record(event).value;
}

function events(runs: number, perRun: number): WorkflowEvent[] {
  const made: WorkflowEvent[] = [];
  for (let step = 0; step < perRun; step++) {
    for (let run = 0; run < runs; run++) {
      made.push(
        createWorkflowEvent({
          event_type: step === perRun - 1 ? "workflow.completed" : "workflow.triggered",
          source: "fastapi",
          workflow_id: "ts_broker_test",
          workflow_run_id: `run_${run}`,
          payload: { data: { step, note: "naïve ✓" } },
          metadata: { environment: "dev" },
        }),
      );
    }
  }
  return made;
}

describe("kafka helper through a real broker (noida-db, KafkaJS)", { skip: bootstrap === undefined }, () => {
  it("delivers every published event with the shared layout, each run in one partition, in order", async () => {
    const client = kafka();
    const topic = await newTopic(client, 3);
    const producer = client.producer({ ...PRODUCER_OPTIONS, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const sent = events(4, 5);
    try {
      for (const event of sent) {
        await publish(producer, topic, event);
      }
    } finally {
      await producer.disconnect();
    }
    const got = await consume(client, topic, sent.length);
    assert.equal(got.length, sent.length);
    const expected = new Map(sent.map((event) => [event.event_id, record(event)]));
    const partitionOfRun = new Map<string, number>();
    const orderOfRun = new Map<string, string[]>();
    for (const { partition, message } of got) {
      const read = decode(message);
      assert.ok(read.ok, "every published event decodes");
      const want = expected.get(read.value.event.event_id);
      assert.ok(want !== undefined, "no event arrives that was not sent");
      assert.equal(message.key?.toString("utf8"), want.key);
      assert.equal(message.value?.toString("utf8"), want.value);
      assert.deepEqual(headerText(message.headers), Object.entries(want.headers));
      const run = read.value.event.workflow_run_id;
      assert.equal(partitionOfRun.get(run) ?? partition, partition, `${run} stays in one partition`);
      partitionOfRun.set(run, partition);
      orderOfRun.set(run, [...(orderOfRun.get(run) ?? []), read.value.event.event_id]);
    }
    for (const [run, order] of orderOfRun) {
      const sentOrder = sent.filter((e) => e.workflow_run_id === run).map((e) => e.event_id);
      assert.deepEqual(order, sentOrder, `${run}: received in the order sent`);
    }
  });

  it("reads what the Python helper publishes, byte for byte the record it would write", async () => {
    const client = kafka();
    const topic = await newTopic(client, 1);
    const canonical = examples("v1.0").map((e) => e.canonical);
    execFileSync(python, ["-c", PYTHON_PUBLISH, bootstrap ?? "", topic], {
      input: canonical.join("\n") + "\n",
      timeout: WAIT_MS,
    });
    const got = await consume(client, topic, canonical.length);
    assert.deepEqual(
      got.map(({ message }) => message.value?.toString("utf8")),
      canonical,
    );
    for (const { message } of got) {
      const read = decode(message);
      assert.ok(read.ok);
      const again = record(read.value.event);
      assert.equal(message.key?.toString("utf8"), again.key);
      assert.deepEqual(headerText(message.headers), Object.entries(again.headers));
    }
  });

  it("hands every event to the handler and every invalid message to the dead-letter topic", async () => {
    const client = kafka();
    const topic = await newTopic(client, 2);
    const dlqTopic = defaultDlqTopic(topic);
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: dlqTopic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const valid = examples("v1.0").map((e) => e.canonical);
    const invalid = ["{", "{}", '{"metadata": {"version": "2.0"}}', "\u0000\u0001"];
    const producer = client.producer({ ...PRODUCER_OPTIONS, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const handled: string[] = [];
    const consumer = client.consumer({ groupId: `ts-${randomUUID()}` });
    try {
      const messages = [...valid, ...invalid].map((value, i) => ({ key: `run_${i % 3}`, value, headers: { origin: "test" } }));
      await producer.send({ topic, acks: -1, messages });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: eachEvent<Buffer>(async ({ event }) => void handled.push(serializeOf(event)), { producer }),
      });
      const letters = await consume(client, dlqTopic, invalid.length);
      const deadline = Date.now() + WAIT_MS;
      while (handled.length < valid.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual([...handled].sort(), [...valid].sort(), "every valid event reached the handler");
      const byValue = new Map(letters.map(({ message }) => [message.value?.toString("latin1"), message]));
      assert.equal(byValue.size, invalid.length);
      const kinds = ["json_invalid", "validation_failed", "unknown_version", "frame_invalid"];
      invalid.forEach((value, i) => {
        const letter = byValue.get(Buffer.from(value, "utf8").toString("latin1"));
        assert.ok(letter !== undefined, `${JSON.stringify(value)} was dead-lettered, bytes unchanged`);
        const headers = Object.fromEntries(headerText(letter.headers));
        assert.equal(headers["origin"], "test");
        assert.equal(headers["error_type"], kinds[i]);
        assert.equal(headers["original_topic"], topic);
        assert.ok(JSON.parse(headers["errors"] ?? "[]").length > 0);
      });
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  it("publishes what the Python helper decodes and records identically", async () => {
    const client = kafka();
    const topic = await newTopic(client, 1);
    const producer = client.producer({ ...PRODUCER_OPTIONS, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const sent = examples("v1.0").map((e) => {
      const read = decode(e.canonical);
      assert.ok(read.ok);
      return read.value.event;
    });
    try {
      for (const event of sent) {
        await publish(producer, topic, event, { cloudevents: true });
      }
    } finally {
      await producer.disconnect();
    }
    const out = execFileSync(python, ["-c", PYTHON_CONSUME, bootstrap ?? "", topic, String(sent.length)], {
      timeout: WAIT_MS + 10_000,
      encoding: "utf8",
    });
    assert.deepEqual(JSON.parse(out.trim().split("\n").pop() ?? "{}"), { seen: sent.length, same: sent.length });
  });
});

/** Publishes each line of stdin (a v1.0 event) with the Python helper; argv: bootstrap, topic. */
const PYTHON_PUBLISH = `
import sys
from confluent_kafka import Producer
from workflow_events import WorkflowEvent
from workflow_events.kafka import producer_config, publish
producer = Producer(producer_config(sys.argv[1]))
for line in sys.stdin.read().splitlines():
    publish(producer, sys.argv[2], WorkflowEvent.model_validate_json(line))
assert producer.flush(30) == 0, "not every event was delivered"
`;

/**
 * Reads N messages with confluent-kafka and counts those whose Python record (key, value and
 * headers, CloudEvents included) is exactly the message; argv: bootstrap, topic, N.
 */
const PYTHON_CONSUME = `
import json, sys, time, uuid
from confluent_kafka import Consumer
from workflow_events.kafka import decode, record
consumer = Consumer({"bootstrap.servers": sys.argv[1], "group.id": uuid.uuid4().hex, "auto.offset.reset": "earliest"})
consumer.subscribe([sys.argv[2]])
want, seen, same = int(sys.argv[3]), 0, 0
deadline = time.monotonic() + 60
while seen < want and time.monotonic() < deadline:
    message = consumer.poll(1.0)
    if message is None or message.error() is not None:
        continue
    seen += 1
    key, value, headers = record(decode(message), cloudevents=True)
    same += (key, value, headers) == (message.key(), message.value(), message.headers())
consumer.close()
print(json.dumps({"seen": seen, "same": same}))
`;
