"""Warnings about proposed days that are no working days."""
