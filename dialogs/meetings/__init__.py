"""Meeting and RSVP flows."""
