"""Reminder flows: overview, settings, snooze, weekly digest."""
