"""Routing: the command table and the dispatch of commands, card actions and invokes to features."""
