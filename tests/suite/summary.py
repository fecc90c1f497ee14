"""Counts and checks of the JSON Schema Test Suite run (``tests/suite/README.md``).

Reads ``tests/suite/cases.json`` (the verdicts the project promises) and the verdicts of each
language named on the command line (``target/suite/<lang>.json``, written by the Rust test,
``run_python.py`` and ``run_typescript.mjs``), prints the counts (groups accepted; cases right,
too lax, too strict, crashed per language; the same per suite file, which is per keyword) and
writes them as Markdown to ``target/suite/summary.md``.

Fails (exit 1) when a case gets a wrong verdict in any language, when the languages do not
refuse the same groups, or when a refusal does not name the wrapped file, a JSON pointer and a
keyword.
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
HERE = REPO / "tests" / "suite"
OUT = REPO / "target" / "suite"
KINDS = ("right", "too lax", "too strict", "crash")


def judge(expected: bool, verdict: str) -> str:
    if verdict == "accepted":
        return "right" if expected else "too lax"
    if verdict == "refused":
        return "too strict" if expected else "right"
    return "crash"


def main(langs: list[str]) -> int:
    document = json.loads((HERE / "cases.json").read_text("utf-8"))
    groups: dict[str, Any] = document["groups"]
    results = {lang: json.loads((OUT / f"{lang}.json").read_text("utf-8")) for lang in langs}
    problems: list[str] = []

    accepted: set[str] = set()
    refusals: dict[str, dict[str, Any]] = {}
    for ident in groups:
        generated = {lang: results[lang].get(ident, {}).get("generated") for lang in langs}
        if len(set(generated.values())) != 1:
            problems.append(f"{ident}: generated in some languages only: {generated}")
        if all(generated.values()):
            accepted.add(ident)
            continue
        for lang in langs:
            outcome = results[lang].get(ident, {})
            if outcome.get("generated"):
                continue
            if "crash" in outcome:
                problems.append(f"{ident}: {lang}: {outcome['crash']}")
            elif outcome.get("file") != f"tests/suite/wrapped/{ident}.json" or not outcome.get("keyword"):
                problems.append(f"{ident}: {lang}: the refusal does not name the file and keyword: {outcome}")
            else:
                refusals.setdefault(ident, outcome)

    counts = {lang: collections.Counter() for lang in langs}
    by_file: dict[str, dict[str, Any]] = {}
    for ident, group in groups.items():
        row = by_file.setdefault(group["file"], {"groups": 0, "accepted": 0, "cases": 0,
                                                 **{lang: 0 for lang in langs}})
        row["groups"] += 1
        if ident not in accepted:
            continue
        row["accepted"] += 1
        row["cases"] += len(group["cases"])
        for lang in langs:
            outcome = results[lang][ident]
            verdicts = outcome.get("verdicts")
            if verdicts is None or len(verdicts) != len(group["cases"]):
                problems.append(f"{ident}: {lang}: no verdicts ({outcome.get('crash', outcome)})")
                counts[lang]["crash"] += len(group["cases"])
                continue
            for case, verdict in zip(group["cases"], verdicts):
                kind = judge(case["valid"], verdict)
                counts[lang][kind] += 1
                if kind == "right":
                    row[lang] += 1
                else:
                    problems.append(
                        f"{ident} ({group['file']}: {group['group']} / {case['description']}): "
                        f"{lang} {kind}: {verdict}; data {json.dumps(case['data'])[:120]}"
                    )

    # The seeded numeric groups (sweep.py) are the project's own: every one must be accepted,
    # and they are counted apart from the suite's.
    sweep = {i for i, g in groups.items() if g.get("sweep")}
    problems += [f"{i}: a sweep group is refused" for i in sorted(sweep - accepted)]
    accepted -= sweep
    wrappable = len(groups) - len(sweep)
    total_groups = wrappable + len(document["not_wrappable"])
    cases_accepted = sum(len(groups[i]["cases"]) for i in accepted)
    sweep_cases = sum(len(groups[i]["cases"]) for i in sweep)
    lines = [
        (
            f"JSON Schema Test Suite (draft 2020-12 + optional/format uuid, date, date-time): "
            f"{total_groups} groups, {wrappable} wrappable"
        ),
        (
            f"groups accepted: {len(accepted)} of {wrappable} ({100 * len(accepted) / wrappable:.1f} %), "
            f"{cases_accepted} cases; and {len(sweep)} seeded multipleOf/bounds groups (sweep.py), "
            f"{sweep_cases} cases"
        ),
        "",
        "| language | " + " | ".join(KINDS) + " |",
        "|---|" + "---:|" * len(KINDS),
    ]
    for lang in langs:
        lines.append(f"| {lang} | " + " | ".join(str(counts[lang][k]) for k in KINDS) + " |")
    lines += ["", "| suite file | groups accepted | cases | " + " | ".join(f"{lang} right" for lang in langs) + " |",
              "|---|---:|---:|" + "---:|" * len(langs)]
    for name in sorted(by_file):
        row = by_file[name]
        lines.append(f"| {name} | {row['accepted']} of {row['groups']} | {row['cases']} | "
                     + " | ".join(str(row[lang]) for lang in langs) + " |")
    reasons = collections.Counter(r["keyword"] for r in refusals.values())
    lines += ["", "refused groups by keyword: " + ", ".join(f"`{k}` {n}" for k, n in reasons.most_common())]
    text = "\n".join(lines) + "\n"
    print(text)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "summary.md").write_text(text, "utf-8")
    (OUT / "refusals.txt").write_text(
        "".join(f"{i}: {r['pointer']}: `{r['keyword']}`: {r['message']}\n" for i, r in sorted(refusals.items())),
        "utf-8",
    )
    if problems:
        print(f"{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["rust", "python", "typescript"]))
