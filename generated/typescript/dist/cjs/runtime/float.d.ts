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
export declare function formatFloat(value: number): string;
