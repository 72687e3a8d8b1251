"""The transactional outbox: queueing (features) and delivery (the dispatcher's side)."""
