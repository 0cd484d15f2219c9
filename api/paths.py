"""Where the service's files are, the same from a checkout and from an installed wheel."""

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def shipped(name: str) -> Path:
    """The top-level `migrations` or `seeds` folder: a wheel carries it inside the package (setup.py
    copies it there at build time); a checkout, and an editable install of it, keep it beside."""
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


def instance_path() -> str | None:
    """INSTANCE_PATH, absolute, for the default SQLite file; unset leaves Flask's choice, which for an
    installed package lies under the interpreter's prefix (often not writable in an image)."""
    value = os.environ.get("INSTANCE_PATH", "").strip()
    return os.path.abspath(value) if value else None
