/**
 * Kafka helpers for workflow events: the shared record layout, and decoding by version.
 *
 * Every schema version this package holds is read and written: {@link decode} reads a message
 * with the types of the version in its `metadata.version` ({@link parseAny}'s rules, as the
 * Rust and Python `decode`), and {@link record} / {@link publish} take an event of any version,
 * written with the types of the version it declares.
 *
 * The record layout is the same in every language (Rust: `workflow_events::kafka`, Python:
 * `workflow_events.kafka`):
 *
 * - key: `workflow_run_id`: the events of a run stay in order in one partition;
 * - value: the canonical JSON, exactly what the event's version's `serialize…` writes;
 * - headers: `content-type: application/json`, `event_type`, `source` and `schema_version`
 *   (the event's `metadata.version`), then each W3C Trace Context property the event has
 *   ({@link MIRRORED_HEADERS}) under its own name, where OpenTelemetry's Kafka
 *   instrumentations read it ({@link traceContext} reads them back).
 *
 * `record(event, { cloudevents: true })` adds the CloudEvents Kafka binding's binary-mode
 * headers (`ce_specversion` `1.0`, `ce_id`, `ce_source`, `ce_type`, `ce_time`), value unchanged.
 * {@link decode} also reads values framed for Confluent Schema Registry deserializers (magic
 * byte 0, a 4-byte schema id, the JSON).
 *
 * No Kafka client is needed to import this module: producers and messages are anything shaped
 * like KafkaJS's (`kafkajs` 2.x):
 *
 * ```ts
 * import { Kafka } from "kafkajs";
 * import { decode, eachEvent, publish, PRODUCER_OPTIONS } from "workflow-events/kafka";
 *
 * const producer = new Kafka({ brokers: ["127.0.0.1:9092"] }).producer(PRODUCER_OPTIONS);
 * await producer.connect();
 * await publish(producer, "workflow-events", event); // resolves once the broker acknowledged it
 *
 * const read = decode(message); // { ok: true, value: { version, event } } or { ok: false, errors }
 *
 * // At least once: each event to the handler, each unreadable message to `<topic>.dlq`; KafkaJS
 * // commits a message's offset only after this resolves.
 * await consumer.run({ eachMessage: eachEvent<Buffer>(async ({ version, event }) => handle(event), { producer }) });
 * ```
 *
 * Duplicates after a crash: KafkaJS 2.2.4 commits the offsets `eachEvent` resolved at the end of
 * every fetched batch, and within a batch every `autoCommitInterval` ms or `autoCommitThreshold`
 * messages when those `consumer.run` options are set; after a crash the events handled since the
 * last commit (at most the batch in progress, or one interval) are handled again.
 *
 * A secured cluster is configured in KafkaJS (`new Kafka({ brokers, ssl, sasl })`);
 * {@link kafkaJsSecurity} makes those options from the librdkafka properties the Rust and Python
 * helpers take (`security.protocol`, `sasl.*`, `ssl.*`), {@link settingsFromEnvironment} reads
 * them from the `WORKFLOW_EVENTS_KAFKA_<PROPERTY>` variables, and {@link redacted} shows a
 * configuration without its secrets.
 *
 * @module
 */
import { type ErrorItem, type ParseResult } from "./runtime.js";
import { type AnyWorkflowEvent, type WorkflowEventOfAnyVersion } from "./versions.js";
/** The value of the `content-type` header. */
export declare const CONTENT_TYPE = "application/json";
/** The newest schema version this module reads and writes. */
export declare const KAFKA_SCHEMA_VERSION = "1.1";
/** The major versions {@link decode} reads: those of the versions this package holds. */
export declare const KNOWN_MAJOR_VERSIONS: readonly string[];
/** The W3C Trace Context header names, which {@link traceContext} reads. */
export declare const TRACE_CONTEXT_HEADERS: readonly string[];
/**
 * The event properties {@link record} also writes as headers of the same name, when set: the
 * newest version's W3C Trace Context properties (derived by codegen from the schema; an event
 * of another version: that version's).
 */
export declare const MIRRORED_HEADERS: readonly string[];
/** KafkaJS producer options for {@link publish}: idempotent, one request in flight. */
export declare const PRODUCER_OPTIONS: {
    readonly idempotent: true;
    readonly maxInFlightRequests: 1;
};
/** A record as KafkaJS sends it: UTF-8 text for the key, the value and each header. */
export interface KafkaRecord {
    key: string;
    value: string;
    headers: Record<string, string>;
}
/** What {@link publish} needs of a producer (a KafkaJS `Producer` has it). */
export interface KafkaProducer {
    send(record: {
        topic: string;
        acks: number;
        messages: KafkaRecord[];
    }): Promise<unknown>;
}
/** A header value as KafkaJS gives it: bytes (a `Buffer`), text, or several of them. */
export type KafkaHeaderValue = Uint8Array | string | readonly (Uint8Array | string)[] | undefined;
/** What {@link decode} and {@link traceContext} read of a message (a KafkaJS message has it). */
export interface KafkaMessage {
    value: Uint8Array | null;
    headers?: Record<string, KafkaHeaderValue>;
}
/** Options of {@link record} and {@link publish}. */
export interface RecordOptions {
    /** Add the CloudEvents binary-mode headers (`ce_*`) after the usual ones. */
    cloudevents?: boolean;
}
/**
 * The key, value and headers of `event`'s Kafka record: an event of any version, written with
 * the types of the version its `metadata.version` names (chosen as {@link parseAny} chooses;
 * throws {@link ValidationError} for a version no type reads, or an invalid event). Key and
 * headers are read back from the canonical JSON, so they always agree with the text sent.
 */
export declare function record(event: WorkflowEventOfAnyVersion, options?: RecordOptions): KafkaRecord;
/**
 * Sends `event` to `topic` with the shared key, value and headers, `acks` from every in-sync
 * replica; resolves once the broker acknowledged it. Awaiting each call keeps a run's events
 * in order.
 */
export declare function publish(producer: KafkaProducer, topic: string, event: WorkflowEventOfAnyVersion, options?: RecordOptions): Promise<void>;
/**
 * The W3C Trace Context headers of `message`, e.g. `{ traceparent: "00-…-01" }`: the first
 * value of each name in {@link TRACE_CONTEXT_HEADERS} that is UTF-8; other headers are left out.
 */
export declare function traceContext(message: Pick<KafkaMessage, "headers">): Record<string, string>;
/**
 * `{ schemaId, json }` of a Confluent-framed value, `{ schemaId: null, json: value }` of a plain
 * one; `null` for a value that starts with byte 0 but is shorter than the 5-byte frame.
 */
export declare function unframe(value: Uint8Array): {
    schemaId: number | null;
    json: Uint8Array;
} | null;
/**
 * Reads a message (or its value) into an event of the version it declares, as the Rust and
 * Python helpers do: {@link parseAny}'s rules (a version this package holds is read with its
 * own types, an unknown minor of a known major with the nearest known minor, no version as the
 * newest 1.x; any other version is an `unknown_version` error at `["metadata", "version"]`;
 * when the version cannot be found the newest types report what is wrong). A message without a
 * value is `json_invalid`; a Confluent frame cut short is `frame_invalid`.
 */
export declare function decode(message: KafkaMessage | Uint8Array | string): ParseResult<AnyWorkflowEvent>;
/** Why a message is not a readable event (the `error_type` header of its dead letter). */
export type DecodeErrorKind = "json_invalid" | "validation_failed" | "unknown_version" | "frame_invalid";
/** The kind of {@link decode}'s errors, as the Rust helper names it. */
export declare function errorKind(errors: readonly ErrorItem[]): DecodeErrorKind;
/** The dead-letter topic used when none is given: `<topic>.dlq`. */
export declare function defaultDlqTopic(topic: string): string;
/** Headers whose byte values are `B` (KafkaJS: `Buffer`). */
export type HeadersOf<B extends Uint8Array> = Record<string, B | string | (B | string)[] | undefined>;
/** A message as KafkaJS hands it to `eachMessage`, with where it was read (`B`: `Buffer`). */
export interface ConsumedMessage<B extends Uint8Array = Uint8Array> {
    topic: string;
    partition: number;
    message: {
        key: B | null;
        value: B | null;
        offset: string;
        headers?: HeadersOf<B>;
    };
}
/** A record as the dead-letter producer sends it: the original bytes, headers added. */
export interface DeadLetterRecord<B extends Uint8Array = Uint8Array> {
    key: B | null;
    value: B | null;
    headers: HeadersOf<B>;
}
/** What the dead-letter writing needs of a producer (a KafkaJS `Producer` has it). */
export interface DeadLetterProducer<B extends Uint8Array = Uint8Array> {
    send(record: {
        topic: string;
        acks: number;
        messages: DeadLetterRecord<B>[];
    }): Promise<unknown>;
}
/**
 * The dead letter of an unreadable message, as the Rust consumer writes it: the original key,
 * value and headers, then `error_type` ({@link errorKind}), `errors` (the `{type, loc, msg}`
 * list as JSON), `original_topic`, `original_partition` and `original_offset`.
 */
export declare function deadLetterRecord<B extends Uint8Array>(consumed: ConsumedMessage<B>, errors: readonly ErrorItem[]): DeadLetterRecord<B>;
/**
 * A KafkaJS `eachMessage` handler: each message is decoded; an event (`{ version, event }`) goes
 * to `handler`, an
 * unreadable message is written to the dead-letter topic (`dlq.topic`, default `<topic>.dlq`)
 * with {@link deadLetterRecord}, acknowledged by every in-sync replica. KafkaJS commits a
 * message's offset only after this resolves, so every message is handled or dead-lettered at
 * least once; a handler or dead-letter failure rejects, and KafkaJS reads the message again.
 */
export declare function eachEvent<B extends Uint8Array>(handler: (event: AnyWorkflowEvent, consumed: ConsumedMessage<B>) => Promise<void>, dlq: {
    producer: DeadLetterProducer<B>;
    topic?: string;
}): (consumed: ConsumedMessage<B>) => Promise<void>;
/** Prefix of the variables {@link settingsFromEnvironment} reads (as the Python helper). */
export declare const ENVIRONMENT_PREFIX = "WORKFLOW_EVENTS_KAFKA_";
/** Shown instead of a secret setting's value. */
export declare const REDACTED = "[redacted]";
/**
 * Whether the librdkafka property `key` holds a secret, as the Rust and Python helpers decide:
 * librdkafka's sensitive properties (`sasl.password`, `ssl.key.password`, `ssl.key.pem`, ...) and
 * any key that mentions a password, secret, token, private key or credential (a misspelt key
 * still carries the secret), and `sasl.oauthbearer.config`.
 */
export declare function isSecret(key: string): boolean;
/** `settings` with every secret value ({@link isSecret}) replaced by `[redacted]`. */
export declare function redacted(settings: Readonly<Record<string, unknown>>): Record<string, unknown>;
/**
 * librdkafka properties from the `WORKFLOW_EVENTS_KAFKA_<PROPERTY>` variables of `env` (e.g.
 * `process.env`), as the Python helper reads them: the rest of the name in lower case, `_` read as
 * `.`, `__` as `_` and `___` as `-` (`WORKFLOW_EVENTS_KAFKA_SASL_PASSWORD` → `sasl.password`).
 * Empty variables are skipped; a name that maps to no property throws, naming the variable.
 */
export declare function settingsFromEnvironment(env: Readonly<Record<string, string | undefined>>, prefix?: string): Record<string, string>;
/** The SASL mechanisms KafkaJS speaks without a plugin, by their librdkafka names. */
declare const SASL_MECHANISMS: {
    readonly PLAIN: "plain";
    readonly "SCRAM-SHA-256": "scram-sha-256";
    readonly "SCRAM-SHA-512": "scram-sha-512";
};
/** KafkaJS `ssl` and `sasl` options (a `KafkaConfig`'s), made by {@link kafkaJsSecurity}. */
export interface KafkaJsSecurity {
    ssl?: {
        ca?: string[];
        cert?: string;
        key?: string;
        passphrase?: string;
        rejectUnauthorized?: boolean;
        checkServerIdentity?: () => undefined;
    };
    sasl?: {
        mechanism: (typeof SASL_MECHANISMS)[keyof typeof SASL_MECHANISMS];
        username: string;
        password: string;
    };
}
/**
 * KafkaJS `ssl` and `sasl` options from librdkafka security properties, so one configuration
 * (e.g. {@link settingsFromEnvironment}) serves the three languages: `security.protocol`
 * (`PLAINTEXT`, `SSL`, `SASL_PLAINTEXT`, `SASL_SSL`), `sasl.mechanism` (`PLAIN`, `SCRAM-SHA-256`,
 * `SCRAM-SHA-512`), `sasl.username`, `sasl.password`, `ssl.ca.location`,
 * `ssl.certificate.location`, `ssl.key.location`, `ssl.key.password`,
 * `enable.ssl.certificate.verification`, `ssl.endpoint.identification.algorithm` (`https` or
 * `none`). Files are read with `readFile` (e.g. `(path) => readFileSync(path, "utf8")`). Other
 * `sasl.*` and `ssl.*` properties throw, naming the property (never a value); properties of
 * other kinds (`bootstrap.servers`, `linger.ms`, ...) are not security settings and are left out.
 */
export declare function kafkaJsSecurity(settings: Readonly<Record<string, string>>, readFile: (path: string) => string): KafkaJsSecurity;
export {};
