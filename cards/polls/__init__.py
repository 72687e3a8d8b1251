"""Date poll cards, payloads and strings."""
