"""Typed models of trackers: items, documents and the project (frozen dataclasses)."""

from tracker.model.status import Status
from tracker.model.item import Dependency, Item, Span
from tracker.model.document import Claim, Document, Note, Project, Section, Summary, Tally

__all__ = ["Claim", "Dependency", "Document", "Item", "Note", "Project", "Section", "Span", "Status", "Summary",
           "Tally"]
