"""Follow-up questionnaire flows."""
