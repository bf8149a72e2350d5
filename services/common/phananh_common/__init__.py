"""Plumbing shared by every phananh process. It holds no service's data."""
