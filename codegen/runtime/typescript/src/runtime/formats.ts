/**
 * The string formats of `schema/CONTRACT.md`: UUIDs, RFC 3339 date-times (canonical UTC text) and dates.
 *
 * @module
 */

/**
 * A hyphenated UUID in lower case, or `null` when `text` is not the 8-4-4-4-12 hex form. A UUID
 * already in lower case is returned as it is (no copy).
 */
export function canonicalUuid(text: string): string | null {
  if (text.length !== 36) {
    return null;
  }
  let upper = false;
  for (let i = 0; i < 36; i++) {
    const c = text.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 0x2d) {
        return null;
      }
    } else if (c >= 0x41 && c <= 0x46) {
      upper = true;
    } else if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) {
      return null;
    }
  }
  return upper ? text.toLowerCase() : text;
}

interface WebCrypto {
  randomUUID?: () => string;
  getRandomValues?: (array: Uint8Array) => Uint8Array;
}

/** A random (version 4) UUID, from the platform's `crypto`. */
export function uuid4(): string {
  const webCrypto = (globalThis as { crypto?: WebCrypto }).crypto;
  if (webCrypto?.randomUUID !== undefined) {
    return webCrypto.randomUUID();
  }
  if (webCrypto?.getRandomValues === undefined) {
    throw new Error("no crypto.randomUUID or crypto.getRandomValues to make a UUID with");
  }
  const bytes = webCrypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 ? (isLeapYear(year) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** The date of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}

/** The canonical text of an instant: UTC, `Z`, six fractional digits when non-zero. */
function formatInstant(epochSeconds: number, micros: number): string | null {
  const days = Math.floor(epochSeconds / 86400);
  const secondOfDay = epochSeconds - days * 86400;
  const [year, month, day] = civilFromDays(days);
  if (year < 1 || year > 9999) {
    return null;
  }
  const hour = Math.floor(secondOfDay / 3600);
  const minute = Math.floor((secondOfDay % 3600) / 60);
  const second = secondOfDay % 60;
  const fraction = micros === 0 ? "" : `.${pad(micros, 6)}`;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${fraction}Z`;
}

/** The number of the two ASCII digits at `i`, or -1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 0x30;
  const b = text.charCodeAt(i + 1) - 0x30;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The canonical form of an RFC 3339 date-time (`schema/CONTRACT.md`): converted to UTC and
 * written with `Z` and six fractional digits when non-zero; a missing offset means UTC; digits
 * beyond microseconds are dropped. `null` when `text` is not such a date-time
 * (`YYYY-MM-DD[Tt]HH:MM:SS[.digits][Z|z|±HH:MM]`, a date and time that exist).
 *
 * Read character by character rather than with a regular expression: it runs for every
 * timestamp read or written, and a text that is already canonical is returned as it is.
 */
export function canonicalTimestamp(text: string): string | null {
  const n = text.length;
  if (n < 19) {
    return null;
  }
  const century = twoDigits(text, 0);
  const yearOfCentury = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const t = text.charCodeAt(10);
  if (
    century < 0 ||
    yearOfCentury < 0 ||
    month < 0 ||
    day < 0 ||
    hour < 0 ||
    minute < 0 ||
    second < 0 ||
    text.charCodeAt(4) !== 0x2d ||
    text.charCodeAt(7) !== 0x2d ||
    (t !== 0x54 && t !== 0x74) ||
    text.charCodeAt(13) !== 0x3a ||
    text.charCodeAt(16) !== 0x3a
  ) {
    return null;
  }
  const year = century * 100 + yearOfCentury;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  if (hour > 23 || minute > 59 || second > 59) {
    return null;
  }
  let i = 19;
  let micros = 0;
  let fractionDigits = 0;
  if (text.charCodeAt(i) === 0x2e) {
    const start = ++i;
    for (let c = text.charCodeAt(i); c >= 0x30 && c <= 0x39; c = text.charCodeAt(++i)) {
      if (i - start < 6) {
        micros = micros * 10 + (c - 0x30);
      }
    }
    fractionDigits = i - start;
    if (fractionDigits === 0) {
      return null;
    }
    for (let k = fractionDigits; k < 6; k++) {
      micros *= 10;
    }
  }
  // Already canonical: `T`, `Z`, and no fraction or six digits that are not all zeros.
  let canonical = t === 0x54 && (fractionDigits === 0 || (fractionDigits === 6 && micros !== 0));
  let offsetSeconds = 0;
  if (i === n) {
    canonical = false;
  } else {
    const c = text.charCodeAt(i);
    if (c === 0x5a || c === 0x7a) {
      if (i + 1 !== n) {
        return null;
      }
      canonical &&= c === 0x5a;
    } else if (c === 0x2b || c === 0x2d) {
      const offsetHours = twoDigits(text, i + 1);
      const offsetMinutes = twoDigits(text, i + 4);
      if (i + 6 !== n || text.charCodeAt(i + 3) !== 0x3a || offsetHours < 0 || offsetMinutes < 0) {
        return null;
      }
      if (offsetHours > 23 || offsetMinutes > 59) {
        return null;
      }
      offsetSeconds = (c === 0x2d ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
      canonical = false;
    } else {
      return null;
    }
  }
  if (canonical) {
    return text;
  }
  if (offsetSeconds === 0) {
    // The same instant in UTC: only the separator, the fraction and the offset are rewritten.
    return `${text.slice(0, 10)}T${text.slice(11, 19)}${micros === 0 ? "" : `.${pad(micros, 6)}`}Z`;
  }
  const epochSeconds = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return formatInstant(epochSeconds, micros);
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `text` when it is a `YYYY-MM-DD` date that exists, else `null`. */
export function canonicalDate(text: string): string | null {
  const m = DATE.exec(text);
  if (m === null) {
    return null;
  }
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) ? text : null;
}

/** The canonical text of a `Date` (millisecond precision), or `null` for an invalid date. */
export function timestampFromDate(date: Date): string | null {
  const millis = date.getTime();
  if (Number.isNaN(millis)) {
    return null;
  }
  const epochSeconds = Math.floor(millis / 1000);
  return formatInstant(epochSeconds, (millis - epochSeconds * 1000) * 1000);
}

/** The current time in canonical form. */
export function now(): string {
  return timestampFromDate(new Date()) ?? "1970-01-01T00:00:00Z";
}
