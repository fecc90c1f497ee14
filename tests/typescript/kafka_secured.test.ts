/**
 * The TypeScript Kafka helper on a cluster that requires TLS and SASL, with KafkaJS's own `ssl`
 * and `sasl` options, against the TLS listeners of `scripts/kafka-broker up secure` (started by
 * scripts/test's kafka block): `KAFKA_SASL_SSL_BOOTSTRAP` (TLS in front of noida-db, which
 * speaks SASL PLAIN but accepts any password), `KAFKA_SCRAM_BOOTSTRAP` (TLS in front of tansu
 * `--authentication`: SCRAM required, every login refused, it keeps no credentials),
 * `KAFKA_CA_LOCATION`, `KAFKA_UNTRUSTED_CA_LOCATION`, `KAFKA_TEST_PASSWORD`.
 *
 * - events published here over SASL_SSL are read by `eachEvent` and by the Python helper, and
 *   what the Python helper publishes over SASL_SSL is read here;
 * - a refused SCRAM login, an untrusted certificate and a plaintext client at the TLS listener
 *   fail with an error naming the cause, in seconds;
 * - `settingsFromEnvironment` / `kafkaJsSecurity` / `redacted` (no broker needed).
 *
 * The block between the `README:` markers is README.md's TypeScript snippet (checked by
 * tests/kafka/test_secured.py). Without the variables the broker tests are skipped (a failure
 * with `KAFKA_REQUIRE=1`).
 */

// README: secured-typescript
import { readFileSync } from "node:fs";
import { Kafka, logLevel, type SASLOptions } from "kafkajs";

/** A KafkaJS client for a cluster that requires TLS and SASL. */
function securedKafka(brokers: string[], sasl: SASLOptions, caLocation: string): Kafka {
  return new Kafka({
    brokers,
    ssl: { ca: [readFileSync(caLocation, "utf8")] }, // the CA that signed the brokers' certificates
    sasl, // { mechanism: "scram-sha-512", username: "workflow-events", password } from a secret store
    retry: { retries: 2 }, // a refused login or certificate fails connect() in seconds
    logLevel: logLevel.NOTHING,
  });
}
// README: end

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { describe, it } from "node:test";

import { Partitioners, type KafkaMessage } from "kafkajs";

import { createWorkflowEvent, type WorkflowEvent } from "../../generated/typescript/src/v1_0/index.js";
import {
  decode,
  eachEvent,
  kafkaJsSecurity,
  PRODUCER_OPTIONS,
  publish,
  REDACTED,
  record,
  redacted,
  settingsFromEnvironment,
} from "../../generated/typescript/src/kafka.js";
import { ROOT } from "./corpus.js";

const NAMES = ["KAFKA_SASL_SSL_BOOTSTRAP", "KAFKA_SCRAM_BOOTSTRAP", "KAFKA_CA_LOCATION", "KAFKA_UNTRUSTED_CA_LOCATION", "KAFKA_TEST_PASSWORD"];
const missing = NAMES.filter((name) => (process.env[name] ?? "") === "");
if (missing.length > 0 && process.env["KAFKA_REQUIRE"] === "1") {
  throw new Error(`KAFKA_REQUIRE=1 but ${missing.join(", ")} not set`);
}
const env = (name: string): string => process.env[name] ?? "";
const python = process.env["KAFKA_PYTHON"] ?? join(ROOT, ".venv", "bin", "python");
const WAIT_MS = 60_000;

function plain(): SASLOptions {
  return { mechanism: "plain", username: "workflow-events", password: env("KAFKA_TEST_PASSWORD") };
}

function cluster(): Kafka {
  return securedKafka([env("KAFKA_SASL_SSL_BOOTSTRAP")], plain(), env("KAFKA_CA_LOCATION"));
}

/** The same settings as WORKFLOW_EVENTS_KAFKA_* variables, for tests/kafka/interop.py. */
function pythonEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PYTHONPATH: join(ROOT, "generated", "v1.0", "python"),
    WORKFLOW_EVENTS_KAFKA_SECURITY_PROTOCOL: "SASL_SSL",
    WORKFLOW_EVENTS_KAFKA_SASL_MECHANISM: "PLAIN",
    WORKFLOW_EVENTS_KAFKA_SASL_USERNAME: "workflow-events",
    WORKFLOW_EVENTS_KAFKA_SASL_PASSWORD: env("KAFKA_TEST_PASSWORD"),
    WORKFLOW_EVENTS_KAFKA_SSL_CA_LOCATION: env("KAFKA_CA_LOCATION"),
  };
}

function interop(args: string[]): string {
  return execFileSync(python, [join(ROOT, "tests", "kafka", "interop.py"), ...args], {
    env: pythonEnvironment(),
    encoding: "utf8",
    timeout: WAIT_MS + 10_000,
  });
}

async function newTopic(client: Kafka, partitions: number): Promise<string> {
  const topic = `ts-secured-${randomUUID()}`;
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
  return topic;
}

function events(count: number): WorkflowEvent[] {
  return Array.from({ length: count }, (_, i) =>
    createWorkflowEvent({
      event_type: "workflow.triggered",
      source: "fastapi",
      workflow_id: "ts_secured_test",
      workflow_run_id: `run_${i % 3}`,
      payload: { data: { seq: i } },
      metadata: { environment: "dev" },
    }),
  );
}

/** How `connect()` of a producer of `client` fails, and after how long. */
async function refusal(client: Kafka): Promise<{ error: Error; ms: number }> {
  const producer = client.producer(PRODUCER_OPTIONS);
  const started = Date.now();
  try {
    await producer.connect();
  } catch (error) {
    return { error: error as Error, ms: Date.now() - started };
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
  throw new Error("connect() succeeded");
}

/** The error and its causes' messages, as one text. */
function causes(error: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = error; e instanceof Error; e = (e as { cause?: unknown; originalError?: unknown }).originalError ?? (e as { cause?: unknown }).cause) {
    parts.push(`${e.name}: ${e.message}`);
  }
  return parts.join(" <- ");
}

describe("security settings (no broker)", () => {
  it("reads WORKFLOW_EVENTS_KAFKA_* as the Python helper does and maps them to KafkaJS options", () => {
    const settings = settingsFromEnvironment({
      WORKFLOW_EVENTS_KAFKA_SECURITY_PROTOCOL: "SASL_SSL",
      WORKFLOW_EVENTS_KAFKA_SASL_MECHANISM: "SCRAM-SHA-512",
      WORKFLOW_EVENTS_KAFKA_SASL_USERNAME: "workflow-events",
      WORKFLOW_EVENTS_KAFKA_SASL_PASSWORD: "hunter2-ts",
      WORKFLOW_EVENTS_KAFKA_SSL_CA_LOCATION: "/ca.pem",
      WORKFLOW_EVENTS_KAFKA_CLIENT_ID: "",
      WORKFLOW_EVENTS_TOPIC: "t",
    });
    assert.deepEqual(settings, {
      "sasl.mechanism": "SCRAM-SHA-512",
      "sasl.password": "hunter2-ts",
      "sasl.username": "workflow-events",
      "security.protocol": "SASL_SSL",
      "ssl.ca.location": "/ca.pem",
    });
    const security = kafkaJsSecurity(settings, (path) => `PEM of ${path}`);
    assert.deepEqual(security, {
      ssl: { ca: ["PEM of /ca.pem"] },
      sasl: { mechanism: "scram-sha-512", username: "workflow-events", password: "hunter2-ts" },
    });
    assert.deepEqual(settingsFromEnvironment({ WORKFLOW_EVENTS_KAFKA_SSL_ENDPOINT__IDENTIFICATION___X: "a" }), {
      "ssl.endpoint_identification-x": "a",
    });
    assert.deepEqual(redacted(settings)["sasl.password"], REDACTED);
    assert.ok(!JSON.stringify(redacted(settings)).includes("hunter2"));
    for (const bad of [{ "security.protocol": "SASL_SSL", "sasl.mechanism": "GSSAPI", "sasl.username": "u", "sasl.password": "hunter2-ts" }, { "ssl.keystore.location": "/k" }]) {
      assert.throws(() => kafkaJsSecurity(bad, () => ""), (error: Error) => !error.message.includes("hunter2"));
    }
    assert.throws(() => settingsFromEnvironment({ WORKFLOW_EVENTS_KAFKA_SASL____PASSWORD: "hunter2-ts" }), /SASL____PASSWORD/);
  });
});

describe("KafkaJS on a secured cluster (TLS + SASL)", { skip: missing.length > 0 }, () => {
  it("publishes over SASL_SSL what eachEvent and the Python helper read", async () => {
    const client = cluster();
    const topic = await newTopic(client, 3);
    const producer = client.producer({ ...PRODUCER_OPTIONS, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const sent = events(12);
    const consumer = client.consumer({ groupId: `ts-secured-${randomUUID()}` });
    const handled: string[] = [];
    try {
      for (const event of sent) {
        await publish(producer, topic, event);
      }
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: eachEvent<Buffer>(async ({ event }) => void handled.push(record(event).value), { producer }) });
      const deadline = Date.now() + WAIT_MS;
      while (handled.length < sent.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
    }
    const want = sent.map((event) => record(event).value).sort();
    assert.deepEqual([...handled].sort(), want, "eachEvent read every event over SASL_SSL");
    const python = interop(["consume", "--bootstrap", env("KAFKA_SASL_SSL_BOOTSTRAP"), "--topic", topic, "--count", String(sent.length)]);
    assert.deepEqual(python.trim().split("\n").sort(), want, "the Python helper read every event over SASL_SSL");
  });

  it("reads what the Python helper publishes over SASL_SSL", async () => {
    const client = cluster();
    const topic = await newTopic(client, 1);
    const sent = interop(["produce", "--bootstrap", env("KAFKA_SASL_SSL_BOOTSTRAP"), "--topic", topic, "--count", "8"]).trim().split("\n");
    const consumer = client.consumer({ groupId: `ts-secured-${randomUUID()}` });
    const got: KafkaMessage[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void got.push(message) });
      const deadline = Date.now() + WAIT_MS;
      while (got.length < sent.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    } finally {
      await consumer.disconnect();
    }
    const read = got.map((message) => {
      const event = decode(message);
      assert.ok(event.ok, "Python's event decodes here");
      return record(event.value.event).value;
    });
    assert.deepEqual(read.sort(), [...sent].sort());
  });

  for (const mechanism of ["scram-sha-256", "scram-sha-512"] as const) {
    it(`names a refused ${mechanism} login as an authentication failure, in seconds`, async () => {
      const client = securedKafka([env("KAFKA_SCRAM_BOOTSTRAP")], { mechanism, username: "workflow-events", password: env("KAFKA_TEST_PASSWORD") }, env("KAFKA_CA_LOCATION"));
      const { error, ms } = await refusal(client);
      const text = causes(error);
      console.log(`${mechanism} refused after ${ms} ms: ${text}`);
      assert.match(text, /KafkaJSSASLAuthenticationError/);
      assert.match(text, /SCRAM/i);
      assert.ok(ms < 10_000, `refused only after ${ms} ms`);
    });
  }

  it("names an untrusted certificate, in seconds", async () => {
    const client = securedKafka([env("KAFKA_SASL_SSL_BOOTSTRAP")], plain(), env("KAFKA_UNTRUSTED_CA_LOCATION"));
    const { error, ms } = await refusal(client);
    const text = causes(error);
    console.log(`untrusted certificate refused after ${ms} ms: ${text}`);
    assert.match(text, /self[- ]signed certificate|unable to verify|certificate/i);
    assert.ok(ms < 15_000, `refused only after ${ms} ms`);
  });

  it("fails a plaintext client at the TLS listener, in seconds", async () => {
    const client = new Kafka({ brokers: [env("KAFKA_SASL_SSL_BOOTSTRAP")], retry: { retries: 2 }, logLevel: logLevel.NOTHING });
    const { error, ms } = await refusal(client);
    const text = causes(error);
    console.log(`plaintext client refused after ${ms} ms: ${text}`);
    assert.match(text, /KafkaJSConnectionError|ECONNRESET|Connection/);
    assert.ok(ms < 15_000, `refused only after ${ms} ms`);
  });
});
