"""Surgical edits of hand-written documents (pure: text in, text out); files are written by the use cases."""
