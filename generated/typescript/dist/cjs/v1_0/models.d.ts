import type { JsonObject, ParseResult } from "../runtime.js";
/**
 * A standardized workflow event published to Kafka.
 */
export interface WorkflowEvent {
    /**
     * Unique identifier for the event
     */
    event_id: string;
    /**
     * Type of workflow event
     */
    event_type: EventType;
    /**
     * ISO 8601 timestamp when event was generated
     */
    timestamp: string;
    /**
     * Source system that generated the event
     */
    source: EventSource;
    /**
     * Identifier of the workflow (e.g., DAG ID)
     */
    workflow_id: string;
    /**
     * Identifier of the specific workflow run
     */
    workflow_run_id: string;
    /**
     * Workflow-specific data payload
     */
    payload: WorkflowEventPayload;
    /**
     * Event metadata (environment, version)
     */
    metadata: WorkflowEventMetadata;
}
/**
 * The input of {@link createWorkflowEvent}: properties with defaults may be left out.
 */
export interface WorkflowEventInit {
    /**
     * Unique identifier for the event
     */
    event_id?: string;
    /**
     * Type of workflow event
     */
    event_type: EventType;
    /**
     * ISO 8601 timestamp when event was generated
     */
    timestamp?: string | Date;
    /**
     * Source system that generated the event
     */
    source: EventSource;
    /**
     * Identifier of the workflow (e.g., DAG ID)
     */
    workflow_id: string;
    /**
     * Identifier of the specific workflow run
     */
    workflow_run_id: string;
    /**
     * Workflow-specific data payload
     */
    payload: WorkflowEventPayloadInit;
    /**
     * Event metadata (environment, version)
     */
    metadata: WorkflowEventMetadataInit;
}
/**
 * Creates a {@link WorkflowEvent} from its properties, filling defaults.
 *
 * @throws {@link rt.ValidationError} listing every problem when `init` is not valid.
 */
export declare function createWorkflowEvent(init: WorkflowEventInit): WorkflowEvent;
/**
 * Validates a {@link WorkflowEvent}: JSON text (a string), UTF-8 JSON bytes (a `Uint8Array`)
 * or an already decoded value. Returns the value, or every problem found.
 */
export declare function parseWorkflowEvent(input: unknown): ParseResult<WorkflowEvent>;
/**
 * Like {@link parseWorkflowEvent}, but returns the value itself.
 *
 * @throws {@link rt.ValidationError} listing every problem when `input` is not valid.
 */
export declare function parseWorkflowEventOrThrow(input: unknown): WorkflowEvent;
/**
 * Writes a {@link WorkflowEvent} as compact canonical JSON, properties in schema order.
 *
 * @throws {@link rt.ValidationError} when `value` is not valid (it was changed after validation).
 */
export declare function serializeWorkflowEvent(value: WorkflowEvent): string;
/**
 * Type of workflow event
 */
export declare const EventType: Readonly<{
    readonly WORKFLOW_TRIGGERED: "workflow.triggered";
    readonly WORKFLOW_COMPLETED: "workflow.completed";
    readonly WORKFLOW_FAILED: "workflow.failed";
}>;
/**
 * Type of workflow event
 */
export type EventType = (typeof EventType)[keyof typeof EventType];
/**
 * Source system that generated the event
 */
export declare const EventSource: Readonly<{
    readonly AIRFLOW: "airflow";
    readonly LANGGRAPH: "langgraph";
    readonly FASTAPI: "fastapi";
}>;
/**
 * Source system that generated the event
 */
export type EventSource = (typeof EventSource)[keyof typeof EventSource];
/**
 * Workflow-specific data in a flexible dictionary format
 */
export interface WorkflowEventPayload {
    /**
     * Workflow-specific data
     */
    data: JsonObject;
}
/**
 * The input of {@link createWorkflowEventPayload}: properties with defaults may be left out.
 */
export interface WorkflowEventPayloadInit {
    /**
     * Workflow-specific data
     */
    data: JsonObject;
}
/**
 * Creates a {@link WorkflowEventPayload} from its properties, filling defaults.
 *
 * @throws {@link rt.ValidationError} listing every problem when `init` is not valid.
 */
export declare function createWorkflowEventPayload(init: WorkflowEventPayloadInit): WorkflowEventPayload;
/**
 * Validates a {@link WorkflowEventPayload}: JSON text (a string), UTF-8 JSON bytes (a `Uint8Array`)
 * or an already decoded value. Returns the value, or every problem found.
 */
export declare function parseWorkflowEventPayload(input: unknown): ParseResult<WorkflowEventPayload>;
/**
 * Like {@link parseWorkflowEventPayload}, but returns the value itself.
 *
 * @throws {@link rt.ValidationError} listing every problem when `input` is not valid.
 */
export declare function parseWorkflowEventPayloadOrThrow(input: unknown): WorkflowEventPayload;
/**
 * Writes a {@link WorkflowEventPayload} as compact canonical JSON, properties in schema order.
 *
 * @throws {@link rt.ValidationError} when `value` is not valid (it was changed after validation).
 */
export declare function serializeWorkflowEventPayload(value: WorkflowEventPayload): string;
/**
 * Event metadata: environment and schema version
 */
export interface WorkflowEventMetadata {
    /**
     * Deployment environment: dev, staging or prod
     */
    environment: string;
    /**
     * Schema version
     */
    version: string;
}
/**
 * The input of {@link createWorkflowEventMetadata}: properties with defaults may be left out.
 */
export interface WorkflowEventMetadataInit {
    /**
     * Deployment environment: dev, staging or prod
     */
    environment: string;
    /**
     * Schema version
     */
    version?: string;
}
/**
 * Creates a {@link WorkflowEventMetadata} from its properties, filling defaults.
 *
 * @throws {@link rt.ValidationError} listing every problem when `init` is not valid.
 */
export declare function createWorkflowEventMetadata(init: WorkflowEventMetadataInit): WorkflowEventMetadata;
/**
 * Validates a {@link WorkflowEventMetadata}: JSON text (a string), UTF-8 JSON bytes (a `Uint8Array`)
 * or an already decoded value. Returns the value, or every problem found.
 */
export declare function parseWorkflowEventMetadata(input: unknown): ParseResult<WorkflowEventMetadata>;
/**
 * Like {@link parseWorkflowEventMetadata}, but returns the value itself.
 *
 * @throws {@link rt.ValidationError} listing every problem when `input` is not valid.
 */
export declare function parseWorkflowEventMetadataOrThrow(input: unknown): WorkflowEventMetadata;
/**
 * Writes a {@link WorkflowEventMetadata} as compact canonical JSON, properties in schema order.
 *
 * @throws {@link rt.ValidationError} when `value` is not valid (it was changed after validation).
 */
export declare function serializeWorkflowEventMetadata(value: WorkflowEventMetadata): string;
