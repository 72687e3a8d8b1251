"""`python -m bot …`: the command line."""
