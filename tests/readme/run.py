"""Runs every fenced code block of the READMEs as a newcomer would, so a snippet cannot drift from
the API: ``README.md``, ``generated/python/README.md`` and ``generated/typescript/README.md``.

Each ``rust``, ``python``, ``ts`` and ``sh`` block is run as written:

* ``rust``: a binary of a scratch crate (``target/readme/rust``) that depends on the project's
  crate by path and on ``serde_json`` and ``uuid`` (``v4``), as the README says a user's crate
  does; built in the project's ``target/`` (``CARGO_TARGET_DIR``), so nothing is built twice;
* ``python``: a file run by ``.venv``'s Python (the package installed), or by the framework
  integration's venv (``target/integrations/<name>``) when the block imports that framework;
* ``ts``: a module of a scratch npm project (``target/readme/ts``) with the package installed
  by path and KafkaJS, compiled by the pinned ``tsc --strict`` and run by Node;
* ``sh``: ``bash -euo pipefail`` in a scratch copy of the project (its tracked and
  untracked-but-not-ignored files), at the path and with the cargo target of the schema-edit
  test's copy (``target/schema-edit/``), so that its build is reused; a fresh venv first on
  ``PATH`` and brokers of its own (``KAFKA_STATE`` in the copy); the blocks of
  ``generated/typescript/README.md`` run in a consumer project (``target/readme/consumer``)
  with the copy at ``../workflow-events``, as that README says.

A block preceded by ``<!-- readme-test: skip: <reason> -->`` is not run (the reason is
printed); ``<!-- readme-test: omit <command>: <reason> -->`` drops the lines that start with
``<command>`` from the block; a block marked ``<!-- tested: <name> -->`` is tested as that
named block elsewhere (``tests/kafka/test_secured.py`` checks that it is). Blocks in other
languages (``text``, ``json``) are output, not code. Every block that runs must exit 0;
``KAFKA_BOOTSTRAP`` (a broker) is passed through when set.

Usage: .venv/bin/python tests/readme/run.py [LANG …]   (scripts/test runs it with the brokers
up, every language; naming languages, e.g. ``python ts``, runs only theirs)
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
WORK = REPO / "target" / "readme"
DOCUMENTS = ["README.md", "generated/python/README.md", "generated/typescript/README.md"]
LANGUAGES = {"rust", "python", "ts", "sh"}
TIMEOUT = 900


@dataclass
class Block:
    document: str
    line: int
    lang: str
    code: str
    skip: str | None
    tested: str | None

    @property
    def name(self) -> str:
        stem = re.sub(r"[^a-z0-9]+", "_", self.document.lower()).strip("_")
        return f"{stem}_{self.line}"

    @property
    def where(self) -> str:
        return f"{self.document}:{self.line}"


MARKER = re.compile(r"<!--\s*(readme-test:\s*(skip|omit)\s*(.*?)|tested:\s*(\S+))\s*-->")


def blocks(document: str) -> list[Block]:
    lines = (REPO / document).read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    i = 0
    while i < len(lines):
        fence = re.fullmatch(r"```(\w*)\s*", lines[i])
        if fence is None:
            i += 1
            continue
        end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), None)
        if end is None:
            raise SystemExit(f"{document}:{i + 1}: a code block that never ends")
        lang = fence.group(1)
        code = "\n".join(lines[i + 1 : end]) + "\n"
        skip = tested = None
        for back in range(max(0, i - 3), i):
            marker = MARKER.search(lines[back])
            if marker is None:
                continue
            if marker.group(4):
                tested = marker.group(4)
            elif marker.group(2) == "skip":
                skip = marker.group(3).lstrip(":").strip()
            else:
                command, _, reason = marker.group(3).partition(":")
                if not reason.strip():
                    raise SystemExit(f"{document}:{back + 1}: `omit` needs a reason after `:`")
                code = "\n".join(
                    ln for ln in code.splitlines() if not ln.strip().startswith(command.strip())
                ) + "\n"
        if lang in LANGUAGES:
            found.append(Block(document, i + 1, lang, code, skip, tested))
        i = end + 1
    return found


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, stdin: str | None = None) -> None:
    result = subprocess.run(
        cmd, cwd=cwd, env=env, input=stdin, text=True, capture_output=True, timeout=TIMEOUT, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"`{' '.join(cmd)}` exited {result.returncode}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )


def copy_project(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO, check=True, capture_output=True, text=True,
    ).stdout
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    # The pinned compiler codegen builds dist/ with, as scripts/test installed it.
    runtime = "codegen/runtime/typescript/node_modules"
    if (REPO / runtime).is_dir():
        (target / runtime).symlink_to(REPO / runtime)


# ---- per language --------------------------------------------------------------------------


Failures = list[str]


def attempt(block: Block, failures: Failures, step) -> None:  # type: ignore[no-untyped-def]
    try:
        step()
        print(f"ok    {block.where} ({block.lang})")
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        failures.append(block.where)
        print(f"FAIL  {block.where} ({block.lang}): {e}")


def run_rust(todo: list[Block], failures: Failures) -> None:
    crate = WORK / "rust"
    (crate / "src" / "bin").mkdir(parents=True, exist_ok=True)
    for old in (crate / "src" / "bin").glob("*.rs"):
        old.unlink()
    (crate / "Cargo.toml").write_text(
        "[package]\nname = \"readme-blocks\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n"
        "[workspace]\n\n[dependencies]\n"
        f"workflow-events = {{ path = {json.dumps(str(REPO))} }}\n"
        "serde_json = \"1\"\nuuid = { version = \"1\", features = [\"v4\"] }\n"
    )
    shutil.copy2(REPO / "Cargo.lock", crate / "Cargo.lock")
    for block in todo:
        (crate / "src" / "bin" / f"{block.name}.rs").write_text(block.code)
    env = dict(os.environ, CARGO_TARGET_DIR=str(REPO / "target"))
    for block in todo:
        attempt(block, failures, lambda: run(["cargo", "run", "--quiet", "--bin", block.name], crate, env))


def python_for(code: str) -> Path:
    for framework in ("fastapi", "langgraph", "airflow"):
        if re.search(rf"^\s*(from|import) {framework}\b", code, re.M):
            venv = REPO / "target" / "integrations" / framework / "bin" / "python"
            if not venv.exists():
                raise RuntimeError(f"{venv} is missing (tests/integrations/run.sh {framework} makes it)")
            return venv
    return REPO / ".venv" / "bin" / "python"


def run_python(todo: list[Block], failures: Failures) -> None:
    (WORK / "python").mkdir(parents=True, exist_ok=True)
    for block in todo:
        path = WORK / "python" / f"{block.name}.py"
        path.write_text(block.code)
        attempt(block, failures, lambda: run([str(python_for(block.code)), str(path)], WORK / "python"))


def run_typescript(todo: list[Block], failures: Failures) -> None:
    project = WORK / "ts"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    (project / "package.json").write_text('{ "name": "readme-ts", "private": true, "type": "module" }\n')
    run(["npm", "install", "--offline", "--no-audit", "--no-fund", "--loglevel=error",
         str(REPO / "generated" / "typescript")], project)
    tools = REPO / "tests" / "typescript" / "node_modules"
    for name in ("kafkajs", "@types"):
        (project / "node_modules" / name).symlink_to(tools / name)
    (project / "tsconfig.json").write_text(json.dumps({
        "compilerOptions": {
            "target": "ES2022", "lib": ["ES2022"], "module": "NodeNext", "moduleResolution": "NodeNext",
            "types": ["node"], "strict": True, "outDir": "out",
        },
        "include": ["*.mts"],
    }))
    for block in todo:
        (project / f"{block.name}.mts").write_text(block.code)
    try:
        run([str(tools / ".bin" / "tsc"), "-p", "tsconfig.json"], project)
    except RuntimeError as e:
        failures.extend(b.where for b in todo)
        print(f"FAIL  the TypeScript blocks do not compile (tsc --strict): {e}")
        return
    for block in todo:
        attempt(block, failures, lambda: run(["node", str(project / "out" / f"{block.name}.mjs")], project))


# The shell blocks run in the scratch copy of tests/schema_edit/run.py, with its cargo target:
# the same paths, so what that test built is reused (a separate copy would build the crate,
# codegen and their dependencies again: minutes and gigabytes).
COPY = REPO / "target" / "schema-edit" / "work"
COPY_TARGET = REPO / "target" / "schema-edit" / "target"


def run_shell(todo: list[Block], failures: Failures) -> None:
    copy = COPY
    copy_project(copy)
    consumer = WORK / "consumer"
    if consumer.exists():
        shutil.rmtree(consumer)
    consumer.mkdir(parents=True)
    (consumer / "package.json").write_text('{ "name": "consumer", "private": true }\n')
    beside = WORK / "workflow-events"  # the README's `../workflow-events`: the copy
    if beside.is_symlink() or beside.exists():
        beside.unlink()
    beside.symlink_to(copy)
    venv = WORK / "venv"
    if not venv.exists():
        run([sys.executable, "-m", "venv", str(venv)], WORK)
    env = dict(
        os.environ,
        PATH=f"{venv / 'bin'}:{os.environ['PATH']}",
        VIRTUAL_ENV=str(venv),
        CARGO_TARGET_DIR=str(COPY_TARGET),
        KAFKA_STATE=str(copy / "target" / "kafka" / "readme"),
    )
    for block in todo:
        cwd = consumer if block.document.startswith("generated/typescript") else copy
        attempt(block, failures, lambda: run(["bash", "-euo", "pipefail", "-c", block.code], cwd, env))


def main() -> int:
    WORK.mkdir(parents=True, exist_ok=True)
    every = [b for document in DOCUMENTS for b in blocks(document)]
    runnable: dict[str, list[Block]] = {lang: [] for lang in LANGUAGES}
    for block in every:
        if block.tested:
            print(f"named {block.where} ({block.lang}): tested as block `{block.tested}`")
        elif block.skip is not None:
            if not block.skip:
                raise SystemExit(f"{block.where}: a skipped block needs its reason")
            print(f"skip  {block.where} ({block.lang}): {block.skip}")
        else:
            runnable[block.lang].append(block)
    only = set(sys.argv[1:]) or LANGUAGES
    if not only <= LANGUAGES:
        raise SystemExit(f"usage: run.py [{' | '.join(sorted(LANGUAGES))} …]")
    for lang in LANGUAGES - only:
        for block in runnable[lang]:
            print(f"skip  {block.where} ({lang}): not asked for")
        runnable[lang] = []
    failures: Failures = []
    for lang, runner in (("python", run_python), ("ts", run_typescript), ("rust", run_rust), ("sh", run_shell)):
        if runnable[lang]:
            runner(runnable[lang], failures)
    ran = sum(len(v) for v in runnable.values())
    print(f"readme: {len(every)} blocks, {ran} run, {len(every) - ran} skipped or tested elsewhere")
    print(f"{ran - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
