"""Questionnaire cards, payloads and strings."""
