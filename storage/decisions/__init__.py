"""The decision register aggregate."""
