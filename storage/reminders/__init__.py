"""Reminder settings per group and per person."""
