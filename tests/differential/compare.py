"""The comparer of the differential test (see README.md): every case must get the same answer
from Rust, Python and TypeScript — the same verdict, the same ``[{type, loc}]`` list in the same
order when rejected, the same output string when accepted.

Usage: compare.py CASES.jsonl rust.jsonl python.jsonl typescript.jsonl

Prints the counts (cases, accepted, rejected, agreeing, excluded with their reason,
disagreeing) and, for each class of disagreement, examples with each language's answer. Exits 1
on any disagreement that is not excluded below (``DIFFERENTIAL_STRICT=1``: on the open ones too),
2 on unusable input files.

Values a default factory makes up (``event_id``: a random UUID v4, ``timestamp``: now) cannot be
equal across processes: where the input has no such property, the output's value is replaced by
``<uuid4>`` / ``<now>`` before comparing, but only when it has the form the contract asks for
(lower-case hyphenated UUID v4; UTC with ``Z``, six fractional digits or none); anything else is
compared as it is, and so disagrees.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

LANGUAGES = ("rust", "python", "typescript")
sys.set_int_max_str_digits(0)  # the inputs' integers are read whole, however long

Answer = dict[str, Any]
Case = dict[str, Any]

# ---- exclusions: every case left out of the comparison is named here, with its reason ----------
#
# An entry is (reason, language, adjust): ``adjust(case, answer)`` returns None where the entry
# does not apply, EXCUSED to leave that language's answer out of this case's comparison, or a
# changed answer to compare instead. A case whose answers agree only after adjusting is counted
# under each reason that applied; the languages not excused must still agree exactly.
EXCUSED: Answer = {"excused": True}
Adjust = Callable[[Case, Answer], "Answer | None"]

# Documented limits (README.md "Known limits of agreement", generated/typescript/README.md):
# JavaScript numbers built in code and JSON.parse'd values lose precision. Neither applies here —
# every reader gets the input's bytes — so no documented limit excludes any case.
DOCUMENTED: list[tuple[str, str, Adjust]] = []

def errors_of(answer: Answer) -> list[tuple[str, tuple[Any, ...]]] | None:
    if answer.get("ok") is False and "errors" in answer:
        return [(e["type"], tuple(e["loc"])) for e in answer["errors"]]
    return None


# Known open disagreements: found by this test, not decided yet (the lead decides; see README.md).
# Each entry is ("open: <reason>", language, adjust). None is open: the four this test found (Rust
# refusing integers beyond a double's range, Python refusing integer parts over 4300 characters,
# Python's finite_number in a value a repeated key replaced, Rust's finite_number inside a value
# with a type error) were fixed in the readers, with corpus files and pinned tests for each.
OPEN: list[tuple[str, str, Adjust]] = []


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    try:
        with path.open(encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{path}:{n}: not JSON: {e}") from e
                if not isinstance(row, dict) or not isinstance(row.get("id"), str):
                    raise SystemExit(f"{path}:{n}: /id: expected an object with a string id")
                rows.append(row)
    except OSError as e:
        raise SystemExit(f"{path}: {e}") from e
    return rows


UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
NOW = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z")


def top_level_keys(data: bytes) -> set[str] | None:
    """The input's top-level property names, or ``None`` when Python's lenient ``json`` cannot
    read it as an object."""
    try:
        value = json.loads(data.decode("utf-8"), object_pairs_hook=lambda pairs: dict(pairs))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return set(value) if isinstance(value, dict) else None


def mask_generated(output: str, keys: set[str] | None) -> str:
    if keys is None:
        return output
    if "event_id" not in keys:
        m = re.match(r'\{"event_id":"([^"]*)"', output)
        if m and UUID4.fullmatch(m.group(1)):
            output = output[: m.start(1)] + "<uuid4>" + output[m.end(1) :]
    if "timestamp" not in keys:
        m = re.search(r',"timestamp":"([^"]*)"', output)
        if m and NOW.fullmatch(m.group(1)):
            output = output[: m.start(1)] + "<now>" + output[m.end(1) :]
    return output


def normalize(lang: str, answer: Answer, keys: set[str] | None) -> tuple[Any, ...]:
    """What must be equal across languages (a crash never is: it is a bug wherever it happens)."""
    if "crash" in answer:
        return ("crash", lang)
    if answer.get("ok") is True:
        # parse_any's answers name the version that read the input: it must agree too.
        return ("accepted", answer.get("version"), mask_generated(answer["output"], keys))
    return ("rejected", tuple((e["type"], tuple(e["loc"])) for e in answer["errors"]))


def short(answer: Answer, limit: int = 400) -> str:
    if "crash" in answer:
        text = f"CRASH {answer['crash']}"
    elif answer.get("ok"):
        text = f"accepted {'v' + answer['version'] + ' ' if 'version' in answer else ''}{answer['output']}"
    else:
        text = "rejected " + json.dumps([[e["type"], e["loc"]] for e in answer["errors"]])
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def klass(case: Case, answers: dict[str, Answer], norm: dict[str, tuple[Any, ...]]) -> str:
    """A name for the kind of disagreement: who differs, how, and which mutations made it."""
    groups: dict[tuple[Any, ...], list[str]] = defaultdict(list)
    for lang in LANGUAGES:
        groups[norm[lang]].append(lang)
    parts = []
    for value, langs in groups.items():
        if value[0] == "rejected":
            what = "rejected:" + ",".join(sorted({t for t, _ in value[1]}))
        else:
            what = value[0]
        parts.append(f"{'+'.join(langs)} {what}")
    mutations = ",".join(sorted({m.split(":")[0] for m in case["mutations"][1:]})) or "example"
    return f"[{mutations}] " + " | ".join(parts)


def example(case: Case, by_lang: dict[str, Answer], input_limit: int, answer_limit: int) -> str:
    data = bytes.fromhex(case["hex"])
    shown = repr(data) if len(data) <= input_limit else repr(data[:input_limit]) + f"… ({len(data)} bytes)"
    return f"    {case['id']} {case['mutations']}\n      input: {shown}\n" + "".join(
        f"      {lang:<10}: {short(by_lang[lang], answer_limit)}\n" for lang in LANGUAGES
    )


def main() -> int:
    if len(sys.argv) != 5:
        print("usage: compare.py CASES.jsonl rust.jsonl python.jsonl typescript.jsonl", file=sys.stderr)
        return 2
    cases = read_jsonl(Path(sys.argv[1]))
    answers: dict[str, dict[str, Answer]] = {}
    for lang, name in zip(LANGUAGES, sys.argv[2:]):
        rows = read_jsonl(Path(name))
        answers[lang] = {row["id"]: row for row in rows}
        if len(rows) != len(cases) or set(answers[lang]) != {c["id"] for c in cases}:
            print(f"{name}: {len(rows)} answers for {len(cases)} cases (ids differ)", file=sys.stderr)
            return 2
    counts: dict[str, int] = defaultdict(int)
    excluded: dict[str, int] = defaultdict(int)
    open_: dict[str, int] = defaultdict(int)
    first_example: dict[str, str] = {}
    failures: dict[str, list[str]] = defaultdict(list)
    per_version: dict[str, int] = defaultdict(int)
    for case in cases:
        per_version[case["version"]] += 1
        by_lang = {lang: answers[lang][case["id"]] for lang in LANGUAGES}
        keys = top_level_keys(bytes.fromhex(case["hex"]))
        norm = {lang: normalize(lang, by_lang[lang], keys) for lang in LANGUAGES}
        counts["cases"] += 1
        if len(set(norm.values())) == 1:
            counts["agreeing"] += 1
            counts[norm["rust"][0]] += 1
            if norm["rust"][0] == "accepted" and ('"<uuid4>"' in norm["rust"][2] or '"<now>"' in norm["rust"][2]):
                counts["accepted with generated values masked"] += 1
            continue
        applied: list[tuple[bool, str]] = []
        adjusted = dict(by_lang)
        for documented, entries in ((True, DOCUMENTED), (False, OPEN)):
            for reason, lang, adjust in entries:
                changed = adjust(case, adjusted[lang])
                if changed is not None:
                    adjusted[lang] = changed
                    applied.append((documented, reason))
        remaining = {normalize(lang, a, keys) for lang, a in adjusted.items() if a is not EXCUSED}
        if applied and len(remaining) <= 1:
            for documented, reason in applied:
                (excluded if documented else open_)[reason] += 1
                first_example.setdefault(reason, example(case, by_lang, 300, 200))
            if any(documented for documented, _ in applied):
                counts["excluded documented"] += 1
            else:
                counts["excluded open"] += 1
            continue
        failures[klass(case, by_lang, norm)].append(example(case, by_lang, 700, 400))
    disagreeing = sum(len(v) for v in failures.values())
    print("differential: " + ", ".join(f"v{v} {n} cases" for v, n in per_version.items()))
    print(
        f"differential: {counts['cases']} cases: {counts['agreeing']} agreeing ({counts['accepted']} accepted,"
        f" {counts['rejected']} rejected, {counts['accepted with generated values masked']} of the accepted"
        f" with a generated event_id/timestamp masked), {counts['excluded documented']} excluded as documented"
        f" limits, {counts['excluded open']} excluded as known open, {disagreeing} disagreeing"
    )
    for reason, n in sorted(excluded.items()):
        print(f"  excluded (documented) {n}: {reason}\n  e.g. {first_example[reason].lstrip()}", end="")
    for reason, n in sorted(open_.items()):
        print(f"  excluded {n}: {reason}\n  e.g. {first_example[reason].lstrip()}", end="")
    for name, examples in sorted(failures.items(), key=lambda kv: -len(kv[1])):
        print(f"\nDISAGREEMENT {len(examples)}x {name}")
        for text in examples[:3]:
            print(text, end="")
    if disagreeing:
        return 1
    if open_ and os.environ.get("DIFFERENTIAL_STRICT") == "1":
        print("differential: DIFFERENTIAL_STRICT=1 and known open disagreements remain", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
