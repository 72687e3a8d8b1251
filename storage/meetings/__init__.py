"""The meeting and RSVP aggregate."""
