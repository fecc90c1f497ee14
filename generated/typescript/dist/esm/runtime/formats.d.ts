/**
 * The string formats of `schema/CONTRACT.md`: UUIDs, RFC 3339 date-times (canonical UTC text) and dates.
 *
 * @module
 */
/**
 * A hyphenated UUID in lower case, or `null` when `text` is not the 8-4-4-4-12 hex form. A UUID
 * already in lower case is returned as it is (no copy).
 */
export declare function canonicalUuid(text: string): string | null;
/** A random (version 4) UUID, from the platform's `crypto`. */
export declare function uuid4(): string;
export declare function daysInMonth(year: number, month: number): number;
/**
 * The canonical form of an RFC 3339 date-time (`schema/CONTRACT.md`): converted to UTC and
 * written with `Z` and six fractional digits when non-zero; a missing offset means UTC; digits
 * beyond microseconds are dropped. `null` when `text` is not such a date-time
 * (`YYYY-MM-DD[Tt]HH:MM:SS[.digits][Z|z|±HH:MM]`, a date and time that exist).
 *
 * Read character by character rather than with a regular expression: it runs for every
 * timestamp read or written, and a text that is already canonical is returned as it is.
 */
export declare function canonicalTimestamp(text: string): string | null;
/** `text` when it is a `YYYY-MM-DD` date that exists, else `null`. */
export declare function canonicalDate(text: string): string | null;
/** The canonical text of a `Date` (millisecond precision), or `null` for an invalid date. */
export declare function timestampFromDate(date: Date): string | null;
/** The current time in canonical form. */
export declare function now(): string;
