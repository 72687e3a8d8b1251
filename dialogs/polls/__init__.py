"""Date poll flows."""
