"""Every model module, imported once so `Base.metadata` knows all tables.

Alembic's env.py and the tests use this. Model modules are found by name: every
`models` module of an aggregate package (storage/<aggregate>/models.py) and every
`*_models` module, so a new aggregate needs no registration.
"""

from __future__ import annotations

import importlib
import pkgutil

import storage
from storage.base import Base

MODEL_MODULES = tuple(
    importlib.import_module(info.name)
    for info in sorted(
        pkgutil.walk_packages(storage.__path__, prefix="storage."), key=lambda i: i.name
    )
    if not info.name.startswith("storage.migrations")
    and (info.name.endswith(".models") or info.name.endswith("_models"))
)
metadata = Base.metadata
