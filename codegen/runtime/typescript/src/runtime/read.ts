/**
 * The exact JSON reader (RFC 8259, numbers kept exact, depth and number-length limits of `schema/CONTRACT.md`) and strict UTF-8 decoding.
 *
 * @module
 */

import { INVALID, child, reportNonFinite, type Context, type ErrorItem, type ParseResult, type Path } from "./errors.js";
import { JsonFloat, keysOf, rememberOrder, setOwn, type JsonObject, type JsonValue } from "./values.js";

/**
 * The most containers a value may sit inside; deeper input is `json_invalid`, as in pydantic
 * (which accepts a value inside 200 containers and rejects one inside 201).
 */
export const MAX_DEPTH = 200;

/**
 * The longest integer part a number may have: its sign and the digits before any `.`, `e` or
 * `E`. A longer one is `json_invalid` (`number out of range`), as in pydantic, whose reader
 * refuses it (Python's limit on reading long digit strings as integers); the fraction and the
 * exponent may be of any length.
 */
const MAX_INTEGER_PART = 4300;

class JsonSyntaxError {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {}
}

class JsonReader {
  private pos = 0;
  /** A number too large for a double (`1e400`) was read, as ±`Infinity`. */
  nonFinite = false;

  constructor(private readonly text: string) {}

  readDocument(): JsonValue {
    this.skipWhitespace();
    const value = this.readValue(0);
    this.skipWhitespace();
    if (this.pos < this.text.length) {
      throw new JsonSyntaxError("trailing characters", this.pos);
    }
    return value;
  }

  private fail(reason: string, position: number = this.pos): never {
    throw new JsonSyntaxError(reason, position);
  }

  private skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        pos++;
      } else {
        break;
      }
    }
    this.pos = pos;
  }

  /** Reads a value that sits inside `depth` containers. */
  private readValue(depth: number): JsonValue {
    if (depth > MAX_DEPTH) {
      this.fail("recursion limit exceeded");
    }
    const c = this.text.charCodeAt(this.pos);
    switch (c) {
      case 0x7b: // {
        return this.readObject(depth);
      case 0x5b: // [
        return this.readArray(depth);
      case 0x22: // "
        return this.readString();
      case 0x74: // t
        return this.readLiteral("true", true);
      case 0x66: // f
        return this.readLiteral("false", false);
      case 0x6e: // n
        return this.readLiteral("null", null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          return this.readNumber();
        }
        return this.fail(this.pos >= this.text.length ? "EOF while parsing a value" : "expected value");
    }
  }

  private readLiteral<T extends JsonValue>(word: string, value: T): T {
    if (this.text.startsWith(word, this.pos)) {
      this.pos += word.length;
      return value;
    }
    return this.fail("expected ident");
  }

  private readObject(depth: number): JsonObject {
    const object: JsonObject = {};
    const order: string[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x7d) {
      this.pos++;
      return object;
    }
    for (;;) {
      if (this.text.charCodeAt(this.pos) !== 0x22) {
        this.fail(this.pos >= this.text.length ? "EOF while parsing an object" : "key must be a string");
      }
      const key = this.readString();
      this.skipWhitespace();
      if (this.text.charCodeAt(this.pos) !== 0x3a) {
        this.fail("expected `:`");
      }
      this.pos++;
      this.skipWhitespace();
      const value = this.readValue(depth + 1);
      if (!Object.hasOwn(object, key)) {
        order.push(key);
      }
      setOwn(object, key, value);
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) === 0x7d) {
          this.fail("trailing comma");
        }
      } else if (c === 0x7d) {
        this.pos++;
        rememberOrder(object, order);
        return object;
      } else {
        this.fail(this.pos >= this.text.length ? "EOF while parsing an object" : "expected `,` or `}`");
      }
    }
  }

  private readArray(depth: number): JsonValue[] {
    const array: JsonValue[] = [];
    this.pos++;
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) === 0x5d) {
      this.pos++;
      return array;
    }
    for (;;) {
      array.push(this.readValue(depth + 1));
      this.skipWhitespace();
      const c = this.text.charCodeAt(this.pos);
      if (c === 0x2c) {
        this.pos++;
        this.skipWhitespace();
        if (this.text.charCodeAt(this.pos) === 0x5d) {
          this.fail("trailing comma");
        }
      } else if (c === 0x5d) {
        this.pos++;
        return array;
      } else {
        this.fail(this.pos >= this.text.length ? "EOF while parsing a list" : "expected `,` or `]`");
      }
    }
  }

  private readString(): string {
    const text = this.text;
    const start = ++this.pos;
    let pos = start;
    let chunks: string[] | null = null;
    let chunkStart = start;
    for (;;) {
      if (pos >= text.length) {
        this.fail("EOF while parsing a string", pos);
      }
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        break;
      }
      if (c < 0x20) {
        this.fail("control character (\\u0000-\\u001F) found while parsing a string", pos);
      }
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = text.charCodeAt(pos + 1);
        if (c >= 0xdc00 || !(next >= 0xdc00 && next <= 0xdfff)) {
          this.fail("lone surrogate in the input text", pos);
        }
        pos += 2;
        continue;
      }
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      chunks ??= [];
      chunks.push(text.slice(chunkStart, pos));
      const escape = text.charCodeAt(pos + 1);
      pos += 2;
      switch (escape) {
        case 0x22:
          chunks.push('"');
          break;
        case 0x5c:
          chunks.push("\\");
          break;
        case 0x2f:
          chunks.push("/");
          break;
        case 0x62:
          chunks.push("\b");
          break;
        case 0x66:
          chunks.push("\f");
          break;
        case 0x6e:
          chunks.push("\n");
          break;
        case 0x72:
          chunks.push("\r");
          break;
        case 0x74:
          chunks.push("\t");
          break;
        case 0x75: {
          const unit = this.hex4(pos);
          pos += 4;
          if (unit >= 0xd800 && unit <= 0xdbff) {
            if (text.charCodeAt(pos) !== 0x5c || text.charCodeAt(pos + 1) !== 0x75) {
              this.fail("lone leading surrogate in hex escape", pos);
            }
            const low = this.hex4(pos + 2);
            if (!(low >= 0xdc00 && low <= 0xdfff)) {
              this.fail("invalid trailing surrogate in hex escape", pos + 2);
            }
            chunks.push(String.fromCharCode(unit, low));
            pos += 6;
          } else if (unit >= 0xdc00 && unit <= 0xdfff) {
            this.fail("lone trailing surrogate in hex escape", pos - 4);
          } else {
            chunks.push(String.fromCharCode(unit));
          }
          break;
        }
        default:
          this.fail("invalid escape", pos - 1);
      }
      chunkStart = pos;
    }
    this.pos = pos + 1;
    if (chunks === null) {
      return text.slice(start, pos);
    }
    chunks.push(text.slice(chunkStart, pos));
    return chunks.join("");
  }

  private hex4(pos: number): number {
    let unit = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.text.charCodeAt(pos + i);
      let digit: number;
      if (c >= 0x30 && c <= 0x39) {
        digit = c - 0x30;
      } else if (c >= 0x61 && c <= 0x66) {
        digit = c - 0x57;
      } else if (c >= 0x41 && c <= 0x46) {
        digit = c - 0x37;
      } else {
        return this.fail("invalid escape", pos + i);
      }
      unit = unit * 16 + digit;
    }
    return unit;
  }

  private readNumber(): number | bigint | JsonFloat {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    if (text.charCodeAt(pos) === 0x2d) {
      pos++;
    }
    const first = text.charCodeAt(pos);
    if (first === 0x30) {
      pos++;
      const after = text.charCodeAt(pos);
      if (after >= 0x30 && after <= 0x39) {
        this.fail("invalid number", pos);
      }
    } else if (first >= 0x31 && first <= 0x39) {
      pos = this.digits(pos);
    } else {
      this.fail("invalid number", pos);
    }
    if (pos - start > MAX_INTEGER_PART) {
      this.fail("number out of range", start + MAX_INTEGER_PART);
    }
    let isInteger = true;
    if (text.charCodeAt(pos) === 0x2e) {
      isInteger = false;
      const end = this.digits(pos + 1);
      if (end === pos + 1) {
        this.fail("invalid number", end);
      }
      pos = end;
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      isInteger = false;
      pos++;
      const sign = text.charCodeAt(pos);
      if (sign === 0x2b || sign === 0x2d) {
        pos++;
      }
      const end = this.digits(pos);
      if (end === pos) {
        this.fail("invalid number", end);
      }
      pos = end;
    }
    this.pos = pos;
    const literal = text.slice(start, pos);
    if (isInteger) {
      return integerValue(literal);
    }
    const value = Number(literal);
    if (!Number.isFinite(value)) {
      // Only `1e400` and the like: reported as `finite_number` where the value is kept.
      this.nonFinite = true;
      return value;
    }
    return floatValue(value);
  }

  private digits(pos: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c >= 0x30 && c <= 0x39) {
        pos++;
      } else {
        return pos;
      }
    }
  }
}

/** An integer literal as a `number` when it is a safe integer, else as a `bigint`. */
function integerValue(literal: string): number | bigint {
  if (literal.length <= 15) {
    const value = Number(literal);
    return value === 0 ? 0 : value;
  }
  const big = BigInt(literal);
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
}

/** A number read from a literal with a fraction or exponent. */
function floatValue(value: number): number | JsonFloat {
  return Number.isSafeInteger(value) && !Object.is(value, -0) ? new JsonFloat(value) : value;
}

function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line} column ${position - lineStart + 1}`;
}

/** Well-formed JSON text as read, numbers too large for a double still in it as ±`Infinity`. */
type TextRead = { ok: true; value: JsonValue; nonFinite: boolean } | { ok: false; errors: ErrorItem[] };

export function readText(text: string): TextRead {
  const reader = new JsonReader(text);
  try {
    const value = reader.readDocument();
    return { ok: true, value, nonFinite: reader.nonFinite };
  } catch (error) {
    if (error instanceof JsonSyntaxError) {
      const msg = `Invalid JSON: ${error.reason} at ${lineAndColumn(text, error.position)}`;
      return { ok: false, errors: [{ type: "json_invalid", loc: [], msg }] };
    }
    throw error;
  }
}

/**
 * Reads JSON text strictly (RFC 8259): no comments, trailing commas, leading zeros, `NaN`,
 * lone surrogates or trailing characters (one `json_invalid` error). Numbers keep their exact
 * value (see {@link JsonValue}); a number too large for a double (`1e400`) is a `finite_number`
 * error at its location (each one, depth first), one too small (`1e-400`) is `0.0`.
 */
export function readJson(text: string): ParseResult<JsonValue> {
  const read = readText(text);
  if (!read.ok) {
    return read;
  }
  const context: Context = { errors: [], fromJson: true, nonFinite: read.nonFinite, writing: false, plain: true };
  return !read.nonFinite || checkFinite(read.value, null, context)
    ? { ok: true, value: read.value }
    : { ok: false, errors: context.errors };
}

/** The platform's strict UTF-8 decoder; `ignoreBOM` keeps a byte order mark, which the reader refuses. */
const UTF8: Utf8Decoder | undefined = makeUtf8Decoder();

interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}

function makeUtf8Decoder(): Utf8Decoder | undefined {
  // `TextDecoder` is in Node and every browser, but not in the ES2022 library this compiles with.
  const platform = (globalThis as { TextDecoder?: new (label: string, options: object) => Utf8Decoder }).TextDecoder;
  return platform === undefined ? undefined : new platform("utf-8", { fatal: true, ignoreBOM: true });
}

/**
 * Decodes UTF-8 strictly: overlong forms, surrogates, code points beyond U+10FFFF and
 * truncated sequences give `null`. A byte order mark is kept (and so rejected by the reader).
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  if (UTF8 !== undefined) {
    try {
      return UTF8.decode(bytes);
    } catch {
      return null;
    }
  }
  return decodeUtf8Slowly(bytes);
}

/** {@link decodeUtf8} where the platform has no `TextDecoder`: the same rules, in JavaScript. */
function decodeUtf8Slowly(bytes: Uint8Array): string | null {
  const units: number[] = [];
  const chunks: string[] = [];
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes[i] ?? 0;
    let codePoint: number;
    let size: number;
    if (b0 < 0x80) {
      codePoint = b0;
      size = 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf) {
      codePoint = b0 & 0x1f;
      size = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      codePoint = b0 & 0x0f;
      size = 3;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      codePoint = b0 & 0x07;
      size = 4;
    } else {
      return null;
    }
    if (i + size > bytes.length) {
      return null;
    }
    for (let k = 1; k < size; k++) {
      const b = bytes[i + k] ?? 0;
      if ((b & 0xc0) !== 0x80) {
        return null;
      }
      codePoint = (codePoint << 6) | (b & 0x3f);
    }
    if (
      (size === 3 && (codePoint < 0x800 || (codePoint >= 0xd800 && codePoint <= 0xdfff))) ||
      (size === 4 && (codePoint < 0x10000 || codePoint > 0x10ffff))
    ) {
      return null;
    }
    if (codePoint >= 0x10000) {
      codePoint -= 0x10000;
      units.push(0xd800 + (codePoint >> 10), 0xdc00 + (codePoint & 0x3ff));
    } else {
      units.push(codePoint);
    }
    i += size;
    if (units.length >= 8192) {
      chunks.push(String.fromCharCode(...units));
      units.length = 0;
    }
  }
  chunks.push(String.fromCharCode(...units));
  return chunks.join("");
}

/**
 * Reports every non-finite number in a value read from JSON text (`1e400`, read as `Infinity`)
 * as `finite_number` at its own location, depth first; `true` when there is none. The reader
 * bounds the depth, so the recursion is bounded too.
 */
export function checkFinite(value: JsonValue, path: Path, context: Context): boolean {
  if (typeof value === "number") {
    return Number.isFinite(value) || reportNonFinite(path, context) !== INVALID;
  }
  if (typeof value !== "object" || value === null || value instanceof JsonFloat) {
    return true;
  }
  let finite = true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      finite = checkFinite(value[i] ?? null, child(path, i), context) && finite;
    }
  } else {
    for (const key of keysOf(value)) {
      finite = checkFinite(value[key] ?? null, child(path, key), context) && finite;
    }
  }
  return finite;
}
