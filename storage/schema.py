"""Every model module, imported once so `Base.metadata` knows all tables.

Alembic's env.py and the tests use this. Model modules are found by name: `models` and
every `*_models` module in this package, so a new aggregate needs no registration.
"""

from __future__ import annotations

import importlib
import pkgutil

import storage
from storage.models import Base

MODEL_MODULES = tuple(
    importlib.import_module(f"storage.{info.name}")
    for info in sorted(pkgutil.iter_modules(storage.__path__), key=lambda i: i.name)
    if info.name == "models" or info.name.endswith("_models")
)
metadata = Base.metadata
