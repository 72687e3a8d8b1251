"""Directory flows: install, members, roles, roster import."""
