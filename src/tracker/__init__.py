"""tracker: evidence-gated execution tracking for Markdown and YAML trackers."""

__version__ = "0.1.0"
