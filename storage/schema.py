"""Every model module, imported once so `Base.metadata` knows all tables.

Alembic's env.py and the tests use this; a new aggregate's models module is added here.
"""

from __future__ import annotations

from storage import models
from storage.models import Base

MODEL_MODULES = (models,)
metadata = Base.metadata
