"""Code-generation timing for scripts/bench-vs-pydantic: whole processes, paired rounds.

Usage: bench-codegen.py <rounds> <ours.json> <peers.json> >> codegen.jsonl, where each JSON
file holds a list of commands (argv lists); a side's time is the wall time of running all of
its commands one after the other. Rounds alternate ours / peers; one JSON line per round.
Also: bench-codegen.py build <rounds> <schema file> <cargo argv...>: edits the schema (a
description, so the generated code changes; undone in the next round), times the cargo build,
one JSON line per round, and restores the file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path


def run_all(commands: list[list[str]]) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    if sys.argv[1] == "build":
        rounds, schema, cargo = int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:]
        original = schema.read_bytes()
        # An edit that changes the generated code (a doc comment), undone in the next round;
        # the file is restored whatever happens.
        edited = original.replace(b'"description": "', b'"description": "Edited. ', 1)
        if edited == original:
            sys.exit(f"{schema}: no description to edit")
        try:
            subprocess.run(cargo, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for i in range(rounds):
                schema.write_bytes(edited if i % 2 == 0 else original)
                seconds = run_all([cargo])
                print(json.dumps({"kind": "incremental_build", "seconds": seconds}), flush=True)
        finally:
            schema.write_bytes(original)
        return
    rounds = int(sys.argv[1])
    ours = json.loads(Path(sys.argv[2]).read_text())
    peers = json.loads(Path(sys.argv[3]).read_text())
    run_all(ours)
    run_all(peers)  # warm-up: file caches, interpreters
    for _ in range(rounds):
        a = run_all(ours)
        b = run_all(peers)
        print(json.dumps({"kind": "codegen", "ours": a, "peers": b,
                          "ours_runs": len(ours), "peers_runs": len(peers)}), flush=True)


if __name__ == "__main__":
    main()
