"""`make mutants`: mutation checks on the modules that hold the product's promises.

For each group in promises.toml, mutmut copies the code into a scratch folder
(.mutants/<group>/, git-ignored and made anew on every run, so no earlier state is used),
plants one small bug at a time in the group's modules, and runs the group's own fast tests
that call the changed function. A mutant the tests catch is killed. One they let through
must be listed: in equivalent.txt when it cannot change behaviour, with one line saying why,
or in survivors.txt when it is a real gap not yet closed. The run fails on a survivor in
neither list, on a listed mutant that is now killed or no longer exists, and on a module
with fewer than 90% of its non-equivalent mutants killed.

    python -m tests.mutants.run                 every group
    python -m tests.mutants.run --changed       only groups changed since the baseline commit
    python -m tests.mutants.run --group identity --group releases
    python -m tests.mutants.run --record-baseline   after a full, clean run: remember HEAD
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import resource
import shutil
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "tests" / "mutants"
WORK = ROOT / ".mutants"
BASELINE = HERE / "baseline"
FLOOR = 0.90  # the share of non-equivalent mutants each module's tests must kill
LINKED = ("workshop", "tests", "templates", "static", "migrations")
# Whatever changes every group's result, besides its own modules, tests and `watch` paths.
SHARED = (
    "pyproject.toml",
    "migrations/",
    "tests/conftest.py",
    "tests/helpers.py",
    "tests/mutants/run.py",
    "tests/mutants/promises.toml",
    "tests/mutants/equivalent.txt",
    "tests/mutants/survivors.txt",
)
# mutmut's exit codes: 1 and 3 are a failing test run; the others are a run stopped for
# using too much CPU time (a mutant that made the code loop) or killed by a signal.
KILLED = {1, 3}
TIMED_OUT = {36, 24, -24, 152, 255, -9, -11}
# pytest plugins a mutant's run does without: each of the first two runs gc.collect() at
# the end of every session, which in a process forked from a big one costs about a second.
PYTEST_ARGS = ["-p", "no:cacheprovider", "-p", "no:unraisableexception", "-p", "no:threadexception"]


@dataclass
class Group:
    name: str
    promise: str
    modules: list[str]
    tests: list[str]
    functions: list[str] = field(default_factory=list)
    watch: list[str] = field(default_factory=list)

    def paths(self) -> list[str]:
        return [*self.modules, *self.tests, *self.watch, *SHARED]


@dataclass
class Outcome:
    """One module's mutants after a run: name -> 'killed', 'timeout', 'survived', 'no tests', ..."""

    module: str
    status: dict[str, str]
    seconds: float = 0.0


def groups() -> list[Group]:
    return [Group(**g) for g in tomllib.loads((HERE / "promises.toml").read_text())["group"]]


def listed(name: str) -> dict[str, str]:
    """equivalent.txt or survivors.txt: `mutant name: one line of reasoning`, # comments."""
    entries = {}
    for number, line in enumerate((HERE / name).read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        mutant, _, reason = line.partition(": ")
        if not reason.strip():
            sys.exit(f"{name}:{number}: every listed mutant needs a reason after ': '")
        entries[mutant.strip()] = reason.strip()
    return entries


def mutmut_config(group: Group) -> str:
    def toml_list(items: list[str]) -> str:
        return "[" + ", ".join(json.dumps(item) for item in items) + "]"

    return f"""
[tool.mutmut]
source_paths = ["workshop"]
only_mutate = {toml_list(group.modules)}
also_copy = ["templates", "static", "migrations"]
pytest_add_cli_args_test_selection = {toml_list(group.tests)}
pytest_add_cli_args = {toml_list(PYTEST_ARGS)}
use_git_change_detection = false
"""


def prepare(group: Group) -> Path:
    """A scratch folder that looks like the project to mutmut: links to the code and tests,
    and the project's pyproject.toml with this group's [tool.mutmut] section."""
    folder = WORK / group.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for name in LINKED:
        (folder / name).symlink_to(ROOT / name, target_is_directory=True)
    (folder / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text() + mutmut_config(group))
    return folder


def run_group(group: Group, jobs: int) -> tuple[list[Outcome], float, float]:
    """Run mutmut for one group; its modules' outcomes, wall seconds and CPU seconds."""
    folder = prepare(group)
    mutmut = Path(sys.executable).with_name("mutmut")
    env = {k: v for k, v in os.environ.items() if k != "TEST_DATABASE_URL"}  # SQLite: fast, and no shared server
    log = folder / "mutmut.log"
    print(f"== {group.name}: {group.promise}", flush=True)
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    with log.open("w") as out:
        done = subprocess.run(
            [str(mutmut), "run", "--max-children", str(jobs), *group.functions],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.monotonic() - started
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        print(log.read_text()[-4000:])
        sys.exit(f"mutmut failed for {group.name} (exit {done.returncode}); its log is {log}")
    return [read_outcome(folder, group, module) for module in group.modules], wall, cpu


def read_outcome(folder: Path, group: Group, module: str) -> Outcome:
    from mutmut.stats import status_by_exit_code

    meta = json.loads((folder / "mutants" / f"{module}.meta").read_text())
    status, seconds = {}, 0.0
    for name, code in meta["exit_code_by_key"].items():
        if group.functions and not any(fnmatch.fnmatch(name, pattern) for pattern in group.functions):
            continue
        if code in KILLED:
            status[name] = "killed"
        elif code in TIMED_OUT:
            status[name] = "timeout"
        elif code is None:
            sys.exit(f"{name} was never checked: the run of {group.name} did not finish")
        else:
            status[name] = status_by_exit_code[code]
        seconds += meta.get("durations_by_key", {}).get(name) or 0.0
    return Outcome(module, status, seconds)


def show(group: Group, name: str) -> str:
    mutmut = Path(sys.executable).with_name("mutmut")
    done = subprocess.run(
        [str(mutmut), "show", name], cwd=WORK / group.name, capture_output=True, text=True, check=False
    )
    return done.stdout.strip()


def judge(results: list[tuple[Group, Outcome]]) -> tuple[list[str], list[str]]:
    """The table rows (markdown) and the problems that fail the run."""
    equivalent, survivors = listed("equivalent.txt"), listed("survivors.txt")
    rows = [
        "| module | killed | survived (known gaps) | equivalent | total | score | test time |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    problems = []
    for group, outcome in results:
        prefix = outcome.module.removesuffix(".py").replace("/", ".") + "."
        mine = {name for name in {*equivalent, *survivors} if name.startswith(prefix)}
        if group.functions:
            mine = {name for name in mine if any(fnmatch.fnmatch(name, p) for p in group.functions)}
        for name in sorted(mine - outcome.status.keys()):
            problems.append(f"{name} is listed but no longer exists: remove it from its list")
        killed = equal = gaps = 0
        for name, state in sorted(outcome.status.items()):
            caught = state in ("killed", "timeout")
            if name in equivalent or name in survivors:
                if caught:
                    which = "equivalent.txt" if name in equivalent else "survivors.txt"
                    problems.append(f"{name} is listed in {which} but the tests kill it now: remove it")
                    killed += 1
                elif name in equivalent:
                    equal += 1
                else:
                    gaps += 1
                continue
            if caught:
                killed += 1
            else:
                problems.append(f"{name} {state}, and is in neither list:\n{show(group, name)}")
                gaps += 1
        total = len(outcome.status)
        counted = total - equal
        score = killed / counted if counted else 1.0
        if score < FLOOR:
            problems.append(f"{outcome.module}: {score:.1%} of its non-equivalent mutants killed, below {FLOOR:.0%}")
        rows.append(
            f"| `{outcome.module}` | {killed} | {gaps} | {equal} | {total} | {score:.1%} | {outcome.seconds:.0f} s |"
        )
    return rows, problems


def changed_groups(all_groups: list[Group]) -> list[Group]:
    """Groups with a module, test or watched path changed since the baseline commit; every
    group when the baseline is not in this clone's history; none before any full run has
    passed (there is nothing yet to hold a change to)."""
    if not BASELINE.exists():
        print(
            "no baseline yet: no full `make mutants` run has passed and been recorded "
            "(python -m tests.mutants.run --record-baseline), so no group is held to it"
        )
        return []
    base = BASELINE.read_text().split()[0]
    known = (
        base and subprocess.run(["git", "cat-file", "-e", f"{base}^{{commit}}"], cwd=ROOT, check=False).returncode == 0
    )
    if not known:
        print(f"baseline {base or '(none)'} is not in this clone's history: running every group")
        return all_groups
    diff = subprocess.run(
        ["git", "diff", "--name-only", base, "--"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    untracked = subprocess.run(
        ["git", "ls-files", "--others", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    files = set(diff.stdout.split()) | set(untracked.stdout.split())
    chosen = [
        g for g in all_groups if any(f == p or f.startswith(p.rstrip("/") + "/") for f in files for p in g.paths())
    ]
    print(f"changed since {base[:12]}: {', '.join(g.name for g in chosen) or 'no promise module'}")
    return chosen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--group", action="append", help="run only this group (repeatable)")
    parser.add_argument("--changed", action="store_true", help="only groups changed since tests/mutants/baseline")
    parser.add_argument("--record-baseline", action="store_true", help="after a full clean run, write HEAD to baseline")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()

    chosen = groups()
    if args.group:
        unknown = set(args.group) - {g.name for g in chosen}
        if unknown:
            sys.exit(f"no such group: {', '.join(sorted(unknown))}")
        chosen = [g for g in chosen if g.name in args.group]
    if args.changed:
        chosen = changed_groups(chosen)
    results, wall, cpu = [], 0.0, 0.0
    for group in chosen:
        outcomes, seconds, used = run_group(group, args.jobs)
        print(f"   {seconds:.0f} s wall, {used:.0f} s CPU", flush=True)
        results += [(group, outcome) for outcome in outcomes]
        wall, cpu = wall + seconds, cpu + used
    rows, problems = judge(results)
    print("\n".join(["", *rows, "", f"{len(chosen)} groups in {wall:.0f} s wall, {cpu:.0f} s CPU ({args.jobs} jobs)"]))
    WORK.mkdir(exist_ok=True)
    (WORK / "report.md").write_text("\n".join(rows) + "\n")
    if problems:
        print(f"\n{len(problems)} problems:\n")
        print("\n\n".join(problems))
        return 1
    if args.record_baseline:
        if args.group or args.changed:
            sys.exit("--record-baseline needs a run of every group")
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
        BASELINE.write_text(head.stdout.strip() + "\n")
        print(f"baseline: {head.stdout.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
