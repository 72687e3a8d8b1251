"""The directory aggregate: conversations, groups, organisations, members, roles, guests."""
