"""Code-generation timing for scripts/bench-vs-pydantic: whole processes, paired rounds.

Usage: bench-codegen.py <rounds> <ours.json> <peers.json> >> codegen.jsonl, where each JSON
file holds a list of commands (argv lists); a side's time is the wall time of running all of
its commands one after the other. Rounds alternate ours / peers; one JSON line per round.
Also: bench-codegen.py build <rounds> <file to touch> <cargo argv...>: touches the file, times
the cargo build, one JSON line per round.
"""

from __future__ import annotations

import json
import os
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
        rounds, touched, cargo = int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4:]
        subprocess.run(cargo, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(rounds):
            os.utime(touched)
            seconds = run_all([cargo])
            print(json.dumps({"kind": "incremental_build", "seconds": seconds}), flush=True)
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
