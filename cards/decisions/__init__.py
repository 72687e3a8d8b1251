"""Decision register cards, payloads and strings."""
