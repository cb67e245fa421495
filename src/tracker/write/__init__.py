"""Writing back into hand-written documents: atomic locked writes and surgical edits."""
