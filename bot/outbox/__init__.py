"""Outbox delivery mechanics: leases, lanes, rate limits.

The rules of who gets what, and when, live in dialogs/ and storage/.
"""
