"""`mutmut run` for modules whose functions run while the app is built (route decorators applied at
import, as in api/resources/blueprint.py).

mutmut records which tests reach a function while they run; a function that runs once, when the first
test builds the app, is credited to that test alone, and a forked mutant whose app modules were imported
before the fork never runs its mutated decorator at all. So these modules run with a fresh import in
every mutant (run.py sets `process_isolation = "forkserver"`, `forkserver_warmup = "none"`), and every
mutant of theirs runs every selected test.

    python mutation/built_at_import.py api.resources.blueprint. run --max-children 2
"""

import sys
from collections import defaultdict

import mutmut.__main__ as mutmut_cli
from mutmut.state import state

PREFIXES = tuple(sys.argv[1].split(","))  # mangled function names start with the module's dotted path
FIRST = "tests/test_openapi.py::test_committed_spec_matches_the_code"
collect_or_load_stats = mutmut_cli.collect_or_load_stats


class EveryTestFor(defaultdict):
    """tests_by_mangled_function_name, answering every test for the functions of these modules."""

    def get(self, key, default=None):
        return self[key] if key.startswith(PREFIXES) else super().get(key, default)

    def __getitem__(self, key):
        return every_test() if key.startswith(PREFIXES) else super().__getitem__(key)


def every_test() -> list[str]:
    """Every selected test, in the order they run (pytest runs node ids in the order given)."""
    durations = state().duration_by_test
    return sorted(durations, key=lambda test: (test != FIRST, durations[test]))


def collect_with_every_test(*args, **kwargs):
    collect_or_load_stats(*args, **kwargs)
    state().tests_by_mangled_function_name = EveryTestFor(set, state().tests_by_mangled_function_name)


# A module global of mutmut's `run` (private; mutmut is pinned below 3.9 for this and its record).
mutmut_cli.collect_or_load_stats = collect_with_every_test
sys.argv = ["mutmut", *sys.argv[2:]]
mutmut_cli.cli()
