/**
 * The TypeScript Kafka helper (`src/kafka.ts` of the generated package, one for every version)
 * without a broker: the record layout of every canonical example, decoding by version as
 * `tests/kafka` checks the Python helper (the same versions, the same error types and
 * locations), Confluent frames and the trace-context headers. `kafka_broker.test.ts` sends the
 * records through a real broker.
 */

import assert from "node:assert/strict";
import { describe, it } from "node:test";

import * as kafka from "../../generated/typescript/src/kafka.js";
import { chooseVersion, SCHEMA_VERSIONS } from "../../generated/typescript/src/versions.js";
import { counterexamples, examples } from "./corpus.js";

const kafka10 = kafka;
/** Every schema version's corpus, read and written by the one helper. */
const PACKAGES: [string, typeof kafka][] = SCHEMA_VERSIONS.map((v) => [`v${v}`, kafka]);

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function errorsOf(result: { ok: true } | { ok: false; errors: readonly { type: string; loc: unknown }[] }) {
  assert.equal(result.ok, false, "expected the message to be refused");
  return result.ok ? [] : result.errors.map((e) => ({ type: e.type, loc: e.loc }));
}

function fieldsOf(text: string): Record<string, unknown> {
  return JSON.parse(text) as Record<string, unknown>;
}

function metadataVersion(fields: Record<string, unknown>): string {
  return (fields["metadata"] as Record<string, string>)["version"] ?? "";
}

// The versions of tests/kafka/test_kafka.py (and tests/kafka.rs): every language agrees.
const NOT_READABLE = ["2.0", "2", "", "v1.0", "10.1", "01.0", "one", "1", "1.0.0", "1.", " 1.0"];
NOT_READABLE.push("1.00", "1.0\n", "1.99999999999999999999", "1." + "9".repeat(5000), "١.٠");

for (const [version, kafka] of PACKAGES) {
  describe(`kafka helper of ${version}`, () => {
    it("writes the shared layout for every canonical example: value, key, headers in order", () => {
      for (const example of examples(version)) {
        const read = kafka.decode(utf8(example.canonical));
        assert.ok(read.ok, example.name);
        const fields = fieldsOf(example.canonical);
        assert.equal(read.value.version, chooseVersion(metadataVersion(fields)), example.name);
        const written = kafka.record(read.value.event);
        assert.equal(written.value, example.canonical, example.name);
        assert.equal(written.key, fields["workflow_run_id"]);
        const expected: [string, unknown][] = [
          ["content-type", "application/json"],
          ["event_type", fields["event_type"]],
          ["source", fields["source"]],
          ["schema_version", metadataVersion(fields)],
        ];
        if (typeof fields["traceparent"] === "string") {
          expected.push(["traceparent", fields["traceparent"]]);
        }
        assert.deepEqual(Object.entries(written.headers), expected, example.name);
      }
    });

    it("adds the CloudEvents headers after the usual ones, value unchanged", () => {
      const example = examples(version)[0];
      assert.ok(example !== undefined);
      const read = kafka.decode(example.canonical);
      assert.ok(read.ok);
      const plain = kafka.record(read.value.event);
      const ce = kafka.record(read.value.event, { cloudevents: true });
      const fields = fieldsOf(example.canonical);
      assert.equal(ce.value, plain.value);
      assert.deepEqual(Object.entries(ce.headers), [
        ...Object.entries(plain.headers),
        ["ce_specversion", "1.0"],
        ["ce_id", fields["event_id"]],
        ["ce_source", fields["source"]],
        ["ce_type", fields["event_type"]],
        ["ce_time", fields["timestamp"]],
      ]);
    });

    it("reports the corpus errors of every counterexample, as the Python helper does", () => {
      for (const counter of counterexamples(version)) {
        const text = counter.input.text;
        assert.deepEqual(errorsOf(kafka.decode(utf8(text))), counter.errors, counter.name);
      }
    });

    it("reports an unknown version before validating anything", () => {
      for (const declared of NOT_READABLE) {
        const value = JSON.stringify({ metadata: { environment: "dev", version: declared } });
        const read = kafka.decode(utf8(value));
        assert.deepEqual(errorsOf(read), [{ type: "unknown_version", loc: ["metadata", "version"] }], JSON.stringify(declared));
        assert.ok(!read.ok && read.errors[0]?.msg.includes(JSON.stringify(declared)));
      }
    });

    it("reads every minor of a known major, and an event without a version as a 1.x event", () => {
      // An event every 1.x reads (v1.1's first example is a 1.1-only event type).
      const example = examples("v1.0")[0];
      assert.ok(example !== undefined);
      for (const [minor, readAs] of [["1.0", "1.0"], ["1.1", "1.1"], ["1.999", "1.1"], ["1.18446744073709551615", "1.1"]]) {
        const fields = fieldsOf(example.canonical);
        (fields["metadata"] as Record<string, unknown>)["version"] = minor;
        const read = kafka.decode(JSON.stringify(fields));
        assert.ok(read.ok, minor);
        assert.equal(read.value.version, readAs, minor);
        assert.equal(read.value.event.metadata.version, minor);
      }
      assert.deepEqual(errorsOf(kafka.decode('{"metadata": {"version": "1.18446744073709551616"}}')), [
        { type: "unknown_version", loc: ["metadata", "version"] },
      ]);
      const fields = fieldsOf(example.canonical);
      delete (fields["metadata"] as Record<string, unknown>)["version"];
      const read = kafka.decode(JSON.stringify(fields));
      assert.ok(read.ok);
      const newest1x = SCHEMA_VERSIONS.filter((v) => v.startsWith("1.")).at(-1);
      assert.equal(read.value.version, newest1x);
      assert.equal(read.value.event.metadata.version, newest1x);
    });

    it("reads a message (KafkaJS shape); one without a value is json_invalid", () => {
      const example = examples(version)[0];
      assert.ok(example !== undefined);
      const read = kafka.decode({ value: utf8(example.canonical), headers: {} });
      assert.ok(read.ok);
      assert.deepEqual(errorsOf(kafka.decode({ value: null })), [{ type: "json_invalid", loc: [] }]);
    });

    it("reads Confluent-framed values like plain ones; a frame cut short is frame_invalid", () => {
      const example = examples(version)[0];
      assert.ok(example !== undefined);
      for (const schemaId of [0, 1, 0x01020304, 2 ** 32 - 1]) {
        const json = utf8(example.canonical);
        const framed = new Uint8Array(5 + json.length);
        framed.set([0, schemaId >>> 24, (schemaId >>> 16) & 0xff, (schemaId >>> 8) & 0xff, schemaId & 0xff]);
        framed.set(json, 5);
        assert.deepEqual(kafka.unframe(framed)?.schemaId, schemaId);
        const read = kafka.decode(framed);
        assert.ok(read.ok, String(schemaId));
        assert.equal(kafka.record(read.value.event).value, example.canonical);
      }
      for (const short of [[0], [0, 0, 0, 1]]) {
        assert.deepEqual(errorsOf(kafka.decode(new Uint8Array(short))), [{ type: "frame_invalid", loc: [] }]);
      }
      assert.equal(kafka.unframe(utf8("{}"))?.schemaId, null);
    });

    it("reads the W3C trace-context headers: the first UTF-8 value of each name", () => {
      const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
      const message = {
        headers: {
          traceparent: [new Uint8Array([0xff]), utf8(traceparent), "later"],
          tracestate: "vendor=1",
          event_type: "workflow.completed",
        },
      };
      assert.deepEqual(kafka.traceContext(message), { traceparent, tracestate: "vendor=1" });
      assert.deepEqual(kafka.traceContext({}), {});
    });

    it("publishes the record with acks from every in-sync replica", async () => {
      const example = examples(version)[0];
      assert.ok(example !== undefined);
      const read = kafka.decode(example.canonical);
      assert.ok(read.ok);
      const sent: unknown[] = [];
      await kafka.publish({ send: async (request) => void sent.push(request) }, "events", read.value.event);
      assert.deepEqual(sent, [{ topic: "events", acks: -1, messages: [kafka.record(read.value.event)] }]);
    });
  });
}

describe("dead letters", () => {
  const consumed = (value: Uint8Array | null): kafka.ConsumedMessage => ({
    topic: "events",
    partition: 2,
    message: { key: utf8("run_1"), value, offset: "41", headers: { source: utf8("fastapi") } },
  });

  it("name the kind of each decode failure as the Rust helper does", () => {
    const kind = (value: Uint8Array | string) => {
      const read = kafka10.decode(value);
      assert.ok(!read.ok);
      return kafka10.errorKind(read.errors);
    };
    assert.equal(kind("{"), "json_invalid");
    assert.equal(kind("{}"), "validation_failed");
    assert.equal(kind('{"metadata": {"version": "2.0"}}'), "unknown_version");
    assert.equal(kind(new Uint8Array([0, 1])), "frame_invalid");
  });

  it("keep the original bytes and headers, then add why and where", () => {
    const read = kafka10.decode("{}");
    assert.ok(!read.ok);
    const letter = kafka10.deadLetterRecord(consumed(utf8("{}")), read.errors);
    assert.deepEqual(letter.key, utf8("run_1"));
    assert.deepEqual(letter.value, utf8("{}"));
    const { source, errors, ...rest } = letter.headers;
    assert.deepEqual(source, utf8("fastapi"));
    assert.deepEqual(rest, {
      error_type: "validation_failed",
      original_topic: "events",
      original_partition: "2",
      original_offset: "41",
    });
    assert.deepEqual(JSON.parse(String(errors)), read.errors);
    assert.deepEqual(Object.keys(letter.headers).slice(0, 3), ["source", "error_type", "errors"]);
  });

  it("eachEvent hands events to the handler and the rest to <topic>.dlq", async () => {
    const example = examples("v1.0")[0];
    assert.ok(example !== undefined);
    const handled: string[] = [];
    const sent: { topic: string; acks: number; messages: kafka.DeadLetterRecord[] }[] = [];
    const each = kafka10.eachEvent(async ({ event }) => void handled.push(event.event_id), {
      producer: { send: async (request) => void sent.push(request) },
    });
    await each(consumed(utf8(example.canonical)));
    await each(consumed(null));
    assert.equal(handled.length, 1);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.topic, "events.dlq");
    assert.equal(sent[0]?.acks, -1);
    assert.equal(sent[0]?.messages[0]?.headers["error_type"], "json_invalid");
    await assert.rejects(
      kafka10.eachEvent(async () => Promise.reject(new Error("handler failed")), {
        producer: { send: async () => undefined },
      })(consumed(utf8(example.canonical))),
      /handler failed/,
    );
  });
});

describe("the kafka helper of every version", () => {
  it("mirrors each version's own trace-context properties: v1.1 traceparent, v1.0 none", () => {
    assert.deepEqual(kafka.MIRRORED_HEADERS, ["traceparent"]);
    assert.deepEqual(kafka.KNOWN_MAJOR_VERSIONS, ["1"]);
    const traced = examples("v1.1").find((e) => e.name === "correlation_and_trace");
    assert.ok(traced !== undefined);
    const read = kafka.decode(traced.canonical);
    assert.ok(read.ok && read.value.version === "1.1");
    assert.equal(kafka.record(read.value.event).headers["traceparent"], fieldsOf(traced.canonical)["traceparent"]);
    // The same event claiming 1.0 is written with 1.0's types: no traceparent, no header.
    const fields = fieldsOf(traced.canonical);
    (fields["metadata"] as Record<string, unknown>)["version"] = "1.0";
    const old = kafka.decode(JSON.stringify(fields));
    assert.ok(old.ok && old.value.version === "1.0");
    assert.deepEqual(Object.keys(kafka.record(old.value.event).headers), ["content-type", "event_type", "source", "schema_version"]);
  });
});
