"""Strings for files users send the bot (minutes as .docx, .pdf, .txt, .md)."""
