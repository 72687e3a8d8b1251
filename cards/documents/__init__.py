"""Documents the bot writes for people to keep working on outside Teams: the minutes
draft (.docx) and the archival copy of the register (PDF/A). Pure: view data in, bytes
out; no database, no network."""
