"""The date poll aggregate."""
