"""Summarizes scripts/bench-vs-pydantic results as Markdown tables of ratios (and, for the
TypeScript package, of bytes allocated per event).

Usage: bench-summary.py <results dir>. Reads ``r<N>-<side>.jsonl`` (one JSON line per case:
case, seconds, events, bytes) and ``codegen.jsonl``; every ratio is computed within a round
(the sides of a round ran back to back) and the table gives the median over rounds.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path

READS = [
    ("rust_from_slice", "Rust `WorkflowEvent::from_slice` (full validation, owned, `data` a checked `JsonObject`)"),
    ("rust_ref_from_slice", "Rust `WorkflowEventRef::from_slice` (same validation, borrowed, `data` raw)"),
    ("rust_from_slice_serde_pass", "… `WorkflowEvent` fast path with the serde_json pass alone (no scanner: the previous fast path)"),
    ("rust_ref_from_slice_serde_pass", "… `WorkflowEventRef` fast path with the serde_json pass alone (no scanner)"),
    ("rust_ref_into_static", "Rust `WorkflowEventRef::from_slice` + `into_static` (owned, `data` raw)"),
    ("rust_slow_path", "Rust slow path alone (parse to `Value`, jsonschema, convert: the error reporter)"),
    ("mimalloc_rust_from_slice", "… `WorkflowEvent::from_slice`, mimalloc as global allocator"),
    ("mimalloc_rust_ref_from_slice", "… `WorkflowEventRef::from_slice`, mimalloc"),
    ("mimalloc_rust_ref_into_static", "… `WorkflowEventRef` + `into_static`, mimalloc"),
    ("pydantic_validate", "pydantic `model_validate_json`, generated package"),
    ("pydantic_native_validator", "… its native validator alone (no pre-check, no method call)"),
    ("pydantic_pre_check", "… its text pre-check for non-finite numbers alone"),
    ("pydantic_ref_validate", "pydantic `model_validate_json`, plain reference model"),
    ("ts_parse", "TypeScript `parseWorkflowEvent` (Node)"),
    ("node_json_parse", "Node `JSON.parse` alone (no validation)"),
    ("ceiling_ignored_any", "serde_json syntax-only parse (`IgnoredAny`): the ceiling"),
]
WRITES = [
    ("rust_to_json", "Rust `to_json`"),
    ("mimalloc_rust_to_json", "Rust `to_json`, mimalloc as global allocator"),
    ("pydantic_dump", "pydantic `model_dump_json`, generated package"),
    ("pydantic_ref_dump", "pydantic `model_dump_json`, plain reference model"),
    ("ts_serialize", "TypeScript `serializeWorkflowEvent` (Node)"),
]
TARGETS = [
    ("rust_from_slice", "pydantic_ref_validate", 4.0, "from_slice ≥ 4× pydantic model_validate_json"),
    ("rust_from_slice", "ceiling_ignored_any", 0.4, "from_slice ≥ 40 % of the syntax-only ceiling"),
    ("rust_to_json", "pydantic_ref_dump", 4.0, "to_json ≥ 4× pydantic model_dump_json"),
    ("rust_ref_from_slice", "pydantic_ref_validate", 6.0, "borrowed reader ≥ 6× pydantic model_validate_json"),
    ("pydantic_validate", "pydantic_ref_validate", 1.0, "generated package model_validate_json ≥ 1× the plain model"),
    ("pydantic_dump", "pydantic_ref_dump", 1.0, "generated package model_dump_json ≥ 1× the plain model"),
]


def load_rounds(results: Path) -> dict[int, dict[str, dict]]:
    rounds: dict[int, dict[str, dict]] = defaultdict(dict)
    for path in sorted(results.glob("r*-*.jsonl")):
        number = int(re.match(r"r(\d+)-", path.name).group(1))
        for line in path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                rounds[number][row["case"]] = row
    return rounds


def rate(row: dict) -> float:
    return row["events"] / row["seconds"]


def median_ratio(rounds, case: str, base: str) -> float | None:
    ratios = [rate(r[case]) / rate(r[base]) for r in rounds.values() if case in r and base in r]
    return statistics.median(ratios) if ratios else None


def fmt(value: float | None, suffix: str = "×") -> str:
    if value is None:
        return "–"
    if suffix == "%":
        return f"{value * 100:.0f} %"
    return f"{value:.2f}×"


TS_READS = [
    ("ts_parse", "ajv", "`parseWorkflowEvent(string)`"),
    ("ts_parse_bytes", "ajv_bytes", "`parseWorkflowEvent(Uint8Array)`"),
    ("ajv", "ajv", "`JSON.parse` + Ajv 8 compiled validator (allErrors, ajv-formats uuid + date-time)"),
    ("ajv_bytes", "ajv_bytes", "`TextDecoder` (fatal) + `JSON.parse` + Ajv, from a `Uint8Array`"),
    ("zod", "ajv", "`JSON.parse` + zod 4 `safeParse` (`z.fromJSONSchema` of the same schema)"),
    ("node_json_parse", "ajv", "`JSON.parse` alone (no validation: the ceiling)"),
]
TS_WRITES = [
    ("ts_serialize", "`serializeWorkflowEvent` (validates, canonical)"),
    ("ajv_json_stringify", "Ajv validate + `JSON.stringify`"),
    ("node_json_stringify", "`JSON.stringify` alone (the ceiling)"),
]
TS_TARGETS = [
    ("ts_parse", "ajv", 1.0, "`parseWorkflowEvent(string)` ≥ 1.0× JSON.parse + Ajv"),
    ("ts_parse_bytes", "ajv_bytes", 1.0, "`parseWorkflowEvent(Uint8Array)` ≥ 1.0× the same from bytes"),
    ("ts_serialize", "node_json_stringify", 0.8, "`serializeWorkflowEvent` ≥ 0.8× JSON.stringify"),
]


def typescript_tables(rounds) -> list[str]:
    """The TypeScript package against JSON.parse + Ajv, zod and the JSON.parse/stringify
    ceilings (scripts/bench-node.mjs), with bytes allocated per event."""
    have = lambda case: any(case in r for r in rounds.values())  # noqa: E731
    if not have("ajv"):
        return []

    def alloc(case: str) -> float | None:
        rows = [r[case]["alloc_bytes"] for r in rounds.values() if case in r and "alloc_bytes" in r[case]]
        return statistics.median(rows) if rows else None

    out = ["", "| TypeScript, reading | events/s | × JSON.parse + Ajv (same input) | bytes allocated / event | × Ajv's |"]
    out.append("|---|---:|---:|---:|---:|")
    for case, base, label in TS_READS:
        if not have(case):
            continue
        events = statistics.median(rate(r[case]) for r in rounds.values() if case in r)
        a, b = alloc(case), alloc(base)
        out.append(
            f"| {label} | {events:,.0f} | {fmt(median_ratio(rounds, case, base))} | "
            f"{'–' if a is None else f'{a:,.0f}'} | {'–' if a is None or not b else f'{a / b:.2f}×'} |"
        )
    out += ["", "| TypeScript, writing | events/s | × `JSON.stringify` | bytes allocated / event |", "|---|---:|---:|---:|"]
    for case, label in TS_WRITES:
        if not have(case):
            continue
        events = statistics.median(rate(r[case]) for r in rounds.values() if case in r)
        a = alloc(case)
        out.append(
            f"| {label} | {events:,.0f} | {fmt(median_ratio(rounds, case, 'node_json_stringify'))} | "
            f"{'–' if a is None else f'{a:,.0f}'} |"
        )
    out += ["", "| TypeScript target | measured | |", "|---|---:|---|"]
    for case, base, goal, label in TS_TARGETS:
        ratio = median_ratio(rounds, case, base)
        verdict = "–" if ratio is None else ("met" if ratio >= goal else "missed")
        out.append(f"| {label} | {fmt(ratio)} | {verdict} |")
    ours, theirs = alloc("ts_parse"), alloc("ajv")
    if ours is not None and theirs:
        verdict = "met" if ours <= 2 * theirs else "missed"
        out.append(f"| allocation of `parseWorkflowEvent(string)` ≤ 2× JSON.parse + Ajv's | {ours / theirs:.2f}× | {verdict} |")
    return out


def main() -> None:
    results = Path(sys.argv[1])
    rounds = load_rounds(results)
    if not rounds:
        sys.exit(f"bench-summary: no results in {results}")
    out = [f"Rounds: {len(rounds)} (ratios are medians of per-round ratios).", ""]
    if not any("pydantic_ref_validate" in r for r in rounds.values()):
        # `--only typescript`: the TypeScript tables alone.
        print("\n".join(out + typescript_tables(rounds)[1:]))
        return
    out.append("| reading | events/s | MB/s | × pydantic (reference model) | × pydantic (generated) | of ceiling |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for case, label in READS:
        rows = [r[case] for r in rounds.values() if case in r]
        if not rows:
            continue
        events = statistics.median(rate(row) for row in rows)
        mbs = statistics.median(row["bytes"] / row["seconds"] / 1e6 for row in rows)
        out.append(
            f"| {label} | {events:,.0f} | {mbs:.0f} | {fmt(median_ratio(rounds, case, 'pydantic_ref_validate'))}"
            f" | {fmt(median_ratio(rounds, case, 'pydantic_validate'))}"
            f" | {fmt(median_ratio(rounds, case, 'ceiling_ignored_any'), '%')} |"
        )
    out.append("")
    out.append("| writing | events/s | MB/s | × pydantic `model_dump_json` (reference model) | × pydantic (generated) |")
    out.append("|---|---:|---:|---:|---:|")
    for case, label in WRITES:
        rows = [r[case] for r in rounds.values() if case in r]
        if not rows:
            continue
        events = statistics.median(rate(row) for row in rows)
        mbs = statistics.median(row["bytes"] / row["seconds"] / 1e6 for row in rows)
        out.append(
            f"| {label} | {events:,.0f} | {mbs:.0f} | {fmt(median_ratio(rounds, case, 'pydantic_ref_dump'))}"
            f" | {fmt(median_ratio(rounds, case, 'pydantic_dump'))} |"
        )
    out.append("")
    out.append("| target | measured | |")
    out.append("|---|---:|---|")
    for case, base, goal, label in TARGETS:
        ratio = median_ratio(rounds, case, base)
        shown = fmt(ratio, "%" if goal < 1 else "×")
        verdict = "–" if ratio is None else ("met" if ratio >= goal else "missed")
        out.append(f"| {label} | {shown} | {verdict} |")
    out.extend(typescript_tables(rounds))
    codegen = results / "codegen.jsonl"
    if codegen.exists():
        out.append("")
        out.extend(codegen_table([json.loads(l) for l in codegen.read_text().splitlines() if l.strip()]))
    print("\n".join(out))


def codegen_table(rows: list[dict]) -> list[str]:
    out = ["| code generation (whole processes) | median wall s | ratio |", "|---|---:|---:|"]
    pairs = [r for r in rows if r["kind"] == "codegen"]
    if pairs:
        ours = statistics.median(r["ours"] for r in pairs)
        peers = statistics.median(r["peers"] for r in pairs)
        ratio = statistics.median(r["peers"] / r["ours"] for r in pairs)
        out.append(f"| `codegen`, every language × every schema version ({pairs[0]['ours_runs']} processes) | {ours:.3f} | 1 |")
        out.append(f"| datamodel-codegen + json2ts, same schemas ({pairs[0]['peers_runs']} processes) | {peers:.3f} | {ratio:.1f}× slower (paired) |")
        verdict = "met" if ratio >= 10 else "missed"
        out.append(f"| target: ≥ 10× faster | {ratio:.1f}× | {verdict} |")
    builds = [r["seconds"] for r in rows if r["kind"] == "incremental_build"]
    if builds:
        median = statistics.median(builds)
        verdict = "met" if median < 3 else "missed"
        out.append(f"| incremental `cargo build` after a schema edit (median of {len(builds)}) | {median:.2f} | target < 3 s: {verdict} |")
    return out


if __name__ == "__main__":
    main()
