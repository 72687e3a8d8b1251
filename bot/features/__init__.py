"""The features the bot offers, in help-card order."""

from __future__ import annotations

from bot.features import directory
from bot.features.types import Feature

FEATURES: tuple[Feature, ...] = (directory.FEATURE,)
