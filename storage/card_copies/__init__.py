"""Where each posted copy of an object's card is (storage/card_copies/models.py)."""
