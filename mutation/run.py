"""Mutation testing of the core with mutmut: plant small bugs one at a time, run the tests that reach
them, and list every mutant the tests miss.

Runs in a scratch copy (build/mutation), so the work tree is never mutated. Exits 1 when a mutant
survives that mutation/survivors.txt does not list with its reason.

    python mutation/run.py                                  # every module in mutation/modules.toml
    python mutation/run.py --modules api/domain/paymath.py api/auth.py
    python mutation/run.py --changed-since main             # the core modules a change touched
    python mutation/run.py --unverified                     # the core modules changed since they last passed
"""

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.stats import (
    status_by_exit_code,  # mutmut's own reading of its exit codes (version pinned)
)

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "mutation"
WORK = Path(os.environ.get("MUTATION_WORK") or ROOT / "build" / "mutation")  # scratch copy; one per concurrent run
COPIED = ["api", "tests", "migrations", "seeds", "openapi.yaml", "pyproject.toml"]
KILLED = {"killed", "timeout"}  # a mutant that makes the tests hang is caught too
VERIFIED = HERE / "verified.toml"  # each module's source as it was when its every survivor was killed or listed


def core() -> dict[str, list[str]]:
    return tomllib.loads((HERE / "modules.toml").read_text())["modules"]


def built_at_import(modules: list[str]) -> list[str]:
    """Those of `modules` whose functions run while the app is built (see mutation/built_at_import.py)."""
    listed = tomllib.loads((HERE / "modules.toml").read_text())["built_at_import"]["modules"]
    return [module for module in modules if module in listed]


def changed_modules(ref: str) -> list[str]:
    """Core modules changed since the merge base with `ref` (work tree included)."""
    base = subprocess.run(["git", "merge-base", ref, "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    changed = subprocess.run(
        ["git", "diff", "--name-only", base.stdout.strip()], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [module for module in core() if module in changed]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def verified() -> dict[str, str]:
    """{module: sha-256 of its source when a run last left no unlisted survivor}."""
    return tomllib.loads(VERIFIED.read_text())["verified"] if VERIFIED.exists() else {}


def unverified() -> list[str]:
    """Core modules whose source differs from the one their last passing run mutated (a change touched them)."""
    record = verified()
    return [module for module in core() if record.get(module) != digest(ROOT / module)]


def record_verified(modules: list[str]) -> None:
    """After a passing run: the sources it mutated (the scratch copy's) are verified."""
    record = {**verified(), **{module: digest(WORK / module) for module in modules}}
    lines = [
        "# Written by mutation/run.py after a run leaves no unlisted survivor: the sha-256 of each core module's",
        "# source as that run mutated it. `--unverified` (CI) runs the modules whose source differs: a change",
        "# touched them since. Commit it with the survivors.txt lines the run asked for.",
        "",
        "[verified]",
        *(f'"{module}" = "{record[module]}"' for module in sorted(record)),
    ]
    VERIFIED.write_text("\n".join(lines) + "\n")


def prepare(modules: list[str], tests_from: str | None, again: bool = False) -> list[str]:
    """The scratch copy with its [tool.mutmut] section; returns the test files selected. `again`: keep
    the last run's copy and record, and bring in today's tests (and pyproject.toml) only."""
    if not again:
        shutil.rmtree(WORK, ignore_errors=True)
        WORK.mkdir(parents=True)
    for name in ["tests", "pyproject.toml"] if again else COPIED:
        source = ROOT / name
        targets = [WORK / name, WORK / "mutants" / name] if again else [WORK / name]
        for target in targets:
            if source.is_dir():
                shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"), dirs_exist_ok=True)
            else:
                shutil.copy2(source, target)
    if tests_from:  # the tests as they were at another commit, against today's code ("before" figures)
        shutil.rmtree(WORK / "tests")
        archive = subprocess.run(["git", "archive", tests_from, "tests"], cwd=ROOT, capture_output=True, check=True)
        subprocess.run(["tar", "-x", "-C", str(WORK)], input=archive.stdout, check=True)
    mapping = core()
    tests = sorted({test for module in modules for test in mapping[module] if (WORK / test).exists()})
    settings = {
        "source_paths": ["api"],
        "only_mutate": modules,
        "also_copy": ["migrations", "seeds", "openapi.yaml"],
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-q", "-x", "--timeout=120"],
        "pytest_add_cli_args_test_selection": tests,
    }
    if built_at_import(modules):  # a fresh import per mutant, so mutated decorators run
        settings.update(process_isolation="forkserver", forkserver_warmup="none")
    lines = ["", "[tool.mutmut]"] + [f"{key} = {json.dumps(value)}" for key, value in settings.items()]
    with open(WORK / "pyproject.toml", "a", encoding="utf-8") as pyproject:
        pyproject.write("\n".join(lines) + "\n")
    return tests


def environment() -> dict[str, str]:
    """SQLite only (the mutated code is the same on both databases), the shared data where it lives."""
    env = {key: value for key, value in os.environ.items() if key != "TEST_DATABASE_URL"}
    return {**env, "TEST_BACKENDS": "sqlite", "SHARED_DIR": str(ROOT.parent / "shared"), "PYTHONHASHSEED": "0"}


def exit_codes(module: str) -> dict[str, int | None]:
    """{mutant: mutmut's exit code} from its record in the scratch copy."""
    meta = WORK / "mutants" / f"{module}.meta"
    return json.loads(meta.read_text())["exit_code_by_key"] if meta.exists() else {}


def results(modules: list[str]) -> dict[str, dict[str, str]]:
    """{module: {mutant: status}} from mutmut's record in the scratch copy."""
    return {
        module: {name: status_by_exit_code[code] for name, code in exit_codes(module).items()} for module in modules
    }


def keep_killed(before: dict[str, dict[str, int | None]]) -> None:
    """After re-running survivors: the mutants killed before stay killed (mutmut forgets every verdict when
    the test selection changes; more tests cannot bring a killed mutant back)."""
    for module, codes in before.items():
        meta = WORK / "mutants" / f"{module}.meta"
        record = json.loads(meta.read_text())
        for name, code in codes.items():
            if status_by_exit_code[code] in KILLED:
                record["exit_code_by_key"][name] = code
        meta.write_text(json.dumps(record))


def mutated_line(name: str) -> str:
    """The mutant's changed line(s), after the change, as `mutmut show` prints them (run inside WORK)."""
    from mutmut.__main__ import find_mutant
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    diff = get_diff_for_mutant(name, path=find_mutant(name).path).splitlines()
    return " / ".join(line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++"))


def listed() -> dict[str, tuple[str, str]]:
    """survivors.txt: `mutant | mutated line | why it is kept`, one a line."""
    kept = {}
    for line in (HERE / "survivors.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, rest = line.split(" | ", 1)
            change, why = rest.rsplit(" | ", 1)
            kept[name.strip()] = (change.strip(), why.strip())
    return kept


def report(found: dict[str, dict[str, str]]) -> int:
    """Print the figures per module and each survivor; how many survivors are not listed."""
    kept, unlisted = listed(), 0
    print(f"\n{'module':30} {'mutants':>8} {'killed':>7} {'survived':>9} {'listed':>7}")
    survivors = []
    for module, statuses in found.items():
        counts = Counter(statuses.values())
        alive = [name for name, status in statuses.items() if status not in KILLED]
        listed_here = [name for name in alive if name in kept]
        print(
            f"{module:30} {len(statuses):>8} {counts['killed'] + counts['timeout']:>7} {len(alive):>9} "
            f"{len(listed_here):>7}"
        )
        survivors += [(name, statuses[name]) for name in alive]
    for name, status in survivors:
        change = mutated_line(name)
        if name in kept and kept[name][0] == change:
            print(f"  kept      {name} | {change} | {kept[name][1]}")
        else:
            unlisted += 1
            print(f"  SURVIVED  {name} ({status}) | {change}")
    prefixes = tuple(
        module.removesuffix(".py").replace("/", ".") + ".x" for module, statuses in found.items() if statuses
    )
    for name in sorted(set(kept) - {name for name, _ in survivors}):
        if any(name in statuses for statuses in found.values()):
            print(f"  stale     {name}: killed now; drop it from survivors.txt")
        elif name.startswith(prefixes):  # the function was edited or moved: no mutant has this name now
            print(f"  stale     {name}: no such mutant now; drop it from survivors.txt")
    return unlisted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--modules", nargs="*", help="core modules to mutate (default: all in modules.toml)")
    parser.add_argument("--changed-since", help="add the core modules changed since the merge base with this ref")
    parser.add_argument("--tests-from", help="run the tests of this commit instead (for before/after figures)")
    parser.add_argument("--report-only", action="store_true", help="report the last run again, without running")
    parser.add_argument(
        "--survivors", action="store_true", help="re-run only the last run's survivors, with today's tests"
    )
    parser.add_argument(
        "--unverified", action="store_true", help="add the core modules changed since their last passing run"
    )
    parser.add_argument("--jobs", type=int, default=int(os.environ.get("MUTATION_JOBS", "2")))
    args = parser.parse_args()
    modules = list(args.modules or [])
    if args.changed_since:
        modules += [module for module in changed_modules(args.changed_since) if module not in modules]
    if args.unverified:
        modules += [module for module in unverified() if module not in modules]
    if not modules and not (args.changed_since or args.unverified):
        modules = list(core())
    unknown = [module for module in modules if module not in core()]
    if unknown:
        parser.error(f"not in mutation/modules.toml: {' '.join(unknown)}")
    if not modules:
        print("mutation: no core module to test")
        return 0
    if not args.report_only:
        before = {module: exit_codes(module) for module in modules} if args.survivors else {}
        again = [
            name for codes in before.values() for name, code in codes.items() if status_by_exit_code[code] not in KILLED
        ]
        if args.survivors and not again:
            print("mutation: no survivors to re-run")
            args.report_only = True
    if not args.report_only:
        tests = prepare(modules, args.tests_from, again=args.survivors)
        print(f"mutation: {' '.join(modules)}\n  tests: {' '.join(tests)}", flush=True)
        fresh = built_at_import(modules)
        command = (
            [str(HERE / "built_at_import.py"), ",".join(m.removesuffix(".py").replace("/", ".") + "." for m in fresh)]
            if fresh
            else ["-m", "mutmut"]
        )
        with open(WORK / "mutmut.log", "w") as log:
            run = subprocess.run(
                [sys.executable, *command, "run", "--max-children", str(args.jobs), *again],
                check=False,
                cwd=WORK,
                env=environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if run.returncode:
            print((WORK / "mutmut.log").read_text()[-4000:])
            return run.returncode
        keep_killed(before)
    os.chdir(WORK)  # mutmut reads its settings and its record from the current directory
    unlisted = report(results(modules))
    if unlisted:
        print(
            f"\n{unlisted} surviving mutant(s) not in mutation/survivors.txt: kill them with a test, or list "
            "each with why it is equivalent or harmless."
        )
        return 1
    if not args.tests_from:
        record_verified(modules)
    return 0


if __name__ == "__main__":
    sys.exit(main())
