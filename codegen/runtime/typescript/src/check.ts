/**
 * Run-time checks (codegen's `ir::Check`): keywords that no TypeScript type expresses (`not`,
 * `if`/`then`/`else`, `contains`, `propertyNames`, `dependentRequired`, `patternProperties`,
 * `unevaluatedProperties`, a non-string `enum`, …). Once a value's type holds, the whole schema
 * node at the check's JSON pointer is evaluated on the value as read, as JSON Schema (draft
 * 2020-12) evaluates it, by Ajv over the schema document the package ships, with the project's
 * formats (`uuid`, `date-time`, `date` asserted; `email`, `uri` annotations), its exact
 * `multipleOf` and exact integers of any size. The errors are named in the shared vocabulary of
 * `schema/CONTRACT.md` ("Checks"), the same types and locations as Python and Rust report.
 *
 * Emitted beside `runtime.ts` only for packages with checks (their `package.json` then depends
 * on `ajv`), so that `runtime.ts` stays the same for every schema and other packages have no
 * runtime dependency.
 *
 * @module
 */

import { Ajv2020 } from "ajv/dist/2020.js";
import type { AnySchemaObject, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";

import {
  INVALID,
  child,
  canonicalDate,
  canonicalTimestamp,
  canonicalUuid,
  isDecimalMultiple,
  isJsonFloat,
  keysOf,
  report,
  timestampFromDate,
} from "./runtime.js";
import type { Check, Codec, ErrorType, JsonObject, Loc } from "./runtime.js";

/** A plain JSON value as Ajv reads it: numbers are doubles, objects have no prototype. */
type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/**
 * The exact value of numbers that a double cannot hold (integers beyond ±(2^53 − 1)), by the
 * container that holds them and their key: Ajv sees the nearest double, the project's keywords
 * (`multipleOf`, bounds, `const`, `enum`, `uniqueItems`) the integer.
 */
const EXACT = new WeakMap<object, Map<string | number, bigint>>();

/** The exact value of a top-level number being validated (it has no container). */
let topExact: bigint | undefined;

/** `value` as Ajv reads it, with its big integers recorded in {@link EXACT}. */
function plain(value: unknown): Plain {
  if (typeof value === "bigint") {
    return Number(value);
  }
  if (isJsonFloat(value)) {
    return value.value;
  }
  if (value instanceof Date) {
    return timestampFromDate(value) ?? "";
  }
  if (Array.isArray(value)) {
    const result: Plain[] = [];
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === "bigint") {
        exactOf(result).set(i, item);
      }
      result.push(plain(item));
    }
    return result;
  }
  if (typeof value === "object" && value !== null) {
    // No prototype: `toString` or `__proto__` are ordinary keys, present only when given.
    const result = Object.create(null) as { [key: string]: Plain };
    for (const key of keysOf(value as JsonObject)) {
      const item: unknown = (value as Record<string, unknown>)[key];
      if (item === undefined) {
        continue;
      }
      if (typeof item === "bigint") {
        exactOf(result).set(key, item);
      }
      Object.defineProperty(result, key, { value: plain(item), writable: true, enumerable: true, configurable: true });
    }
    return result;
  }
  return value as Plain;
}

function exactOf(container: object): Map<string | number, bigint> {
  let found = EXACT.get(container);
  if (found === undefined) {
    found = new Map();
    EXACT.set(container, found);
  }
  return found;
}

/** The exact value of `value`, found at `key` of `container` (none: a top-level value). */
function exact(value: unknown, container: unknown, key: string | number | undefined): unknown {
  if (typeof value !== "number") {
    return value;
  }
  if (typeof container === "object" && container !== null && key !== undefined) {
    return EXACT.get(container)?.get(key) ?? value;
  }
  return topExact ?? value;
}

/** Exact numeric order of two JSON numbers: negative, zero or positive. */
function compare(a: number | bigint, b: number | bigint): number {
  if (typeof a === "number" && typeof b === "number") {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  // A big integer against a double: exact when the double is whole, else the double is far
  // inside ±2^53 and the nearest double of the integer orders the same.
  const x = typeof a === "bigint" || Number.isInteger(a) ? BigInt(a) : null;
  const y = typeof b === "bigint" || Number.isInteger(b) ? BigInt(b) : null;
  if (x !== null && y !== null) {
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const n = Number(a);
  const m = Number(b);
  return n < m ? -1 : n > m ? 1 : 0;
}

/** JSON equality with exact numbers (`1` equals `1.0`, `true` is not `1`). */
function jsonEqual(a: unknown, b: unknown): boolean {
  if ((typeof a === "number" || typeof a === "bigint") && (typeof b === "number" || typeof b === "bigint")) {
    return compare(a, b) === 0;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) {
      return false;
    }
    return a.every((item, i) => jsonEqual(exact(item, a, i), exact(b[i], b, i)));
  }
  if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) {
    const left = Object.keys(a);
    if (left.length !== Object.keys(b).length) {
      return false;
    }
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    return left.every((key) => Object.hasOwn(y, key) && jsonEqual(exact(x[key], x, key), exact(y[key], y, key)));
  }
  return a === b;
}

/** A text equal for two values exactly when they are equal as JSON (exact numbers). */
function equalityKey(value: unknown): string {
  if (typeof value === "number" || typeof value === "bigint") {
    return typeof value === "bigint" || Number.isInteger(value) ? `n${BigInt(value)}` : `n${String(value)}`;
  }
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => equalityKey(exact(item, value, i))).join(",")}]`;
  }
  if (typeof value === "object" && value !== null) {
    const object = value as Record<string, unknown>;
    const keys = Object.keys(object).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${equalityKey(exact(object[key], object, key))}`).join(",")}}`;
  }
  return typeof value === "string" ? `s${value}` : String(value);
}

interface DataContext {
  readonly parentData?: unknown;
  readonly parentDataProperty?: string | number;
}

/** The exact value Ajv's `data` stands for, from its data context. */
function exactData(data: unknown, cxt: DataContext | undefined): unknown {
  return exact(data, cxt?.parentData, cxt?.parentDataProperty);
}

/** The exact value of a schema keyword's value (`schema` of keyword `keyword` in `node`). */
function exactSchema(value: unknown, node: unknown, keyword: string): unknown {
  return exact(value, node, keyword);
}

/** The number of a value Ajv validated as a number: a double, or the exact big integer. */
function numeric(data: unknown, cxt: DataContext | undefined): number | bigint | null {
  const value = exactData(data, cxt);
  return typeof value === "number" || typeof value === "bigint" ? value : null;
}

type Keyword = (schema: unknown, data: unknown, parentSchema?: AnySchemaObject, cxt?: DataContext) => boolean;

/** The keywords Ajv evaluates the project's way: exact on decimals and on big integers. */
function projectKeywords(): [string, Keyword][] {
  const bound =
    (keyword: string, holds: (order: number) => boolean): Keyword =>
    (schema, data, node, cxt) => {
      const value = numeric(data, cxt);
      return value === null || holds(compare(value, exactSchema(schema, node, keyword) as number | bigint));
    };
  return [
    [
      "multipleOf",
      (schema, data, node, cxt) => {
        const value = numeric(data, cxt);
        return value === null || isDecimalMultiple(value, exactSchema(schema, node, "multipleOf") as number | bigint);
      },
    ],
    ["minimum", bound("minimum", (order) => order >= 0)],
    ["exclusiveMinimum", bound("exclusiveMinimum", (order) => order > 0)],
    ["maximum", bound("maximum", (order) => order <= 0)],
    ["exclusiveMaximum", bound("exclusiveMaximum", (order) => order < 0)],
    ["const", (schema, data, node, cxt) => jsonEqual(exactData(data, cxt), exactSchema(schema, node, "const"))],
    [
      "enum",
      (schema, data, _node, cxt) => {
        const value = exactData(data, cxt);
        const options = Array.isArray(schema) ? schema : [];
        return options.some((option, i) => jsonEqual(value, exact(option, options, i)));
      },
    ],
    [
      "uniqueItems",
      (schema, data) => {
        if (schema !== true || !Array.isArray(data)) {
          return true;
        }
        const seen = new Set<string>();
        for (let i = 0; i < data.length; i++) {
          const key = equalityKey(exact(data[i], data, i));
          if (seen.has(key)) {
            return false;
          }
          seen.add(key);
        }
        return true;
      },
    ],
  ];
}

/** JSON pointer tokens of `pointer` (`""` is the root). */
function tokens(pointer: string): string[] {
  return pointer === "" ? [] : pointer.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function escapeToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Keywords whose next schema-path token is a name or an index, not a keyword. */
const NAMED = new Set(["properties", "patternProperties", "dependentSchemas", "$defs", "definitions"]);
const INDEXED = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
/** Keywords whose subschema applies to a part of the value (one more `loc` item). */
const INTO = new Set(["properties", "patternProperties", "additionalProperties", "items", "prefixItems", "contains", "unevaluatedProperties", "unevaluatedItems"]);

/** One schema document and its evaluator, built when a check first runs. */
export class Document {
  private readonly load: () => JsonObject;
  private readonly patterns: Readonly<Record<string, string>>;
  private built: { ajv: Ajv2020; base: string; root: Plain; nodes: Map<object, string> } | undefined;
  private readonly validators = new Map<string, ValidateFunction>();

  /**
   * `load` gives the schema document (read exactly); `patterns` maps each regular expression
   * of the schema whose ECMAScript spelling differs to that spelling (codegen's `ecma_source`).
   */
  constructor(load: () => JsonObject, patterns: Readonly<Record<string, string>> = {}) {
    this.load = load;
    this.patterns = patterns;
  }

  private get state(): { ajv: Ajv2020; base: string; root: Plain; nodes: Map<object, string> } {
    if (this.built === undefined) {
      const root = plain(this.load());
      const declared = typeof root === "object" && root !== null && !Array.isArray(root) ? root["$id"] : undefined;
      const base = typeof declared === "string" ? declared.split("#")[0] ?? "" : "https://workflow-events.invalid/schema.json";
      if (typeof root === "object" && root !== null && !Array.isArray(root) && typeof declared !== "string") {
        root["$id"] = base;
      }
      const patterns = this.patterns;
      const regExp = Object.assign((source: string, flags: string) => new RegExp(patterns[source] ?? source, flags), {
        code: "new RegExp",
      });
      const ajv = new Ajv2020({
        allErrors: true,
        verbose: true,
        strict: false,
        validateSchema: false,
        ownProperties: true,
        code: { regExp },
        formats: {
          uuid: (text: string) => canonicalUuid(text) !== null,
          "date-time": (text: string) => canonicalTimestamp(text) !== null,
          date: (text: string) => canonicalDate(text) !== null,
          // Annotations in every language (codegen's `ir::Format`).
          email: true,
          uri: true,
        },
      });
      for (const [keyword, validate] of projectKeywords()) {
        ajv.removeKeyword(keyword);
        ajv.addKeyword({ keyword, validate, errors: false });
      }
      ajv.addSchema(root as AnySchemaObject, base);
      const nodes = new Map<object, string>();
      const walk = (node: unknown, pointer: string): void => {
        if (typeof node === "object" && node !== null) {
          nodes.set(node, pointer);
          if (Array.isArray(node)) {
            node.forEach((item, i) => walk(item, `${pointer}/${i}`));
          } else {
            for (const key of Object.keys(node)) {
              walk((node as Record<string, unknown>)[key], `${pointer}/${escapeToken(key)}`);
            }
          }
        }
      };
      walk(root, "");
      this.built = { ajv, base, root, nodes };
    }
    return this.built;
  }

  /** The schema at `pointer`. */
  node(pointer: string): Plain | undefined {
    let node: Plain | undefined = this.state.root;
    for (const token of tokens(pointer)) {
      if (Array.isArray(node)) {
        node = node[Number(token)];
      } else if (typeof node === "object" && node !== null) {
        node = Object.hasOwn(node, token) ? node[token] : undefined;
      } else {
        return undefined;
      }
    }
    return node;
  }

  /** The pointer of a schema object of the document (`parentSchema` of an Ajv error). */
  pointerOf(node: unknown): string | undefined {
    return typeof node === "object" && node !== null ? this.state.nodes.get(node) : undefined;
  }

  /** The validator of the schema at `pointer`. */
  validator(pointer: string): ValidateFunction {
    let found = this.validators.get(pointer);
    if (found === undefined) {
      const { ajv, base } = this.state;
      const fragment = tokens(pointer)
        .map((t) => `/${encodeURIComponent(escapeToken(t))}`)
        .join("");
      found = ajv.getSchema(`${base}#${fragment}`);
      if (found === undefined) {
        throw new Error(`the schema has no node at #${pointer}`);
      }
      this.validators.set(pointer, found);
    }
    return found;
  }

  /** How many errors Ajv reports for `data` (found at `key` of `parent`) against `pointer`. */
  errorCount(pointer: string, data: Plain, parent: unknown, key: string | number | undefined): number {
    const node = this.node(pointer);
    if (typeof node === "boolean") {
      return node ? 0 : 1;
    }
    const validate = this.validator(pointer);
    const cxt = typeof parent === "object" && parent !== null && key !== undefined ? { instancePath: "", parentData: parent, parentDataProperty: key, rootData: parent, dynamicAnchors: {} } : undefined;
    const saved = topExact;
    try {
      return validate(data, cxt as never) ? 0 : (validate.errors?.length ?? 0);
    } finally {
      topExact = saved;
    }
  }

  /** Whether `data` (at `key` of `parent`) is valid against `pointer`. */
  valid(pointer: string, data: Plain, parent: unknown, key: string | number | undefined): boolean {
    return this.errorCount(pointer, data, parent, key) === 0;
  }
}

/** One error in the shared vocabulary, located relative to the checked value. */
interface Named {
  readonly loc: Loc;
  readonly type: ErrorType;
  readonly msg: string;
}

/** A value of an Ajv `instancePath` as `loc` items (indices where the value is an array). */
function instanceLoc(root: Plain, instancePath: string): { loc: Loc; parent: unknown; key: string | number | undefined; value: Plain } {
  const loc: Loc = [];
  let value: Plain = root;
  let parent: unknown = undefined;
  let key: string | number | undefined = undefined;
  for (const token of tokens(instancePath)) {
    parent = value;
    if (Array.isArray(value)) {
      key = Number(token);
      value = value[key] ?? null;
    } else {
      key = token;
      value = typeof value === "object" && value !== null && Object.hasOwn(value, token) ? (value[token] ?? null) : null;
    }
    loc.push(key);
  }
  return { loc, parent, key, value };
}

/** `(keyword, argument)` steps of an Ajv schema path (`#/properties/a/minimum`). */
function steps(schemaPath: string): [string, string | undefined][] {
  const parts = tokens(schemaPath.replace(/^[^#]*#/, "")).map((t) => {
    try {
      return decodeURIComponent(t);
    } catch {
      return t;
    }
  });
  const out: [string, string | undefined][] = [];
  for (let i = 0; i < parts.length; i++) {
    const keyword = parts[i] as string;
    if ((NAMED.has(keyword) || INDEXED.has(keyword)) && i + 1 < parts.length) {
      out.push([keyword, parts[i + 1]]);
      i++;
    } else {
      out.push([keyword, undefined]);
    }
  }
  return out;
}

function quote(value: unknown): string {
  return typeof value === "string" ? `'${value}'` : JSON.stringify(value) ?? String(value);
}

/** The error of a `type` keyword, named from what the node expects (as every language names it). */
function typeError(node: AnySchemaObject, expected: unknown, data: unknown): [ErrorType, string] {
  const names = typeof expected === "string" ? [expected] : Array.isArray(expected) ? expected.filter((t) => t !== "null") : [];
  const want = typeof names[0] === "string" ? names[0] : "null";
  const format = node["format"];
  switch (want) {
    case "object":
      return node["properties"] !== undefined ? ["model_type", "Input should be an object"] : ["dict_type", "Input should be an object"];
    case "array":
      return ["list_type", "Input should be a valid list"];
    case "string":
      if (format === "uuid") {
        return ["uuid_type", "UUID input should be a string"];
      }
      if (format === "date-time") {
        return ["datetime_type", "Input should be a valid datetime string"];
      }
      if (format === "date") {
        return ["date_type", "Input should be a valid date"];
      }
      return ["string_type", "Input should be a valid string"];
    case "integer":
      return typeof data === "number"
        ? ["int_from_float", "Input should be a valid integer, got a number with a fractional part"]
        : ["int_type", "Input should be a valid integer"];
    case "number":
      return ["float_type", "Input should be a valid number"];
    case "boolean":
      return ["bool_type", "Input should be a valid boolean"];
    default:
      return ["none_required", "Input should be None"];
  }
}

const SIMPLE: Record<string, (value: unknown) => [ErrorType, string]> = {
  not: () => ["not_allowed", "Input should not match the schema in `not`"],
  enum: (v) => ["enum", `Input should be one of ${quote(v)}`],
  const: (v) => ["literal_error", `Input should be ${quote(v)}`],
  minLength: (v) => ["string_too_short", `String should have at least ${String(v)} characters`],
  maxLength: (v) => ["string_too_long", `String should have at most ${String(v)} characters`],
  pattern: (v) => ["string_pattern_mismatch", `String should match pattern '${String(v)}'`],
  minimum: (v) => ["greater_than_equal", `Input should be greater than or equal to ${String(v)}`],
  exclusiveMinimum: (v) => ["greater_than", `Input should be greater than ${String(v)}`],
  maximum: (v) => ["less_than_equal", `Input should be less than or equal to ${String(v)}`],
  exclusiveMaximum: (v) => ["less_than", `Input should be less than ${String(v)}`],
  multipleOf: (v) => ["multiple_of", `Input should be a multiple of ${String(v)}`],
  minItems: (v) => ["too_short", `List should have at least ${String(v)} items`],
  maxItems: (v) => ["too_long", `List should have at most ${String(v)} items`],
  items: () => ["too_long", "List should have no items past its prefix"],
  unevaluatedItems: () => ["too_long", "List should have no items not evaluated by its schema"],
  uniqueItems: () => ["unique_items", "List should have unique items"],
  minProperties: (v) => ["too_short", `Object should have at least ${String(v)} properties`],
  maxProperties: (v) => ["too_long", `Object should have at most ${String(v)} properties`],
  additionalProperties: () => ["extra_forbidden", "Extra inputs are not permitted"],
  unevaluatedProperties: () => ["extra_forbidden", "Extra inputs are not permitted"],
};

const FORMATS: Record<string, [ErrorType, string]> = {
  uuid: ["uuid_parsing", "Input should be a valid UUID"],
  "date-time": ["datetime_parsing", "Input should be a valid datetime"],
  date: ["date_parsing", "Input should be a valid date"],
};

/**
 * Priority of an error type at one location (lower wins): the value's type, its format, its
 * length, its pattern, its bounds, `multipleOf`, then the rest (schema/CONTRACT.md "Checks").
 */
export function checkRank(type: string): number {
  switch (type) {
    case "uuid_parsing":
    case "datetime_parsing":
    case "date_parsing":
      return 1;
    case "string_too_short":
    case "string_too_long":
    case "too_short":
    case "too_long":
      return 2;
    case "string_pattern_mismatch":
      return 3;
    case "greater_than_equal":
    case "greater_than":
    case "less_than_equal":
    case "less_than":
      return 4;
    case "multiple_of":
      return 5;
    case "not_allowed":
    case "union_no_match":
    case "union_several_match":
    case "contains_too_few":
    case "contains_too_many":
    case "unique_items":
    case "value_error":
      return 6;
    default:
      return 0;
  }
}

/**
 * The order of a `loc` under the schema `node` and the value `value` it describes: at each level
 * the properties `node` declares in schema order first, then other keys in the value's order;
 * array items by index (pydantic's order; Rust's `validate.rs` computes the same).
 */
function locKey(document: Document, node: Plain | undefined, value: Plain, loc: Loc): [number, number][] {
  const key: [number, number][] = [];
  let here = resolve(document, node);
  let at: Plain = value;
  for (const item of loc) {
    const schema = typeof here === "object" && here !== null && !Array.isArray(here) ? here : undefined;
    if (typeof item === "number") {
      key.push([0, item]);
      const prefix = schema?.["prefixItems"];
      const fromPrefix = Array.isArray(prefix) ? prefix[item] : undefined;
      here = fromPrefix ?? schema?.["items"];
      at = Array.isArray(at) ? (at[item] ?? null) : null;
    } else {
      const properties = schema?.["properties"];
      const declared = typeof properties === "object" && properties !== null && !Array.isArray(properties) ? Object.keys(properties).indexOf(item) : -1;
      const input = typeof at === "object" && at !== null && !Array.isArray(at) ? Object.keys(at).indexOf(item) : -1;
      key.push(declared >= 0 ? [0, declared] : [1, input >= 0 ? input : Number.MAX_SAFE_INTEGER]);
      const child =
        typeof properties === "object" && properties !== null && !Array.isArray(properties) && Object.hasOwn(properties, item)
          ? properties[item]
          : undefined;
      here = child ?? schema?.["additionalProperties"];
      at = typeof at === "object" && at !== null && !Array.isArray(at) && Object.hasOwn(at, item) ? (at[item] ?? null) : null;
    }
    here = resolve(document, here);
  }
  return key;
}

/** `node`, or what its local `$ref` chain points to when `node` has only the `$ref` to go by. */
function resolve(document: Document, node: Plain | undefined): Plain | undefined {
  let here = node;
  for (let hops = 0; hops < 16; hops++) {
    if (typeof here !== "object" || here === null || Array.isArray(here)) {
      return here;
    }
    const ref = here["$ref"];
    if (typeof ref !== "string" || here["properties"] !== undefined || here["type"] !== undefined) {
      return here;
    }
    const fragment = ref.replace(/^[^#]*#/, "");
    try {
      here = document.node(decodeURIComponent(fragment));
    } catch {
      return null;
    }
  }
  return null;
}

function compareKeys(a: [number, number][], b: [number, number][]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i] as [number, number], b[i] as [number, number]];
    if (x[0] !== y[0]) {
      return x[0] - y[0];
    }
    if (x[1] !== y[1]) {
      return x[1] - y[1];
    }
  }
  return a.length - b.length;
}

/**
 * The errors of `value` (already converted) against the node at `pointer`: Ajv's errors in the
 * shared vocabulary, one per location, in the contract's order. Empty when the node holds.
 */
function evaluate(document: Document, pointer: string, value: Plain): Named[] {
  const validate = document.validator(pointer);
  if (validate(value)) {
    return [];
  }
  const errors = validate.errors ?? [];
  const found = scan(document, errors, 0, errors.length, value);
  // One error per location: the first in the contract's order.
  const nodeSchema = document.node(pointer);
  const keyed = found.map((e) => ({ e, key: locKey(document, nodeSchema, value, e.loc) }));
  keyed.sort(
    (a, b) =>
      compareKeys(a.key, b.key) ||
      checkRank(a.e.type) - checkRank(b.e.type) ||
      (a.e.type < b.e.type ? -1 : a.e.type > b.e.type ? 1 : 0),
  );
  const out: Named[] = [];
  for (const { e } of keyed) {
    const last = out[out.length - 1];
    if (last === undefined || last.loc.length !== e.loc.length || last.loc.some((item, k) => item !== e.loc[k])) {
      out.push(e);
    }
  }
  return out;
}

/** The value an Ajv error is about, and where it is in `root` (for exact numbers). */
function dataOf(root: Plain, error: ErrorObject): { loc: Loc; data: Plain; parent: unknown; key: string | number | undefined } {
  const at = instanceLoc(root, error.instancePath);
  const data = error.data as Plain;
  // Inside `propertyNames` the data is a property name, not the value at the instance path.
  return at.value === data ? { loc: at.loc, data, parent: at.parent, key: at.key } : { loc: at.loc, data, parent: undefined, key: undefined };
}

/**
 * The errors `errors[from..to)` in the vocabulary. Backwards, so that a keyword that reports one
 * error for what failed inside it (`anyOf`, `oneOf`, `contains`, `propertyNames`) skips the
 * errors Ajv reported for its subschemas just before it: as many as those subschemas give on
 * their own, which is what Ajv reported for them.
 */
function scan(document: Document, errors: readonly ErrorObject[], from: number, to: number, root: Plain): Named[] {
  const found: Named[] = [];
  for (let i = to - 1; i >= from; ) {
    const error = errors[i] as ErrorObject;
    const at = dataOf(root, error);
    const node = document.pointerOf(error.parentSchema);
    const parentSchema = (typeof error.parentSchema === "object" && error.parentSchema !== null ? error.parentSchema : {}) as AnySchemaObject;
    let inside = 0;
    let own: Named[];
    switch (error.keyword) {
      case "anyOf":
      case "oneOf": {
        const branches = Array.isArray(error.schema) ? error.schema.length : 0;
        for (let b = 0; b < branches; b++) {
          inside += document.errorCount(`${node}/${error.keyword}/${b}`, at.data, at.parent, at.key);
        }
        const passing = (error.params as { passingSchemas?: unknown }).passingSchemas;
        own = [
          error.keyword === "anyOf"
            ? { loc: at.loc, type: "union_no_match", msg: "Input should match a schema of `anyOf`" }
            : passing !== null && passing !== undefined
              ? { loc: at.loc, type: "union_several_match", msg: "Input should match exactly one schema of `oneOf`, not several" }
              : { loc: at.loc, type: "union_no_match", msg: "Input should match exactly one schema of `oneOf`" },
        ];
        break;
      }
      case "contains": {
        const [errorsInside, matches] = containsErrors(document, `${node}`, parentSchema, at.data);
        inside = errorsInside;
        const max = parentSchema["maxContains"];
        own = [
          typeof max === "number" && matches > max
            ? { loc: at.loc, type: "contains_too_many", msg: `List should contain at most ${max} items matching \`contains\`` }
            : { loc: at.loc, type: "contains_too_few", msg: "List should contain enough items matching `contains`" },
        ];
        break;
      }
      case "propertyNames": {
        const name = String((error.params as { propertyName?: unknown }).propertyName);
        inside = document.errorCount(`${node}/propertyNames`, name, undefined, undefined);
        own = scan(document, errors, i - inside, i, root).map((e) => ({ ...e, loc: [...at.loc, name, "[key]"] }));
        break;
      }
      case "if":
        // `then`/`else` report their own errors; the `if` summary is none.
        own = [];
        break;
      default:
        own = nameError(error, at, parentSchema);
    }
    // What fails inside an `unevaluatedProperties` / `unevaluatedItems` subschema is one error
    // at the object or array it applies to, as python-jsonschema reports it.
    const unevaluated = unevaluatedAt(error.schemaPath);
    if (unevaluated !== undefined && error.keyword !== "propertyNames") {
      const loc = at.loc.slice(0, Math.max(0, at.loc.length - unevaluated.depth));
      own =
        unevaluated.keyword === "unevaluatedProperties"
          ? [{ loc, type: "extra_forbidden", msg: "Extra inputs are not permitted" }]
          : [{ loc, type: "too_long", msg: "List should have no items not evaluated by its schema" }];
    }
    found.push(...own);
    i -= inside + 1;
  }
  return found;
}

/** How many errors Ajv reported inside a failed `contains` (its own loop), and how many items matched. */
function containsErrors(document: Document, node: string, parentSchema: AnySchemaObject, data: Plain): [number, number] {
  const items = Array.isArray(data) ? data : [];
  const matching = (i: number): boolean => document.valid(`${node}/contains`, items[i] as Plain, items, i);
  let matches = 0;
  for (let i = 0; i < items.length; i++) {
    matches += matching(i) ? 1 : 0;
  }
  const schema = parentSchema["contains"];
  const min = typeof parentSchema["minContains"] === "number" ? (parentSchema["minContains"] as number) : 1;
  const max = typeof parentSchema["maxContains"] === "number" ? (parentSchema["maxContains"] as number) : undefined;
  const alwaysValid = schema === true || (typeof schema === "object" && schema !== null && Object.keys(schema).length === 0);
  if ((max !== undefined && min > max) || alwaysValid) {
    return [0, matches];
  }
  // Ajv's loop: the errors of the items it tried and that did not match, up to where it stops.
  let inside = 0;
  let count = 0;
  for (let i = 0; i < items.length; i++) {
    if (max === undefined && min === 1) {
      if (matching(i)) {
        break;
      }
      inside += document.errorCount(`${node}/contains`, items[i] as Plain, items, i);
      continue;
    }
    if (min === 0 && max === undefined) {
      break;
    }
    if (matching(i)) {
      count++;
      if (max === undefined ? count >= min : count > max) {
        break;
      }
    } else {
      inside += document.errorCount(`${node}/contains`, items[i] as Plain, items, i);
    }
  }
  return [inside, matches];
}

/** One Ajv error (no summary of others) as errors of the vocabulary. */
function nameError(error: ErrorObject, at: { loc: Loc; data: Plain; key: string | number | undefined }, parentSchema: AnySchemaObject): Named[] {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
    case "dependentRequired":
      return [{ loc: [...at.loc, String(params["missingProperty"])], type: "missing", msg: "Field required" }];
    case "additionalProperties":
      return [{ loc: [...at.loc, String(params["additionalProperty"])], type: "extra_forbidden", msg: "Extra inputs are not permitted" }];
    case "unevaluatedProperties":
      return [{ loc: [...at.loc, String(params["unevaluatedProperty"])], type: "extra_forbidden", msg: "Extra inputs are not permitted" }];
    case "false schema": {
      // `items: false` (without `prefixItems`) refuses the array for having items, not each item.
      const path = steps(error.schemaPath);
      const keyword = path[path.length - 2];
      if (keyword !== undefined && keyword[0] === "items" && keyword[1] === undefined && typeof at.key === "number") {
        return [{ loc: at.loc.slice(0, -1), type: "too_long", msg: "List should have no items past its prefix" }];
      }
      return [{ loc: at.loc, type: "not_allowed", msg: "No value is allowed here (the schema is `false`)" }];
    }
    case "format": {
      const format = String(params["format"]);
      const [type, msg] = FORMATS[format] ?? ["value_error", `Value error, not a valid ${format}`];
      return [{ loc: at.loc, type, msg }];
    }
    case "type": {
      const [type, msg] = typeError(parentSchema, error.schema, at.data);
      return [{ loc: at.loc, type, msg }];
    }
    default: {
      const simple = SIMPLE[error.keyword];
      const [type, msg] = simple === undefined ? (["value_error", `Value error, \`${error.keyword}\` does not hold`] as [ErrorType, string]) : simple(error.schema);
      return [{ loc: at.loc, type, msg }];
    }
  }
}

/**
 * Whether the keyword an Ajv schema path ends at lies inside an `unevaluatedProperties` or
 * `unevaluatedItems` subschema, and then how many `loc` items deeper than the object or array
 * that keyword applies to its value is. The path shows it: lowering refuses `$ref` inside those
 * subschemas, so no error from inside one has a path that starts past it.
 */
function unevaluatedAt(schemaPath: string): { keyword: string; depth: number } | undefined {
  const path = steps(schemaPath);
  const inside = path.findIndex(([keyword]) => keyword === "unevaluatedProperties" || keyword === "unevaluatedItems");
  if (inside < 0 || inside === path.length - 1) {
    return undefined;
  }
  let depth = 1;
  // The steps between the keyword and the failing one (the last) that go into the value.
  for (const [keyword] of path.slice(inside + 1, -1)) {
    depth += INTO.has(keyword) ? 1 : 0;
  }
  return { keyword: (path[inside] as [string, string | undefined])[0], depth };
}

/**
 * A check: the node at `pointer` of `document` evaluated on a value whose type holds. Reports
 * its errors at `path` and returns `false` when it does not hold. Not evaluated when writing
 * (`serialize…`): checks apply to input as read, as in every language.
 */
export function check(document: Document, pointer: string): Check {
  return (input, path, context) => {
    if (context.writing) {
      return true;
    }
    const saved = topExact;
    topExact = typeof input === "bigint" ? input : undefined;
    let errors: Named[];
    try {
      errors = evaluate(document, pointer, plain(input));
    } finally {
      topExact = saved;
    }
    for (const error of errors) {
      let at = path;
      for (const item of error.loc) {
        at = child(at, item);
      }
      report(context, at, error.type, error.msg);
    }
    return errors.length === 0;
  };
}

/** A codec whose values must also pass `check` once `inner` reads them. */
export function checked<T>(inner: Codec<T>, checkValue: Check): Codec<T> {
  return {
    read(input, path, context) {
      const value = inner.read(input, path, context);
      if (value === INVALID) {
        return INVALID;
      }
      return checkValue(input, path, context) ? value : INVALID;
    },
    write: (value) => inner.write(value),
  };
}

