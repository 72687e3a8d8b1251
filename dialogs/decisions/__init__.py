"""The decision register's flows (beslutslogg)."""
