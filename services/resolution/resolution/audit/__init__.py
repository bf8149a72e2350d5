"""The access audit: who read which case, evidence file or registry record."""
