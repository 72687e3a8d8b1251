"""Meeting and RSVP cards and strings."""
