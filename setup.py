"""Build hook: the wheel carries the top-level migrations/ and seeds/ inside the `api` package.

The repository keeps one copy of each at the top level, where Alembic and reviewers expect them; an
installed package finds them at api/migrations and api/seeds (api/paths.py). Everything else about
the package is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ("migrations", "seeds")


class BuildPyWithData(build_py):
    def run(self):
        super().run()
        if self.editable_mode:
            return  # an editable install reads them from the checkout
        for name in SHIPPED:
            shutil.copytree(
                name,
                Path(self.build_lib, "api", name),
                dirs_exist_ok=True,
                ignore=shutil.ignore_patterns("__pycache__", "*.py[co]"),
            )


setup(cmdclass={"build_py": BuildPyWithData})
