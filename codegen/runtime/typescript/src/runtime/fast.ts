/**
 * Reading the input of `parse…`: through the engine's `JSON.parse` when one pass over the text shows it would read it exactly as the exact reader does, else through the exact reader.
 *
 * @module
 */

import type { ErrorItem } from "./errors.js";
import { MAX_DEPTH, decodeUtf8, readText } from "./read.js";

// The fast path. `JSON.parse` is the engine's own reader and several times faster than any
// reader written in JavaScript, but it loses what the contract keeps: `1.0` becomes `1`, big
// integers are rounded, `-0` stays negative, keys such as `"10"` move to the front, lone
// surrogates and any depth are accepted. One pass over the text (cheaper than a reader: it
// builds nothing) tells whether the text holds any of these; when it holds none, `JSON.parse`
// gives exactly what the exact reader gives, and otherwise the exact reader reads it. Anything
// `JSON.parse` refuses also goes to the exact reader, for its error message.

/** The most digits a number may have for `JSON.parse` to read it as the exact reader does. */
const PLAIN_DIGITS = 15;

/**
 * `true` when `JSON.parse(text)` gives what the exact reader gives (or fails); `false` when the
 * text may hold a number the reader keeps differently (an exponent, a fraction of zeros, more
 * than 15 digits, `-0`), a key that is an integer, a lone surrogate, an escaped surrogate (even
 * of a pair: rare, so not worth pairing here) or more than {@link MAX_DEPTH} levels.
 */
export function plainText(text: string): boolean {
  const n = text.length;
  let depth = 0;
  let i = 0;
  let c = 0;
  while (i < n) {
    c = text.charCodeAt(i);
    if (c === 0x22) {
      const first = text.charCodeAt(++i);
      for (;;) {
        c = text.charCodeAt(i);
        if (c === 0x22) {
          break;
        }
        if (c === 0x5c) {
          if (text.charCodeAt(i + 1) === 0x75 && isSurrogateEscape(text.charCodeAt(i + 2), text.charCodeAt(i + 3))) {
            return false;
          }
          i += 2;
        } else if (c >= 0xd800 && c <= 0xdfff) {
          const low = text.charCodeAt(i + 1);
          if (c >= 0xdc00 || !(low >= 0xdc00 && low <= 0xdfff)) {
            return false;
          }
          i += 2;
        } else if (i >= n) {
          return true;
        } else {
          i++;
        }
      }
      i++;
      if (first >= 0x30 && first <= 0x39 && isKeyEnd(text.charCodeAt(i), i, text)) {
        return false;
      }
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      i = plainTextNumber(text, i);
      if (i < 0) {
        return false;
      }
    } else {
      if (c === 0x7b || c === 0x5b) {
        if (++depth > MAX_DEPTH) {
          return false;
        }
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
      }
      i++;
    }
  }
  return true;
}

/** {@link plainText} of UTF-8 bytes (that decode: no surrogate can be in them). */
export function plainBytes(bytes: Uint8Array): boolean {
  const n = bytes.length;
  let depth = 0;
  let i = 0;
  let c = 0;
  while (i < n) {
    c = bytes[i] as number;
    if (c === 0x22) {
      const first = bytes[++i] ?? 0;
      for (;;) {
        c = bytes[i] ?? 0x22;
        if (c === 0x22) {
          break;
        }
        if (c === 0x5c) {
          if (bytes[i + 1] === 0x75 && isSurrogateEscape(bytes[i + 2] ?? 0, bytes[i + 3] ?? 0)) {
            return false;
          }
          i += 2;
        } else {
          i++;
        }
      }
      i++;
      if (first >= 0x30 && first <= 0x39 && isKeyEnd(bytes[i] ?? 0, i, bytes)) {
        return false;
      }
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      i = plainBytesNumber(bytes, i);
      if (i < 0) {
        return false;
      }
    } else {
      if (c === 0x7b || c === 0x5b) {
        if (++depth > MAX_DEPTH) {
          return false;
        }
      } else if (c === 0x7d || c === 0x5d) {
        depth--;
      }
      i++;
    }
  }
  return true;
}

/** `\u` followed by `d8`–`df` (either case): an escaped surrogate, which may be lone. */
function isSurrogateEscape(c1: number, c2: number): boolean {
  return (c1 === 0x64 || c1 === 0x44) && ((c2 >= 0x38 && c2 <= 0x39) || (c2 >= 0x61 && c2 <= 0x66) || (c2 >= 0x41 && c2 <= 0x46));
}

/** Whether the string that ended before `i` is a key: the next character that is not space is `:`. */
function isKeyEnd(c: number, i: number, text: string | Uint8Array): boolean {
  let k = i;
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
    c = typeof text === "string" ? text.charCodeAt(++k) : (text[++k] ?? 0);
  }
  return c === 0x3a;
}

/**
 * Skips the number at `i` of `text` (a `-` or a digit); the index after it, or -1 when
 * `JSON.parse` would not read it as the exact reader does: an exponent, a fraction of zeros only
 * (`1.0`: the reader keeps a {@link JsonFloat}), more than {@link PLAIN_DIGITS} digits (a big
 * integer, or a fraction that rounds to a whole number), or the integer `-0` (which the reader
 * reads as `0`). Malformed numbers are left to `JSON.parse` to refuse.
 */
function plainTextNumber(text: string, i: number): number {
  // The same steps as plainBytesNumber; two copies, as one taking an accessor closure was
  // measurably slower on the hot path.
  let c = text.charCodeAt(i);
  if (c === 0x2d) {
    c = text.charCodeAt(++i);
    if (c === 0x30 && text.charCodeAt(i + 1) !== 0x2e) {
      return -1;
    }
  }
  let digits = 0;
  while (c >= 0x30 && c <= 0x39) {
    digits++;
    c = text.charCodeAt(++i);
  }
  if (c === 0x2e) {
    let nonZero = false;
    c = text.charCodeAt(++i);
    while (c >= 0x30 && c <= 0x39) {
      digits++;
      nonZero ||= c !== 0x30;
      c = text.charCodeAt(++i);
    }
    if (!nonZero) {
      return -1;
    }
  }
  return digits > PLAIN_DIGITS || c === 0x65 || c === 0x45 ? -1 : digits === 0 ? i + 1 : i;
}

/** {@link plainTextNumber} over UTF-8 bytes. */
function plainBytesNumber(bytes: Uint8Array, i: number): number {
  let c = bytes[i] ?? 0;
  if (c === 0x2d) {
    c = bytes[++i] ?? 0;
    if (c === 0x30 && bytes[i + 1] !== 0x2e) {
      return -1;
    }
  }
  let digits = 0;
  while (c >= 0x30 && c <= 0x39) {
    digits++;
    c = bytes[++i] ?? 0;
  }
  if (c === 0x2e) {
    let nonZero = false;
    c = bytes[++i] ?? 0;
    while (c >= 0x30 && c <= 0x39) {
      digits++;
      nonZero ||= c !== 0x30;
      c = bytes[++i] ?? 0;
    }
    if (!nonZero) {
      return -1;
    }
  }
  return digits > PLAIN_DIGITS || c === 0x65 || c === 0x45 ? -1 : digits === 0 ? i + 1 : i;
}

/** `JSON.parse(text)` when {@link plainText} or {@link plainBytes} allowed it; `undefined` when it fails. */
function parseNatively(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/** Reads the input of a `parse…` function: JSON text, UTF-8 bytes, or an already decoded value. */
export function readInput(
  input: unknown,
): { ok: true; value: unknown; fromJson: boolean; nonFinite: boolean } | { ok: false; errors: ErrorItem[] } {
  let text: string;
  let plain: boolean;
  if (typeof input === "string") {
    text = input;
    plain = plainText(text);
  } else if (input instanceof Uint8Array) {
    const decoded = decodeUtf8(input);
    if (decoded === null) {
      return { ok: false, errors: [{ type: "json_invalid", loc: [], msg: "Invalid JSON: invalid unicode code point" }] };
    }
    text = decoded;
    plain = plainBytes(input);
  } else {
    return { ok: true, value: input, fromJson: false, nonFinite: false };
  }
  if (plain) {
    const parsed = parseNatively(text);
    if (parsed !== undefined) {
      return { ok: true, value: parsed.value, fromJson: true, nonFinite: false };
    }
  }
  const read = readText(text);
  return read.ok ? { ok: true, value: read.value, fromJson: true, nonFinite: read.nonFinite } : read;
}
