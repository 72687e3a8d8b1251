"""The questionnaire aggregate."""
