"""Directory cards and strings."""
