"""The registry's use cases: the import of the portal's extract (imports), look-ups inside the
caller's unit and intake's facilities (registry), and the corrected record as events carry it
(events)."""
