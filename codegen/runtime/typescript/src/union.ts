/**
 * Codecs of unions (`oneOf` / `anyOf` / `type: [A, B]`), reporting errors as pydantic's
 * discriminated unions do (see `schema/CONTRACT.md`): a tagged union of objects reads its tag
 * property (`union_tag_not_found` when absent, `union_tag_invalid` for a value that is no tag),
 * a union by JSON type tags a value by its JSON type (`union_tag_invalid` for another type);
 * errors inside the chosen variant are located under its tag.
 *
 * Emitted beside `runtime.ts` only for schemas that have unions, so `runtime.ts` stays the same
 * for every schema.
 *
 * @module
 */

import { INVALID, JsonFloat } from "./runtime.js";
import type { Codec, Context, ErrorItem, ErrorType, Invalid, Loc, Path } from "./runtime.js";

/** The error types of unions, named as pydantic-core names them. */
export type UnionErrorType = "union_tag_invalid" | "union_tag_not_found" | "dict_type";

function locOf(path: Path): Loc {
  const loc: Loc = [];
  for (let node = path; node !== null; node = node.parent) {
    loc.push(node.key);
  }
  return loc.reverse();
}

function report(context: Context, path: Path, type: UnionErrorType, msg: string): Invalid {
  // `ErrorType` in runtime.ts predates unions; the contract's list of types includes these.
  const item: ErrorItem = { type: type as ErrorType, loc: locOf(path), msg };
  context.errors.push(item);
  return INVALID;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function expected(tags: readonly string[]): string {
  return tags.map((tag) => `'${tag}'`).join(", ");
}

function shown(value: unknown): string {
  if (value === null) {
    return "None";
  }
  if (typeof value === "boolean") {
    return value ? "True" : "False";
  }
  if (value instanceof JsonFloat) {
    return String(value.value);
  }
  if (typeof value === "object") {
    return JSON.stringify(value) ?? "";
  }
  return String(value);
}

/** One variant of a union: its tag and its codec. */
export type Variant<T> = readonly [tag: string, codec: Codec<T>];

/**
 * A union of objects told apart by the string `const` of `property` (a discriminated union).
 * `variants` is a thunk so that it may name codecs defined later.
 */
export function tagged<T>(property: string, variants: () => readonly Variant<T>[]): Codec<T> {
  let byTag: ReadonlyMap<string, Codec<T>> | undefined;
  const resolve = (): ReadonlyMap<string, Codec<T>> => {
    byTag ??= new Map(variants());
    return byTag;
  };
  return {
    read(input, path, context) {
      const all = resolve();
      if (!isPlainObject(input)) {
        return report(context, path, "dict_type", "Input should be a valid dictionary");
      }
      if (!Object.hasOwn(input, property) || input[property] === undefined) {
        return report(context, path, "union_tag_not_found", `Unable to extract tag using discriminator '${property}'`);
      }
      const tag = input[property];
      const codec = typeof tag === "string" ? all.get(tag) : undefined;
      if (codec === undefined) {
        return report(
          context,
          path,
          "union_tag_invalid",
          `Input tag '${shown(tag)}' found using '${property}' does not match any of the expected tags: ${expected([...all.keys()])}`,
        );
      }
      return codec.read(input, { parent: path, key: tag as string }, context);
    },
    write(value) {
      const tag = (value as Record<string, unknown>)[property];
      const codec = typeof tag === "string" ? resolve().get(tag) : undefined;
      if (codec === undefined) {
        throw new TypeError(`no variant of the union has ${property} = ${shown(tag)}`);
      }
      return codec.write(value);
    },
  };
}

/** The JSON type of a value as a union's tag; numbers are tagged `number`. */
function jsonType(value: unknown, number: string): string {
  if (value === null) {
    return "null";
  }
  if (typeof value === "boolean") {
    return "boolean";
  }
  if (typeof value === "number" || typeof value === "bigint" || value instanceof JsonFloat) {
    return number;
  }
  if (typeof value === "string" || value instanceof Date) {
    return "string";
  }
  if (Array.isArray(value)) {
    return "array";
  }
  return "object";
}

/**
 * A union of variants of different JSON types (`string`, `integer` or `number`, `boolean`,
 * `array`, `object`), told apart by the value's type. `variants` is a thunk so that it may name
 * codecs defined later.
 */
export function byJsonType<T>(variants: () => readonly Variant<T>[]): Codec<T> {
  let byTag: ReadonlyMap<string, Codec<T>> | undefined;
  let number = "number";
  const resolve = (): ReadonlyMap<string, Codec<T>> => {
    if (byTag === undefined) {
      const all = new Map(variants());
      number = all.has("integer") ? "integer" : "number";
      byTag = all;
    }
    return byTag;
  };
  return {
    read(input, path, context) {
      const all = resolve();
      const tag = jsonType(input, number);
      const codec = all.get(tag);
      if (codec === undefined) {
        return report(
          context,
          path,
          "union_tag_invalid",
          `Input tag '${tag}' found using tag() does not match any of the expected tags: ${expected([...all.keys()])}`,
        );
      }
      return codec.read(input, { parent: path, key: tag }, context);
    },
    write(value) {
      const codec = resolve().get(jsonType(value, number));
      if (codec === undefined) {
        throw new TypeError(`no variant of the union takes ${shown(value)}`);
      }
      return codec.write(value);
    },
  };
}
