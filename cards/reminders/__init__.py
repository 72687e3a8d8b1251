"""Reminder cards and strings."""
