/**
 * How a float is written: the shortest digits that read back to the same double, laid out as
 * Python's `repr` lays them out (pydantic writes floats so).
 *
 * @module
 */

/**
 * Writes a float as pydantic (and Rust's `ryu`-based writers) do: the shortest digits that
 * read back to the same double; plain notation with at least one fractional digit when the
 * decimal point falls within 16 digits left of and 5 zeros right of the first digit
 * (`1000000000000000.0`, `0.00001`), scientific notation otherwise (`1e+16`, `1.5e-7`); `-0.0`.
 *
 * @throws RangeError for `Infinity`, `-Infinity` and `NaN`, which JSON cannot hold: writing them
 * as `null` (as `JSON.stringify` and pydantic do) would change the data silently. The
 * `serialize…` functions validate first, so there they are `finite_number` errors instead.
 */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) {
    throw new RangeError(`${value} cannot be written as JSON: JSON numbers are finite`);
  }
  if (value === 0) {
    return Object.is(value, -0) ? "-0.0" : "0.0";
  }
  const sign = value < 0 ? "-" : "";
  // ECMAScript's Number::toString gives the shortest round-trip digits; only the layout differs.
  const text = String(Math.abs(value));
  const e = text.indexOf("e");
  const mantissa = e < 0 ? text : text.slice(0, e);
  const exponent = e < 0 ? 0 : Number(text.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const whole = dot < 0 ? mantissa : mantissa.slice(0, dot);
  let digits = dot < 0 ? mantissa : whole + mantissa.slice(dot + 1);
  // `point` is where the decimal point sits relative to the start of `digits`.
  let point = whole.length + exponent;
  let lead = 0;
  while (lead < digits.length - 1 && digits.charCodeAt(lead) === 0x30) {
    lead++;
  }
  digits = digits.slice(lead);
  point -= lead;
  digits = digits.replace(/0+$/, "");
  const length = digits.length;
  if (length <= point && point <= 16) {
    return `${sign}${digits}${"0".repeat(point - length)}.0`;
  }
  if (0 < point && point <= 16) {
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  if (-5 < point && point <= 0) {
    return `${sign}0.${"0".repeat(-point)}${digits}`;
  }
  const scientific = point - 1;
  const tail = length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return `${sign}${tail}e${scientific < 0 ? "-" : "+"}${Math.abs(scientific)}`;
}
