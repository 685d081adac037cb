"""Reusable SafeLog widgets. Thread: GUI only."""
