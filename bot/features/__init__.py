"""The features the bot offers, found by module name and ordered for the help card.

Each module here (except `types`) declares `FEATURE`; adding a capability needs no
registration beyond its own module.
"""

from __future__ import annotations

import importlib
import pkgutil

from bot.features.types import Feature
from dialogs.reminders import catalogue


def _discover() -> tuple[Feature, ...]:
    features = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "types" or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        features.append(module.FEATURE)
    return tuple(sorted(features, key=lambda f: (f.order, f.name)))


FEATURES: tuple[Feature, ...] = _discover()

# What the features declare for reminders, in force for every turn and job of this process.
catalogue.install(
    catalogue.ReminderCatalogue.of(
        rules=(rule for feature in FEATURES for rule in feature.reminder_rules),
        sections=(section for feature in FEATURES for section in feature.digest_sections),
    )
)
