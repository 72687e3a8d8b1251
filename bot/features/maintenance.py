"""Maintenance: no commands, only the nightly retention purge."""

from __future__ import annotations

from bot.features.types import Feature, RecurringJob

FEATURE = Feature(
    name="maintenance",
    order=1000,
    jobs=(
        RecurringJob(
            job_id="retention-purge", path="dialogs.retention:purge_expired", cron="15 3 * * *"
        ),
    ),
)
